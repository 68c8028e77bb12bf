import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { setDisplaySink, type DisplayMessage } from '../../shared/core/notebook/display';
import { barChart } from '../../shared/core/viz/figures';
import type { PlotlyFigure } from '../../shared/core/viz/plotly-types';
import {
  figureBundle,
  loadPlotly,
  PLOTLY_MIME,
  plotlyLibraryHtml,
  resetPlotlySession,
  showFigure,
} from '../../shared/core/viz/plotly';
import { minifyPlotly, plotlyBundlePath } from '../../shared/core/viz/plotly-library';

const LIBRARY_MARKER = 'new DecompressionStream("gzip")';

/** The library the HTML carries, unpacked as the page does: base64, then gunzip. */
function embeddedLibrary(text: string): string {
  const packed = /var packed = "([A-Za-z0-9+/=]+)"/.exec(text);
  assert.ok(packed, 'the HTML carries the packed library');
  return zlib.gunzipSync(Buffer.from(packed[1], 'base64')).toString('utf8');
}

/** What a front end shows for an untrusted output: the HTML with its scripts removed, as text. */
function withoutScripts(text: string): string {
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };
  return text
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|amp);/g, (e) => entities[e])
    .trim();
}
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

  test('each bundle has HTML, plotly JSON and a text fallback that names the chart and says to trust the notebook', () => {
    showFigure(figure);
    const data = shown[0].data;
    assert.deepEqual(Object.keys(data).sort(), ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
    const json = data[PLOTLY_MIME] as PlotlyFigure;
    assert.deepEqual(json.data, figure.data);
    assert.equal(json.layout?.title?.text, 'Rates');
    assert.match(
      String(data['text/plain']),
      /^Plotly chart "Rates" \(1 trace: bar\)\. To draw it, trust the notebook: File > Trust Notebook, or `jupyter trust/,
    );
    assert.match(html(shown[0]), /<div id="plotly-[a-z0-9]+-1" class="stroke-plotly-chart"/);
    assert.match(html(shown[0]), /Plotly\.newPlot\(div, figure\.data/);
  });

  test("an untrusted front end, which strips the scripts, shows the chart's name and how to trust it", () => {
    showFigure(
      barChart({ title: 'Stroke rate by <work_type>', categories: ['a'], series: [{ name: 'n', values: [1] }] }),
    );
    const visible = withoutScripts(html(shown[0]));
    assert.match(
      visible,
      /^Plotly chart "Stroke rate by <work_type>" \(1 trace: bar\)\. To draw it, trust the notebook: File > Trust Notebook/,
    );
  });

  test('the figure data is stored once: in the plotly JSON, not in the HTML', () => {
    const marked = barChart({
      title: 'x',
      categories: ['only-in-the-data-7a1'],
      series: [{ name: 'n', values: [123456.789] }],
    });
    showFigure(marked);
    showFigure(marked);
    for (const message of shown) {
      assert.ok(JSON.stringify(message.data[PLOTLY_MIME]).includes('only-in-the-data-7a1'));
      assert.ok(
        !html(message).includes('only-in-the-data-7a1') && !html(message).includes('123456.789'),
        'the HTML repeats the figure',
      );
      assert.match(
        html(message),
        /<script type="application\/json" id="plotly-[a-z0-9]+-\d-figure" class="stroke-plotly-figure"><\/script>/,
      );
    }
  });

  test('plotly.js is embedded in the first chart of a session only, and once per page', () => {
    showFigure(figure);
    showFigure(figure);
    showFigure(figure);
    assert.ok(html(shown[0]).includes(LIBRARY_MARKER) && html(shown[0]).length > 1_000_000);
    assert.ok(!html(shown[1]).includes(LIBRARY_MARKER) && html(shown[1]).length < 10_000);
    assert.ok(!html(shown[2]).includes(LIBRARY_MARKER));
    assert.match(html(shown[0]), /if \(window\.Plotly\) return ready\(\);/);
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
    assert.match(
      String(shown[1].data['text/plain']),
      /^plotly\.js \d+\.\d+\.\d+ \(draws the charts in a trusted notebook\)$/,
    );
    assert.ok(!html(shown[2]).includes(LIBRARY_MARKER));
  });
});

describe('figureBundle', () => {
  test('the library is the installed plotly.js-dist bundle, minified and gzipped: under 2.5 MB inline', () => {
    const source = fs.readFileSync(require.resolve('plotly.js-dist/plotly.js'), 'utf8');
    assert.equal(plotlyBundlePath(), require.resolve('plotly.js-dist/plotly.js'));
    const page = plotlyLibraryHtml();
    const library = embeddedLibrary(page);
    assert.equal(library, minifyPlotly(source));
    assert.ok(library.length < source.length * 0.6, `minified: ${library.length} of ${source.length} bytes`);
    assert.ok(
      library.startsWith(source.slice(0, source.indexOf('*/') + 2)),
      "plotly's copyright and licence header is kept",
    );
    assert.ok(page.length < 2_500_000, `the library's HTML is ${page.length} bytes`);
  });

  test('text that would end the <script> element is escaped', () => {
    const nasty = barChart({
      title: '</script><script>alert(1)</script>',
      categories: ['<!--'],
      series: [{ name: 'x', values: [1] }],
    });
    const text = String(figureBundle(nasty, { divId: 'd', includeLibrary: false })['text/html']);
    assert.equal(
      text.match(/<\/script>/g)?.length,
      2,
      'only the closing tags of our own scripts (figure holder, drawing)',
    );
    assert.ok(!text.includes('<!--'));
    assert.equal(
      (figureBundle(nasty, { divId: 'd', includeLibrary: false })[PLOTLY_MIME] as PlotlyFigure).layout?.title?.text,
      '</script><script>alert(1)</script>',
    );
  });

  test('NaN becomes null in the JSON the front end receives', () => {
    const withGap: PlotlyFigure = { data: [{ type: 'scatter', x: [1, 2], y: [NaN, 3] }] };
    assert.deepEqual(
      (figureBundle(withGap, { divId: 'd', includeLibrary: false })[PLOTLY_MIME] as PlotlyFigure).data[0].y,
      [null, 3],
    );
  });

  test('bad figures are rejected with the trace named', () => {
    const options = { divId: 'd', includeLibrary: false };
    assert.throws(() => figureBundle({ data: [] }, options), /figure\.data must be a non-empty array/);
    assert.throws(
      () => figureBundle({ data: [{ type: 'bar', name: 'rates', x: [1, 2], y: [1] }] }, options),
      /figure\.data\[0\] \("rates"\) has 2 x values but 1 y values/,
    );
    assert.throws(
      () => figureBundle({ data: [{ type: 'heatmap', z: [[1, 2], [3]] }] }, options),
      /z row 1 has 1 values, expected 2/,
    );
  });
});
