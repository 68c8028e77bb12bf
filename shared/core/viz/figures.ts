/**
 * Typed builders for the charts the notebooks draw. Each returns a plain PlotlyFigure (pass it
 * to showFigure); none displays anything, so they are testable and composable.
 */
import { kdeCurve } from './kde';
import type { PlotlyDatum, PlotlyFigure, PlotlyLayout, PlotlyTitle, PlotlyTrace } from './plotly-types';

export interface AxisTitles {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  height?: number;
}

/**
 * An axis title that its axis's automargin makes room for. Without a standoff plotly does not
 * count the title when it grows the margins: it squeezes the title into the margin left over,
 * flush against the chart's edge, where the front end's scroll box or a larger font cuts it.
 */
export function axisTitle(text: string): PlotlyTitle {
  return { text, standoff: 12 };
}

function baseLayout(titles: AxisTitles): Partial<PlotlyLayout> {
  const layout: Partial<PlotlyLayout> = { margin: { t: titles.title ? 50 : 20, l: 60, r: 20, b: 50 } };
  if (titles.title) layout.title = { text: titles.title };
  layout.xaxis = { automargin: true, ...(titles.xTitle ? { title: axisTitle(titles.xTitle) } : {}) };
  layout.yaxis = { automargin: true, ...(titles.yTitle ? { title: axisTitle(titles.yTitle) } : {}) };
  if (titles.height) layout.height = titles.height;
  return layout;
}

/**
 * Draws the axis of `categories` as categories: plotly would put 0/1 values (hypertension,
 * stroke) on a numeric axis with ticks at -0.5, 0.5, 1.5 and bars of width 0.8.
 */
function categoryAxis(layout: Partial<PlotlyLayout>, axis: 'xaxis' | 'yaxis'): void {
  layout[axis] = { ...layout[axis], type: 'category' };
}

/** Copies `values` into a plain array, rejecting anything that is not a finite number. */
function finiteNumbers(values: ArrayLike<number>, what: string): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`${what}[${i}] is ${String(value)}, expected a finite number`);
    out[i] = value;
  }
  return out;
}

function requireSameLength(length: number, expected: number, what: string, against: string): void {
  if (length !== expected) throw new Error(`${what} has ${length} values but ${against} has ${expected}`);
}

function requireNonEmpty(items: ArrayLike<unknown>, what: string): void {
  if (items.length === 0) throw new Error(`${what} is empty: nothing to draw`);
}

/** plotly's default colorway, so a histogram and its KDE line can share a colour. */
const DEFAULT_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export interface NamedValues {
  name: string;
  values: ArrayLike<number>;
  color?: string;
}

export interface BarChartOptions extends AxisTitles {
  categories: PlotlyDatum[];
  series: NamedValues[];
  stacked?: boolean;
  horizontal?: boolean;
  /** d3 format for the value printed on each bar, e.g. ".1%"; omit for no labels. */
  valueFormat?: string;
}

export function barChart(options: BarChartOptions): PlotlyFigure {
  requireNonEmpty(options.series, 'barChart: series');
  const data: PlotlyTrace[] = options.series.map((series) => {
    const values = finiteNumbers(series.values, `barChart: series "${series.name}" values`);
    requireSameLength(values.length, options.categories.length, `barChart: series "${series.name}"`, 'categories');
    const trace: PlotlyTrace = options.horizontal
      ? { type: 'bar', name: series.name, orientation: 'h', x: values, y: options.categories }
      : { type: 'bar', name: series.name, x: options.categories, y: values };
    if (series.color) trace.marker = { color: series.color };
    if (options.valueFormat) {
      trace.texttemplate = `%{${options.horizontal ? 'x' : 'y'}:${options.valueFormat}}`;
      trace.textposition = 'auto';
    }
    return trace;
  });
  const layout = baseLayout(options);
  categoryAxis(layout, options.horizontal ? 'yaxis' : 'xaxis');
  layout.barmode = options.stacked ? 'stack' : 'group';
  layout.showlegend = options.series.length > 1;
  return { data, layout };
}

export interface HistogramKdeOptions extends AxisTitles {
  series: NamedValues[];
  /** Upper bound on histogram bins per series (plotly picks nice edges). */
  bins?: number;
  kdePoints?: number;
}

/**
 * Histograms normalized to densities with each series' Gaussian KDE (Scott's bandwidth) drawn
 * over them, so groups of different sizes compare by shape.
 */
export function histogramWithKde(options: HistogramKdeOptions): PlotlyFigure {
  requireNonEmpty(options.series, 'histogramWithKde: series');
  const data: PlotlyTrace[] = [];
  options.series.forEach((series, index) => {
    const values = finiteNumbers(series.values, `histogramWithKde: series "${series.name}" values`);
    const curve = kdeCurve(values, { points: options.kdePoints ?? 200 });
    const color = series.color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length];
    data.push({
      type: 'histogram',
      name: series.name,
      legendgroup: series.name,
      x: values,
      histnorm: 'probability density',
      opacity: 0.5,
      marker: { color },
      ...(options.bins ? { nbinsx: options.bins } : {}),
    });
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${series.name} KDE`,
      legendgroup: series.name,
      x: Array.from(curve.x),
      y: Array.from(curve.density),
      line: { width: 2, color },
    });
  });
  const layout = baseLayout({ yTitle: 'density', ...options });
  layout.barmode = 'overlay';
  return { data, layout };
}

export interface BoxPlotOptions extends AxisTitles {
  groups: NamedValues[];
  points?: 'all' | 'outliers' | false;
}

export function boxPlot(options: BoxPlotOptions): PlotlyFigure {
  requireNonEmpty(options.groups, 'boxPlot: groups');
  const data: PlotlyTrace[] = options.groups.map((group) => {
    const values = finiteNumbers(group.values, `boxPlot: group "${group.name}" values`);
    requireNonEmpty(values, `boxPlot: group "${group.name}" values`);
    return {
      type: 'box',
      name: group.name,
      y: values,
      boxmean: true,
      boxpoints: options.points ?? 'outliers',
      ...(group.color ? { marker: { color: group.color } } : {}),
    };
  });
  const layout = baseLayout(options);
  layout.showlegend = false;
  return { data, layout };
}

export interface HeatmapOptions extends AxisTitles {
  z: ArrayLike<number>[];
  x: string[];
  y: string[];
  /** d3 format of the number printed in each cell. */
  valueFormat?: string;
  colorscale?: string;
  zmin?: number;
  zmax?: number;
}

/** A heatmap with each cell's value printed on it (e.g. a correlation matrix). */
export function heatmap(options: HeatmapOptions): PlotlyFigure {
  requireNonEmpty(options.z, 'heatmap: z');
  requireSameLength(options.z.length, options.y.length, 'heatmap: z (rows)', 'y labels');
  const z = options.z.map((row, r) => {
    const values = finiteNumbers(row, `heatmap: z[${r}]`);
    requireSameLength(values.length, options.x.length, `heatmap: z[${r}]`, 'x labels');
    return values;
  });
  const trace: PlotlyTrace = {
    type: 'heatmap',
    z,
    x: options.x,
    y: options.y,
    colorscale: options.colorscale ?? 'RdBu',
    texttemplate: `%{z:${options.valueFormat ?? '.2f'}}`,
    hovertemplate: '%{y} / %{x}: %{z}<extra></extra>',
  };
  if (options.zmin !== undefined) trace.zmin = options.zmin;
  if (options.zmax !== undefined) trace.zmax = options.zmax;
  const layout = baseLayout(options);
  // Matrices read top to bottom like a table.
  layout.yaxis = { ...layout.yaxis, autorange: 'reversed' };
  return { data: [trace], layout };
}

export interface XYSeries {
  name: string;
  x: ArrayLike<number> | PlotlyDatum[];
  y: ArrayLike<number>;
  color?: string;
  text?: string[];
}

function xyTrace(series: XYSeries, mode: PlotlyTrace['mode'], caller: string): PlotlyTrace {
  const y = finiteNumbers(series.y, `${caller}: series "${series.name}" y`);
  const x: PlotlyDatum[] = Array.from(series.x as ArrayLike<PlotlyDatum>);
  requireSameLength(y.length, x.length, `${caller}: series "${series.name}" y`, 'x');
  const trace: PlotlyTrace = { type: 'scatter', mode, name: series.name, x, y };
  if (series.color) trace.marker = { color: series.color };
  if (series.text) {
    requireSameLength(series.text.length, x.length, `${caller}: series "${series.name}" text`, 'x');
    trace.text = series.text;
  }
  return trace;
}

export interface LineChartOptions extends AxisTitles {
  series: XYSeries[];
  markers?: boolean;
}

export function lineChart(options: LineChartOptions): PlotlyFigure {
  requireNonEmpty(options.series, 'lineChart: series');
  const mode = options.markers ? 'lines+markers' : 'lines';
  return { data: options.series.map((series) => xyTrace(series, mode, 'lineChart')), layout: baseLayout(options) };
}

export interface ScatterOptions extends AxisTitles {
  series: XYSeries[];
  markerSize?: number;
  opacity?: number;
}

export function scatter(options: ScatterOptions): PlotlyFigure {
  requireNonEmpty(options.series, 'scatter: series');
  const data = options.series.map((series) => {
    const trace = xyTrace(series, 'markers', 'scatter');
    trace.marker = { ...trace.marker, size: options.markerSize ?? 6, opacity: options.opacity ?? 0.7 };
    return trace;
  });
  return { data, layout: baseLayout(options) };
}

export interface RateInterval {
  rate: number;
  lower: number;
  upper: number;
}

export interface ErrorBarOptions extends AxisTitles {
  categories: PlotlyDatum[];
  intervals: RateInterval[];
  name?: string;
  color?: string;
}

/** Rates as bars with asymmetric error bars to each interval's bounds (e.g. Wilson 95% CIs). */
export function errorBarChart(options: ErrorBarOptions): PlotlyFigure {
  requireNonEmpty(options.intervals, 'errorBarChart: intervals');
  requireSameLength(options.intervals.length, options.categories.length, 'errorBarChart: intervals', 'categories');
  options.intervals.forEach((interval, i) => {
    const { rate, lower, upper } = interval;
    if (![rate, lower, upper].every(Number.isFinite) || lower > rate || rate > upper) {
      throw new Error(
        `errorBarChart: intervals[${i}] (${String(options.categories[i])}) must satisfy lower <= rate <= upper with finite numbers, got ${lower} <= ${rate} <= ${upper}`,
      );
    }
  });
  const trace: PlotlyTrace = {
    type: 'bar',
    name: options.name ?? 'rate',
    x: options.categories,
    y: options.intervals.map((i) => i.rate),
    error_y: {
      type: 'data',
      symmetric: false,
      array: options.intervals.map((i) => i.upper - i.rate),
      arrayminus: options.intervals.map((i) => i.rate - i.lower),
      visible: true,
    },
    hovertemplate: '%{x}: %{y:.2%}<extra></extra>',
  };
  if (options.color) trace.marker = { color: options.color };
  const layout = baseLayout(options);
  categoryAxis(layout, 'xaxis');
  layout.yaxis = { ...layout.yaxis, tickformat: '.0%' };
  layout.showlegend = false;
  return { data: [trace], layout };
}
