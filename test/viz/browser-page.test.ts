/**
 * Browser behaviour of the chart HTML itself, without Jupyter: pages assembled from
 * figureBundle outputs in the orders a front end may show them, checked in offline Chromium.
 * The figure data is not in the HTML: these pages hold the outputs in an output model shaped
 * like Jupyter Notebook 6's (window.Jupyter.notebook), where the live classic notebook keeps
 * them. The nbconvert export path is covered by browser.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { barChart, errorBarChart, histogramWithKde, lineChart } from '../../shared/core/viz/figures';
import { shapBeeswarm, shapWaterfall } from '../../shared/ml/shap/shap-charts';
import { figureBundle, plotlyLibraryHtml, type FigureBundleOptions } from '../../shared/core/viz/plotly';
import type { MimeBundle } from '../../shared/core/notebook/display';
import { assertChartsRendered, browserSkipReason, inspectCharts } from './browser';

const bar = barChart({ categories: ['a', 'b'], series: [{ name: 'n', values: [3, 5] }] });
const line = lineChart({ series: [{ name: 'curve', x: [0, 1, 2], y: [1, 4, 9] }], markers: true });

const bundles: MimeBundle[] = [];

function chartHtml(id: string, includeLibrary: boolean, figure = bar): string {
  const options: FigureBundleOptions = { divId: id, includeLibrary };
  const bundle = figureBundle(figure, options);
  bundles.push(bundle);
  return String(bundle['text/html']);
}

/** The outputs as the classic notebook's model holds them: cells with output_area.outputs[].data. */
function notebookModel(): string {
  const outputs = bundles.map((data) => ({ output_type: 'display_data', data, metadata: {} }));
  return `<script>window.Jupyter = { notebook: { get_cells: function () { return [{ output_area: { outputs: ${JSON.stringify(outputs).replace(/</g, '\\u003c')} } }]; } } };</script>`;
}

function withPage(
  body: string,
  check: (file: string) => Promise<void>,
  options: { model: boolean } = { model: true },
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-page-'));
  const file = path.join(dir, 'page.html');
  const model = options.model ? notebookModel() : '';
  bundles.length = 0;
  fs.writeFileSync(file, `<!DOCTYPE html><html><head><meta charset="utf-8">${model}</head><body>${body}</body></html>`);
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
        assert.deepEqual(
          report.charts.map((c) => c.id),
          ['first', 'second'],
        );
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

  test('where the page cannot reach the figure (JupyterLab without the plotly extension) the chart says where it draws', () =>
    withPage(
      chartHtml('unreachable', true),
      async (file) => {
        const report = await inspectCharts(file, { expectedCharts: 1, renderTimeoutMs: 12_000 });
        assert.equal(report.charts[0].mainSvgs, 0);
        assert.match(
          report.charts[0].waitingText,
          /does not pass the figure \(application\/vnd\.plotly\.v1\+json\).*JupyterLab with the plotly extension/,
        );
      },
      { model: false },
    ));

  test('0/1 categories get ticks 0 and 1 only, and no axis title is cut, in a narrow output', () => {
    const names = ['age', 'avg_glucose_level', 'bmi', 'hypertension', 'heart_disease', 'smoking_status_never smoked'];
    const rows = 40;
    const shap = Float64Array.from({ length: rows * (names.length + 1) }, (_, i) => Math.sin(i) / 3);
    const values = Float64Array.from({ length: rows * names.length }, (_, i) => Math.cos(i));
    const charts = [
      barChart({
        title: 'hypertension',
        categories: [0, 1],
        series: [{ name: 'patients', values: [4612, 498] }],
        yTitle: 'patients',
        height: 320,
      }),
      errorBarChart({
        title: 'Stroke rate by heart_disease',
        categories: [0, 1],
        yTitle: 'stroke rate (95% Wilson CI)',
        height: 340,
        intervals: [
          { rate: 0.04, lower: 0.035, upper: 0.046 },
          { rate: 0.17, lower: 0.13, upper: 0.22 },
        ],
      }),
      histogramWithKde({
        title: 'avg_glucose_level: distribution by outcome',
        xTitle: 'avg_glucose_level',
        height: 340,
        series: [
          { name: 'no stroke', values: [80, 90, 100, 210] },
          { name: 'stroke', values: [95, 220, 230] },
        ],
      }),
      barChart({
        title: 'Mean |SHAP| on the test set',
        horizontal: true,
        height: 520,
        categories: names,
        series: [{ name: 'mean |SHAP|', values: [1, 2, 3, 4, 5, 6] }],
      }),
      shapBeeswarm(shap, values, rows, names.length, names, { top: 6, seed: 1 }),
      shapWaterfall(shap.subarray(0, names.length + 1), names, {
        top: 4,
        title: 'Test patient 12: risk score 0.912, stroke 1',
      }),
    ];
    return withPage(charts.map((figure, i) => chartHtml(`c${i}`, i === 0, figure)).join('\n'), async (file) => {
      const report = await assertChartsRendered(file, charts.length, { width: 520 });
      for (const i of [0, 1]) {
        assert.equal(report.charts[i].axisTypes[0], 'category', `chart ${i + 1}: the 0/1 axis`);
        assert.deepEqual(report.charts[i].xTickLabels, ['0', '1'], `chart ${i + 1}: ticks`);
      }
      assert.deepEqual(
        report.charts.map((c) => c.clippedTitles),
        charts.map(() => []),
        'titles cut at the chart edge',
      );
    });
  });

  test("a chart in Jupyter Notebook's scroll box for tall outputs turns the box off, so its axis titles are not cut below it", () => {
    const figure = barChart({
      title: 'Mean |SHAP| on the test set',
      horizontal: true,
      height: 520,
      xTitle: 'mean |SHAP| (log-odds)',
      categories: ['age', 'hypertension', 'bmi'],
      series: [{ name: 's', values: [1, 0.3, 0.1] }],
    });
    const html = chartHtml('tall', true, figure);
    const outputs = JSON.stringify([{ output_type: 'display_data', data: bundles[0], metadata: {} }]).replace(
      /</g,
      '\\u003c',
    );
    // Notebook 6's OutputArea as its outputarea.js defines it: an output taller than 100 lines gets
    // the class output_scroll (24em high, overflow auto) unless its scroll_state is false.
    const page = `<style>.output_scroll { height: 24em; overflow: auto; }</style>
      <div id="area" class="output_scroll">${html}</div>
      <script>var area = { element: [document.getElementById('area')], scrolled: true, scroll_state: 'auto', outputs: ${outputs},
        unscroll_area: function () { this.element[0].classList.remove('output_scroll'); this.scrolled = false; } };
      window.Jupyter = { notebook: { get_cells: function () { return [{ output_area: area }]; } } };</script>`;
    return withPage(
      page,
      async (file) => {
        const report = await assertChartsRendered(file, 1);
        assert.deepEqual(report.charts[0].titlesBelowScrollBox, [], 'no title below the scroll box');
        assert.deepEqual(report.charts[0].clippedTitles, []);
      },
      { model: false },
    );
  });

  test('http requests are refused and counted, and a wrong chart count fails', () =>
    withPage(
      `<script src="https://cdn.example.invalid/lib.js"></script><img src="http://example.invalid/x.png">${chartHtml('only', true)}`,
      async (file) => {
        const report = await assertChartsRendered(file, 1);
        assert.deepEqual(report.blockedRequests.sort(), [
          'http://example.invalid/x.png',
          'https://cdn.example.invalid/lib.js',
        ]);
        await assert.rejects(
          assertChartsRendered(file, 2, { renderTimeoutMs: 1000 }),
          /expected 2 chart divs, found 1/,
        );
      },
    ));
});
