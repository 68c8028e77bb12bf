/**
 * Opens an HTML page (an nbconvert export) in headless Chromium with the network off and checks
 * that every plotly chart made by shared/core/viz/plotly drew SVG for each of its traces. Reused by
 * the integration test on the real notebooks' HTML (reports/html/*.html).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = process.env.STROKE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHART_SELECTOR = 'div.stroke-plotly-chart';

export interface ChartReport {
  id: string;
  traceTypes: string[];
  mainSvgs: number;
  traceGroups: number;
  barPaths: number;
  linePaths: number;
  markerPoints: number;
  heatmapImages: number;
  boxPaths: number;
  waitingText: string;
  /** plotly's resolved axis types, e.g. ['category', 'linear']. */
  axisTypes: string[];
  xTickLabels: string[];
  /** Axis and chart titles whose box reaches outside the chart's SVG (cut off on screen). */
  clippedTitles: string[];
  /** Titles outside the visible box of a scrolling ancestor (e.g. Jupyter Notebook's output scroll box). */
  titlesBelowScrollBox: string[];
}

export interface RenderReport {
  charts: ChartReport[];
  /** http(s)/other non-file requests the page tried (all aborted). */
  blockedRequests: string[];
  pageErrors: string[];
}

/** Why the browser check cannot run here, or false when it can. */
export function browserSkipReason(): string | false {
  if (!fs.existsSync(CHROMIUM_PATH))
    return `Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium or set STROKE_CHROMIUM)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'the npm package playwright-core is not installed';
  }
  return false;
}

// Runs in the page (as a string: the project compiles without DOM types).
const COLLECT_CHARTS = `Array.from(document.querySelectorAll(${JSON.stringify(CHART_SELECTOR)})).map(function (div) {
  function count(selector, keep) {
    var found = Array.from(div.querySelectorAll(selector));
    return keep ? found.filter(keep).length : found.length;
  }
  function drawnPath(p) { var d = p.getAttribute('d'); return !!d && d !== 'M0,0Z' && d.length > 4; }
  return {
    id: div.id,
    traceTypes: (div.data || []).map(function (t) { return t.type || 'scatter'; }),
    mainSvgs: count('svg.main-svg'),
    traceGroups: count('g.trace'),
    barPaths: count('.barlayer g.point path', drawnPath),
    linePaths: count('.scatterlayer path.js-line', drawnPath),
    markerPoints: count('.scatterlayer path.point'),
    heatmapImages: count('.heatmaplayer image'),
    boxPaths: count('.boxlayer path.box', drawnPath),
    waitingText: div.querySelector('svg') ? '' : (div.textContent || '').slice(0, 200),
    axisTypes: div._fullLayout ? [div._fullLayout.xaxis.type, div._fullLayout.yaxis.type] : [],
    xTickLabels: Array.from(div.querySelectorAll('.xtick text')).map(function (t) { return t.textContent; }),
    clippedTitles: (function () {
      var svg = div.querySelector('svg.main-svg');
      if (!svg) return [];
      var s = svg.getBoundingClientRect();
      return Array.from(div.querySelectorAll('.xtitle, .ytitle, .gtitle')).filter(function (e) {
        var b = e.getBoundingClientRect();
        return b.top < s.top - 0.5 || b.bottom > s.bottom + 0.5 || b.left < s.left - 0.5 || b.right > s.right + 0.5;
      }).map(function (e) { return e.textContent; });
    })(),
    titlesBelowScrollBox: (function () {
      var box = div.parentElement;
      while (box && !/(auto|scroll|hidden)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      if (!box) return [];
      var r = box.getBoundingClientRect();
      return Array.from(div.querySelectorAll('.xtitle, .ytitle, .gtitle')).filter(function (e) {
        var b = e.getBoundingClientRect();
        return b.bottom > r.bottom + 0.5 || b.top < r.top - 0.5;
      }).map(function (e) { return e.textContent; });
    })()
  };
})`;

/** The element counts that prove a trace of `type` was drawn. */
function drawnCountFor(type: string, chart: ChartReport): number {
  switch (type) {
    case 'bar':
    case 'histogram':
      return chart.barPaths;
    case 'heatmap':
      return chart.heatmapImages;
    case 'box':
      return chart.boxPaths;
    default:
      return chart.linePaths + chart.markerPoints;
  }
}

/** Loads `htmlPath` offline and returns what was drawn (no assertions). */
export interface InspectOptions {
  screenshotPath?: string;
  expectedCharts?: number;
  /** How long to wait for every chart to draw before reporting what is there. */
  renderTimeoutMs?: number;
  /** Page width in CSS pixels (1200 unless told). */
  width?: number;
}

export async function inspectCharts(htmlPath: string, options: InspectOptions = {}): Promise<RenderReport> {
  if (!fs.existsSync(htmlPath)) throw new Error(`inspectCharts: no HTML file at ${htmlPath}`);
  // Loaded lazily so merely importing this module never needs a browser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when called (needs a browser)
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1200, height: 900 },
  });
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      blockedRequests.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pathToFileURL(path.resolve(htmlPath)).href, { waitUntil: 'load', timeout: 120_000 });
    // Charts draw while the page parses; give slow machines time until each chart div holds a plot.
    const allDrawn = `(function () { var divs = Array.from(document.querySelectorAll(${JSON.stringify(CHART_SELECTOR)}));
      return divs.length >= ${options.expectedCharts ?? 1} && divs.every(function (d) { return !!d.querySelector('svg.main-svg'); }); })()`;
    await page
      .waitForFunction(allDrawn, undefined, { timeout: options.renderTimeoutMs ?? 30_000 })
      .catch(() => undefined);
    const charts = (await page.evaluate(COLLECT_CHARTS)) as ChartReport[];
    if (options.screenshotPath) {
      fs.mkdirSync(path.dirname(options.screenshotPath), { recursive: true });
      await page.screenshot({ path: options.screenshotPath, fullPage: true });
    }
    return { charts, blockedRequests, pageErrors };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Asserts the page holds exactly `expectedCharts` chart divs and each one drew SVG for every
 * trace type it holds (bars, lines, markers, heatmap image, boxes), with the network off.
 */
export async function assertChartsRendered(
  htmlPath: string,
  expectedCharts: number,
  options: Omit<InspectOptions, 'expectedCharts'> = {},
): Promise<RenderReport> {
  const report = await inspectCharts(htmlPath, { ...options, expectedCharts });
  const where = path.basename(htmlPath);
  assert.equal(
    report.charts.length,
    expectedCharts,
    `${where}: expected ${expectedCharts} chart divs, found ${report.charts.length}`,
  );
  for (const [index, chart] of report.charts.entries()) {
    const label = `${where}: chart ${index + 1} (${chart.id})`;
    assert.ok(
      chart.mainSvgs > 0,
      `${label} has no plotly SVG; it shows: "${chart.waitingText}"; page errors: ${report.pageErrors.join(' | ') || 'none'}`,
    );
    assert.ok(chart.traceTypes.length > 0, `${label} has no traces attached`);
    assert.ok(chart.traceGroups + chart.heatmapImages > 0, `${label} drew no trace groups`);
    for (const type of new Set(chart.traceTypes)) {
      assert.ok(drawnCountFor(type, chart) > 0, `${label}: its ${type} trace drew nothing (${JSON.stringify(chart)})`);
    }
  }
  const plotlyErrors = report.pageErrors.filter((message) => /plotly|newPlot/i.test(message));
  assert.deepEqual(plotlyErrors, [], `${where}: plotly raised errors in the page`);
  return report;
}
