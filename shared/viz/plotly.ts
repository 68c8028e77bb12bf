/**
 * Interactive plotly charts from tslab cells, offline. Each chart is displayed as a MIME bundle:
 *  - text/html: a <div> plus a <script> that calls Plotly.newPlot. It renders in the HTML that
 *    nbconvert writes (scripts run as the page is parsed) and in JupyterLab/Notebook, which run
 *    <script> tags of text/html outputs only for trusted outputs (fresh outputs are trusted; a
 *    reopened notebook is trusted once its outputs were signed or the user trusts it).
 *  - application/vnd.plotly.v1+json: the figure, for front ends with a native plotly renderer.
 *  - text/plain: a one-line summary for terminals and logs.
 *
 * plotly.js (the installed plotly.js-dist bundle, ~10 MB) is embedded inline, once per kernel
 * session: the first chart's HTML carries it, guarded so it is defined once per page. Every
 * chart script waits until window.Plotly exists and its div is attached, so it does not matter
 * in which order a front end renders outputs. If the output holding the library was cleared
 * (or a chart cell was re-run after a restart), call `loadPlotly()` in the notebook's first
 * chart cell: it always emits the library, and charts waiting on the page then draw.
 * An untrusted notebook in JupyterLab strips these scripts and offers a "Run" button per
 * output; charts run that way also draw as soon as the library output is run.
 *
 * In a notebook:
 *   import { loadPlotly, showFigure } from './shared/viz/plotly';
 *   import { barChart } from './shared/viz/figures';
 *   loadPlotly();   // optional, in the first chart cell: keeps charts working after edits
 *   showFigure(barChart({ categories: ['F', 'M'], series: [{ name: 'patients', values: [2994, 2115] }] }));
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayBundle, escapeHtml, type MimeBundle } from '../notebook/display';
import { projectRoot } from '../project/paths';
import type { PlotlyFigure } from './plotly-types';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
/** Window event the library loader fires; waiting charts draw on it without polling. */
const READY_EVENT = 'stroke-plotly-ready';
const DEFAULT_HEIGHT = 450;

let librarySource: string | undefined;
let librarySentThisSession = false;
let chartCounter = 0;
// Distinguishes divs of different kernel sessions that end up in one saved notebook page.
const sessionToken = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function plotlyLibraryPath(): string {
  try {
    return require.resolve('plotly.js-dist/plotly.js');
  } catch {
    return path.join(projectRoot, 'node_modules', 'plotly.js-dist', 'plotly.js');
  }
}

/** The plotly.js bundle's source, read once. */
export function plotlyLibrarySource(): string {
  if (librarySource !== undefined) return librarySource;
  const file = plotlyLibraryPath();
  if (!fs.existsSync(file)) throw new Error(`plotly.js not found at ${file}: the npm package plotly.js-dist must be installed`);
  librarySource = fs.readFileSync(file, 'utf8');
  return librarySource;
}

/** Text safe inside an inline <script> element (the HTML parser ends it at "</script"). */
function scriptSafe(javascript: string): string {
  return javascript.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * <script> defining window.Plotly unless the page already has it. `module`, `exports` and
 * `define` are shadowed so a CommonJS/AMD loader on the page (nbconvert's template loads
 * require.js when online) cannot capture the library instead of window.Plotly.
 */
export function plotlyLibraryHtml(): string {
  return [
    '<script type="text/javascript">',
    'window.PlotlyConfig = window.PlotlyConfig || { MathJaxConfig: "local" };',
    'if (!window.Plotly) {',
    '(function (module, exports, define) {',
    scriptSafe(plotlyLibrarySource()),
    '}).call(window);',
    '}',
    `window.dispatchEvent(new Event(${JSON.stringify(READY_EVENT)}));`,
    '</script>',
  ].join('\n');
}

function chartScript(divId: string, figure: PlotlyFigure): string {
  const waitingText = 'Waiting for plotly.js... if this stays, run loadPlotly() from shared/viz/plotly in this notebook.';
  return `(function () {
  var id = ${JSON.stringify(divId)};
  var script = document.currentScript;
  var sibling = script && script.previousElementSibling;
  var div = sibling && sibling.id === id ? sibling : document.getElementById(id);
  if (!div) return;
  var figure = ${jsonForScript(figure)};
  var tries = 0;
  var drawn = false;
  function draw() {
    if (drawn) return;
    if (window.Plotly && div.isConnected) {
      drawn = true;
      div.textContent = "";
      window.Plotly.newPlot(div, figure.data, figure.layout || {}, figure.config || {});
      return;
    }
    tries += 1;
    if (tries === 20 && !window.Plotly) div.textContent = ${JSON.stringify(waitingText)};
    if (tries < 4000) setTimeout(draw, tries < 100 ? 100 : 1000);
  }
  window.addEventListener(${JSON.stringify(READY_EVENT)}, draw);
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
    if (trace.x && trace.y && trace.type !== 'heatmap' && trace.type !== 'histogram' && trace.type !== 'box' && trace.x.length !== trace.y.length) {
      throw new Error(`showFigure: ${label} has ${trace.x.length} x values but ${trace.y.length} y values`);
    }
    if (trace.type === 'heatmap') {
      if (!trace.z || trace.z.length === 0) throw new Error(`showFigure: ${label} is a heatmap without z values`);
      const width = trace.z[0].length;
      trace.z.forEach((row, r) => {
        if (row.length !== width) throw new Error(`showFigure: ${label} z row ${r} has ${row.length} values, expected ${width}`);
      });
    }
  });
}

/** One line describing the figure, e.g. `Plotly figure "Age" - 2 traces: histogram, scatter`. */
export function figureSummary(figure: PlotlyFigure): string {
  const title = figure.layout?.title?.text;
  const types = figure.data.map((trace) => trace.type).join(', ');
  const count = figure.data.length;
  return `Plotly figure${title ? ` "${title}"` : ''} - ${count} trace${count === 1 ? '' : 's'}: ${types}`;
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
  const height = withDefaults.layout?.height ?? DEFAULT_HEIGHT;
  const html = [
    options.includeLibrary ? plotlyLibraryHtml() : '',
    `<div id="${escapeHtml(options.divId)}" class="stroke-plotly-chart" style="width:100%;height:${height}px;"></div>`,
    `<script type="text/javascript">${scriptSafe(chartScript(options.divId, withDefaults))}</script>`,
  ].join('\n');
  return { 'text/html': html, [PLOTLY_MIME]: withDefaults, 'text/plain': figureSummary(figure) };
}

/** Displays `figure` as an interactive chart; the first chart of a session carries plotly.js. */
export function showFigure(figure: PlotlyFigure): void {
  chartCounter += 1;
  const bundle = figureBundle(figure, { divId: `plotly-${sessionToken}-${chartCounter}`, includeLibrary: !librarySentThisSession });
  displayBundle(bundle);
  librarySentThisSession = true;
}

/**
 * Emits plotly.js into the notebook now, even if this session already did. Put it in the
 * notebook's first chart cell so the library survives re-running or clearing other cells.
 */
export function loadPlotly(): void {
  displayBundle({ 'text/html': plotlyLibraryHtml(), 'text/plain': 'plotly.js loaded' });
  librarySentThisSession = true;
}

/** Forgets that plotly.js was sent (tests; a new kernel session starts this way). */
export function resetPlotlySession(): void {
  librarySentThisSession = false;
  chartCounter = 0;
}
