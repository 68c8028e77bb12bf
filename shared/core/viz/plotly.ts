/**
 * Interactive plotly charts from tslab cells, offline. Each chart is displayed as a MIME bundle
 * that holds the figure data once:
 *  - application/vnd.plotly.v1+json: the figure. JupyterLab with the plotly extension draws it
 *    natively, also in a notebook that is not trusted.
 *  - text/html: a placeholder <div> saying what the chart is and that the notebook must be
 *    trusted to draw it, an empty figure holder and a <script> that draws the figure into the div.
 *    The script finds the figure in the holder, which the HTML export fills from the plotly JSON
 *    (scripts/nbconvert/html_config.py), or in the live notebook's output model (Jupyter
 *    Notebook 6 / NbClassic). Front ends run the script only for trusted outputs (fresh outputs
 *    are; a reopened notebook once the user trusts it); an untrusted one shows the div's text.
 *  - text/plain: the chart's name and the same advice, for front ends that show only text.
 *
 * plotly.js (minified and gzipped, see ./plotly-library) is embedded inline once per kernel
 * session: the first chart's HTML carries it, guarded so it is defined once per page. Every
 * chart script waits until window.Plotly exists and its div is attached, so it does not matter
 * in which order a front end renders outputs. If the output holding the library was cleared
 * (or a chart cell was re-run after a restart), call `loadPlotly()` in the notebook's first
 * chart cell: it always emits the library, and charts waiting on the page then draw.
 *
 * In a notebook:
 *   import { loadPlotly, showFigure } from './shared/viz/plotly';
 *   import { barChart } from './shared/viz/figures';
 *   loadPlotly();   // optional, in the first chart cell: keeps charts working after edits
 *   showFigure(barChart({ categories: ['F', 'M'], series: [{ name: 'patients', values: [2994, 2115] }] }));
 */
import * as path from 'node:path';
import { displayBundle, escapeHtml, type MimeBundle } from '../notebook/display';
import { projectRoot } from '../project/paths';
import { packedPlotly } from './plotly-library';
import type { PlotlyFigure } from './plotly-types';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
/** Window event the library loader fires; waiting charts draw on it without polling. */
const READY_EVENT = 'stroke-plotly-ready';
const DEFAULT_HEIGHT = 450;
/**
 * Class of the empty <script type="application/json"> each chart's HTML carries for its figure;
 * scripts/nbconvert/html_config.py fills it when exporting HTML (keep the two in step).
 */
const FIGURE_HOLDER_CLASS = 'stroke-plotly-figure';
/** nbconvert config that fills the figure holders: pass as `--config` to every HTML export. */
export const HTML_EXPORT_CONFIG = path.join(projectRoot, 'scripts', 'nbconvert', 'html_config.py');
const TRUST_ADVICE =
  'To draw it, trust the notebook: File > Trust Notebook, or `jupyter trust <notebook>.ipynb`, then reopen it.';

let librarySentThisSession = false;
let chartCounter = 0;
// Distinguishes divs of different kernel sessions that end up in one saved notebook page.
const sessionToken = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** Text safe inside an inline <script> element (the HTML parser ends it at "</script"). */
function scriptSafe(javascript: string): string {
  return javascript.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * <script> defining window.Plotly unless the page already has it, from the gzipped library
 * inline (base64). `module`, `exports` and `define` are shadowed so a CommonJS/AMD loader on the
 * page (nbconvert's template loads require.js) cannot capture the library instead of window.Plotly.
 */
export function plotlyLibraryHtml(): string {
  const library = packedPlotly();
  return `<script type="text/javascript">
window.PlotlyConfig = window.PlotlyConfig || { MathJaxConfig: "local" };
(function () {
  function ready() { window.dispatchEvent(new Event(${JSON.stringify(READY_EVENT)})); }
  if (window.Plotly) return ready();
  if (window.strokePlotlyLoading) return;
  if (typeof DecompressionStream !== "function") {
    window.strokePlotlyError = "this browser cannot unpack plotly.js (it needs DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 or later)";
    return ready();
  }
  window.strokePlotlyLoading = true;
  // plotly.js ${library.version}, minified and gzipped (shared/core/viz/plotly-library.ts)
  var packed = "${library.gzip.toString('base64')}";
  var binary = atob(packed);
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text().then(function (source) {
    if (!window.Plotly) new Function("module", "exports", "define", source).call(window);
    window.strokePlotlyLoading = false;
    ready();
  }).catch(function (error) {
    window.strokePlotlyLoading = false;
    window.strokePlotlyError = "plotly.js could not be unpacked: " + error;
    ready();
  });
})();
</script>`;
}

/** The chart's name as the fallback texts give it: its title, else what it plots. */
function figureName(figure: PlotlyFigure): string {
  const title = figure.layout?.title?.text;
  if (title) return `"${title}"`;
  const names = figure.data.map((trace) => trace.name).filter((name): name is string => !!name);
  return names.length > 0 ? `of ${names.join(', ')}` : `(${figure.data.map((trace) => trace.type).join(', ')})`;
}

/** What shows where the chart is not drawn: the chart's name and how to get it drawn. */
function fallbackText(figure: PlotlyFigure): string {
  const count = figure.data.length;
  const types = [...new Set(figure.data.map((trace) => trace.type))].join(', ');
  return `Plotly chart ${figureName(figure)} (${count} trace${count === 1 ? '' : 's'}: ${types}). ${TRUST_ADVICE}`;
}

function chartScript(divId: string, height: number): string {
  const waitingText =
    'Waiting for plotly.js... if this stays, run loadPlotly() from shared/core/viz/plotly in this notebook.';
  const noFigureText =
    `This front end does not pass the figure (${PLOTLY_MIME}) to the page: open the notebook in Jupyter ` +
    'Notebook, in JupyterLab with the plotly extension, or as HTML (npm run pipeline writes reports/html).';
  return `(function () {
  var id = ${jsonForScript(divId)};
  // The div may not be attached yet (a front end rendering off-document): find it from the script.
  var script = document.currentScript;
  var sibling = script && script.previousElementSibling;
  var holder = sibling && sibling.id === id + "-figure" ? sibling : document.getElementById(id + "-figure");
  var before = holder && holder.previousElementSibling;
  var div = before && before.id === id ? before : document.getElementById(id);
  if (!div) return;
  var mime = ${JSON.stringify(PLOTLY_MIME)};
  var figure = null;
  function fromPage() {
    return holder && holder.textContent.trim() ? JSON.parse(holder.textContent) : null;
  }
  function fromNotebook() {
    var notebook = window.Jupyter && window.Jupyter.notebook;
    var cells = notebook && notebook.get_cells ? notebook.get_cells() : [];
    for (var c = 0; c < cells.length; c++) {
      var outputs = (cells[c].output_area && cells[c].output_area.outputs) || [];
      for (var o = 0; o < outputs.length; o++) {
        var data = outputs[o].data || {};
        var html = data["text/html"];
        if (data[mime] && String(Array.isArray(html) ? html.join("") : html).indexOf(id) >= 0) return data[mime];
      }
    }
    return null;
  }
  // Jupyter Notebook 6 puts an output taller than 100 lines in a 24em scroll box, lower than a
  // chart, so a chart's x axis and its title end up cut off below the box: keep a chart's output
  // area unscrolled, as clicking its prompt does.
  function keepUnscrolled() {
    var notebook = window.Jupyter && window.Jupyter.notebook;
    var cells = notebook && notebook.get_cells ? notebook.get_cells() : [];
    for (var c = 0; c < cells.length; c++) {
      var area = cells[c].output_area;
      var element = area && area.element && area.element[0];
      if (element && element.contains(div)) {
        area.scroll_state = false;
        if (area.scrolled && area.unscroll_area) area.unscroll_area();
        return;
      }
    }
  }
  var tries = 0;
  var drawn = false;
  function draw() {
    if (drawn) return;
    figure = figure || fromPage() || fromNotebook();
    if (window.Plotly && figure && div.isConnected) {
      drawn = true;
      div.textContent = "";
      div.style.height = ${height} + "px";
      window.Plotly.newPlot(div, figure.data, figure.layout || {}, figure.config || {});
      keepUnscrolled();
      return;
    }
    tries += 1;
    if (tries === 20 || window.strokePlotlyError) {
      div.textContent = window.strokePlotlyError || (!window.Plotly ? ${JSON.stringify(waitingText)} : ${JSON.stringify(noFigureText)});
    }
    if (tries < 4000 && !window.strokePlotlyError) setTimeout(draw, tries < 100 ? 100 : 1000);
  }
  window.addEventListener(${JSON.stringify(READY_EVENT)}, draw);
  div.textContent = "Drawing the chart...";
  draw();
})();`;
}

function checkFigure(figure: PlotlyFigure): void {
  if (!figure || !Array.isArray(figure.data) || figure.data.length === 0) {
    throw new Error('showFigure: figure.data must be a non-empty array of traces');
  }
  figure.data.forEach((trace, i) => {
    const label = `figure.data[${i}]${trace.name ? ` ("${trace.name}")` : ''}`;
    if (!trace || typeof trace.type !== 'string') throw new Error(`showFigure: ${label} has no "type"`);
    if (
      trace.x &&
      trace.y &&
      trace.type !== 'heatmap' &&
      trace.type !== 'histogram' &&
      trace.type !== 'box' &&
      trace.x.length !== trace.y.length
    ) {
      throw new Error(`showFigure: ${label} has ${trace.x.length} x values but ${trace.y.length} y values`);
    }
    if (trace.type === 'heatmap') {
      if (!trace.z || trace.z.length === 0) throw new Error(`showFigure: ${label} is a heatmap without z values`);
      const width = trace.z[0].length;
      trace.z.forEach((row, r) => {
        if (row.length !== width)
          throw new Error(`showFigure: ${label} z row ${r} has ${row.length} values, expected ${width}`);
      });
    }
  });
}

export interface FigureBundleOptions {
  divId: string;
  includeLibrary: boolean;
}

/** The MIME bundle for one chart (pure: `showFigure` adds the session bookkeeping). */
export function figureBundle(figure: PlotlyFigure, options: FigureBundleOptions): MimeBundle {
  checkFigure(figure);
  // Plain JSON: typed arrays or class instances would not survive the trip to the front end.
  const plain = JSON.parse(JSON.stringify(figure)) as PlotlyFigure;
  const withDefaults: PlotlyFigure = {
    data: plain.data,
    layout: { height: DEFAULT_HEIGHT, ...plain.layout },
    config: { responsive: true, displaylogo: false, ...plain.config },
  };
  const fallback = fallbackText(withDefaults);
  const id = escapeHtml(options.divId);
  const html = [
    options.includeLibrary ? plotlyLibraryHtml() : '',
    `<div id="${id}" class="stroke-plotly-chart" style="width:100%;">${escapeHtml(fallback)}</div>`,
    `<script type="application/json" id="${id}-figure" class="${FIGURE_HOLDER_CLASS}"></script>`,
    `<script type="text/javascript">${scriptSafe(chartScript(options.divId, withDefaults.layout?.height ?? DEFAULT_HEIGHT))}</script>`,
  ].join('\n');
  return { 'text/html': html, [PLOTLY_MIME]: withDefaults, 'text/plain': fallback };
}

/** Displays `figure` as an interactive chart; the first chart of a session carries plotly.js. */
export function showFigure(figure: PlotlyFigure): void {
  chartCounter += 1;
  const bundle = figureBundle(figure, {
    divId: `plotly-${sessionToken}-${chartCounter}`,
    includeLibrary: !librarySentThisSession,
  });
  displayBundle(bundle);
  librarySentThisSession = true;
}

/**
 * Emits plotly.js into the notebook now, even if this session already did. Put it in the
 * notebook's first chart cell so the library survives re-running or clearing other cells.
 */
export function loadPlotly(): void {
  displayBundle({
    'text/html': plotlyLibraryHtml(),
    'text/plain': `plotly.js ${packedPlotly().version} (draws the charts in a trusted notebook)`,
  });
  librarySentThisSession = true;
}

/** Forgets that plotly.js was sent (tests; a new kernel session starts this way). */
export function resetPlotlySession(): void {
  librarySentThisSession = false;
  chartCounter = 0;
}
