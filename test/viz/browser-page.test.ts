/**
 * Browser behaviour of the chart HTML itself, without Jupyter: pages assembled from
 * figureBundle outputs in the orders a front end may show them, checked in offline Chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { barChart, lineChart } from '../../shared/viz/figures';
import { figureBundle, plotlyLibraryHtml } from '../../shared/viz/plotly';
import { assertChartsRendered, browserSkipReason, inspectCharts } from './browser';

const bar = barChart({ categories: ['a', 'b'], series: [{ name: 'n', values: [3, 5] }] });
const line = lineChart({ series: [{ name: 'curve', x: [0, 1, 2], y: [1, 4, 9] }], markers: true });

function chartHtml(id: string, includeLibrary: boolean, figure = bar): string {
  return String(figureBundle(figure, { divId: id, includeLibrary })['text/html']);
}

function withPage(body: string, check: (file: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-page-'));
  const file = path.join(dir, 'page.html');
  fs.writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
  return check(file).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

describe('chart HTML in offline Chromium', { skip: browserSkipReason() }, () => {
  test('the library from the first chart serves later charts, even with CommonJS/AMD globals on the page', () =>
    withPage(
      // A page-level `module`/`define` (as require.js provides) must not swallow plotly.js.
      `<script>var module = { exports: {} }; var exports = module.exports; function define() {} define.amd = {};</script>
       ${chartHtml('first', true)}${chartHtml('second', false, line)}`,
      async (file) => {
        const report = await assertChartsRendered(file, 2);
        assert.deepEqual(report.charts.map((c) => c.id), ['first', 'second']);
        assert.ok(report.charts[1].linePaths > 0 && report.charts[1].markerPoints === 3);
      },
    ));

  test('a chart shown before the library waits and draws once loadPlotly output arrives', () =>
    withPage(`${chartHtml('early', false)}${plotlyLibraryHtml()}`, async (file) => {
      await assertChartsRendered(file, 1);
    }));

  test('without the library the chart says how to fix it and the check fails', () =>
    withPage(chartHtml('orphan', false), async (file) => {
      const report = await inspectCharts(file, { expectedCharts: 1, renderTimeoutMs: 3000 });
      assert.equal(report.charts[0].mainSvgs, 0);
      assert.match(report.charts[0].waitingText, /loadPlotly\(\)/);
      await assert.rejects(assertChartsRendered(file, 1, { renderTimeoutMs: 1000 }), /has no plotly SVG/);
    }));

  test('http requests are refused and counted, and a wrong chart count fails', () =>
    withPage(`<script src="https://cdn.example.invalid/lib.js"></script><img src="http://example.invalid/x.png">${chartHtml('only', true)}`, async (file) => {
      const report = await assertChartsRendered(file, 1);
      assert.deepEqual(report.blockedRequests.sort(), ['http://example.invalid/x.png', 'https://cdn.example.invalid/lib.js']);
      await assert.rejects(assertChartsRendered(file, 2, { renderTimeoutMs: 1000 }), /expected 2 chart divs, found 1/);
    }));
});
