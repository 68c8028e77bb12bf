import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { setDisplaySink, type DisplayMessage } from '../../shared/notebook/display';
import { barChart } from '../../shared/viz/figures';
import type { PlotlyFigure } from '../../shared/viz/plotly-types';
import { figureBundle, loadPlotly, PLOTLY_MIME, plotlyLibraryHtml, plotlyLibrarySource, resetPlotlySession, showFigure } from '../../shared/viz/plotly';

const LIBRARY_MARKER = 'window.Plotly = Plotly';
const figure = barChart({ title: 'Rates', categories: ['a', 'b'], series: [{ name: 'n', values: [1, 2] }] });

function html(message: DisplayMessage): string {
  return String(message.data['text/html']);
}

describe('showFigure bundles', () => {
  let shown: DisplayMessage[] = [];
  beforeEach(() => {
    shown = [];
    resetPlotlySession();
    setDisplaySink((message) => shown.push(message));
  });
  afterEach(() => setDisplaySink(undefined));

  test('each bundle has HTML, plotly JSON and a one-line text summary', () => {
    showFigure(figure);
    const data = shown[0].data;
    assert.deepEqual(Object.keys(data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
    const json = data[PLOTLY_MIME] as PlotlyFigure;
    assert.deepEqual(json.data, figure.data);
    assert.equal(json.layout?.title?.text, 'Rates');
    assert.equal(data['text/plain'], 'Plotly figure "Rates" - 1 trace: bar');
    assert.match(html(shown[0]), /<div id="plotly-[a-z0-9]+-1" class="stroke-plotly-chart"/);
    assert.match(html(shown[0]), /Plotly\.newPlot\(div, figure\.data/);
  });

  test('plotly.js is embedded in the first chart of a session only, and once per page', () => {
    showFigure(figure);
    showFigure(figure);
    showFigure(figure);
    const library = plotlyLibrarySource();
    assert.ok(library.length > 1_000_000, 'the installed plotly.js bundle');
    assert.ok(html(shown[0]).includes(LIBRARY_MARKER) && html(shown[0]).length > library.length);
    assert.ok(!html(shown[1]).includes(LIBRARY_MARKER) && html(shown[1]).length < 10_000);
    assert.ok(!html(shown[2]).includes(LIBRARY_MARKER));
    assert.match(html(shown[0]), /if \(!window\.Plotly\) \{/);
  });

  test('re-running a cell gives a fresh div id', () => {
    showFigure(figure);
    showFigure(figure);
    const ids = shown.map((m) => /<div id="([^"]+)"/.exec(html(m))?.[1]);
    assert.equal(new Set(ids).size, 2);
  });

  test('loadPlotly always emits the library and later charts do not repeat it', () => {
    showFigure(figure);
    loadPlotly();
    showFigure(figure);
    assert.ok(html(shown[1]).includes(LIBRARY_MARKER));
    assert.equal(shown[1].data['text/plain'], 'plotly.js loaded');
    assert.ok(!html(shown[2]).includes(LIBRARY_MARKER));
  });
});

describe('figureBundle', () => {
  test('the library is the installed plotly.js-dist file, inline', () => {
    const source = fs.readFileSync(require.resolve('plotly.js-dist/plotly.js'), 'utf8');
    assert.ok(plotlyLibraryHtml().includes(source));
  });

  test('text that would end the <script> element is escaped', () => {
    const nasty = barChart({ title: '</script><script>alert(1)</script>', categories: ['<!--'], series: [{ name: 'x', values: [1] }] });
    const text = String(figureBundle(nasty, { divId: 'd', includeLibrary: false })['text/html']);
    assert.equal(text.match(/<\/script>/g)?.length, 1, 'only the closing tag of our own script');
    assert.ok(!text.includes('<!--'));
    assert.equal((figureBundle(nasty, { divId: 'd', includeLibrary: false })[PLOTLY_MIME] as PlotlyFigure).layout?.title?.text, '</script><script>alert(1)</script>');
  });

  test('NaN becomes null in the JSON the front end receives', () => {
    const withGap: PlotlyFigure = { data: [{ type: 'scatter', x: [1, 2], y: [NaN, 3] }] };
    assert.deepEqual((figureBundle(withGap, { divId: 'd', includeLibrary: false })[PLOTLY_MIME] as PlotlyFigure).data[0].y, [null, 3]);
  });

  test('bad figures are rejected with the trace named', () => {
    const options = { divId: 'd', includeLibrary: false };
    assert.throws(() => figureBundle({ data: [] }, options), /figure\.data must be a non-empty array/);
    assert.throws(() => figureBundle({ data: [{ type: 'bar', name: 'rates', x: [1, 2], y: [1] }] }, options), /figure\.data\[0\] \("rates"\) has 2 x values but 1 y values/);
    assert.throws(() => figureBundle({ data: [{ type: 'heatmap', z: [[1, 2], [3]] }] }, options), /z row 1 has 1 values, expected 2/);
  });
});
