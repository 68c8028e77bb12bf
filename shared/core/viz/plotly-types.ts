/**
 * The subset of plotly.js's figure schema the project's charts use. Field names follow
 * plotly.js exactly, so a figure serializes to JSON that Plotly.newPlot (and Jupyter's
 * application/vnd.plotly.v1+json renderers) accept as is.
 */

export type PlotlyDatum = number | string | null;

export interface PlotlyTitle {
  text: string;
  /** Axis titles: distance from the tick labels; with the axis's automargin the margin grows to fit it. */
  standoff?: number;
}

export interface PlotlyMarker {
  color?: string | string[];
  opacity?: number;
  size?: number;
  line?: { color?: string; width?: number };
}

export interface PlotlyLine {
  color?: string;
  width?: number;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
  shape?: 'linear' | 'spline' | 'hv' | 'vh';
}

export interface PlotlyErrorBars {
  type: 'data';
  array: number[];
  arrayminus?: number[];
  symmetric?: boolean;
  visible?: boolean;
  color?: string;
  thickness?: number;
  width?: number;
}

export type PlotlyColorscale = string | Array<[number, string]>;

export interface PlotlyTrace {
  type: 'bar' | 'histogram' | 'scatter' | 'box' | 'heatmap';
  name?: string;
  x?: PlotlyDatum[];
  y?: PlotlyDatum[];
  z?: Array<Array<number | null>>;
  text?: string | string[] | string[][];
  textposition?: 'inside' | 'outside' | 'auto' | 'none';
  texttemplate?: string;
  hovertemplate?: string;
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text';
  orientation?: 'v' | 'h';
  marker?: PlotlyMarker;
  line?: PlotlyLine;
  error_y?: PlotlyErrorBars;
  histnorm?: '' | 'percent' | 'probability' | 'density' | 'probability density';
  nbinsx?: number;
  opacity?: number;
  boxpoints?: 'all' | 'outliers' | 'suspectedoutliers' | false;
  boxmean?: boolean | 'sd';
  colorscale?: PlotlyColorscale;
  reversescale?: boolean;
  zmin?: number;
  zmax?: number;
  showscale?: boolean;
  showlegend?: boolean;
  legendgroup?: string;
  /** Bar start positions (floating bars, e.g. a waterfall). */
  base?: number[];
}

export interface PlotlyAxis {
  title?: PlotlyTitle;
  type?: 'linear' | 'log' | 'category';
  range?: [number, number];
  tickformat?: string;
  autorange?: boolean | 'reversed';
  zeroline?: boolean;
  automargin?: boolean;
  tickvals?: number[];
  ticktext?: string[];
}

export interface PlotlyAnnotation {
  x: PlotlyDatum;
  y: PlotlyDatum;
  text: string;
  showarrow?: boolean;
  xref?: string;
  yref?: string;
  font?: { color?: string; size?: number };
}

export interface PlotlyLayout {
  title: PlotlyTitle;
  xaxis: PlotlyAxis;
  yaxis: PlotlyAxis;
  barmode: 'group' | 'stack' | 'overlay' | 'relative';
  boxmode: 'group' | 'overlay';
  height: number;
  width: number;
  margin: { l?: number; r?: number; t?: number; b?: number };
  showlegend: boolean;
  legend: { orientation?: 'v' | 'h'; x?: number; y?: number };
  annotations: PlotlyAnnotation[];
}

export interface PlotlyConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  displayModeBar?: boolean | 'hover';
  staticPlot?: boolean;
}

export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout?: Partial<PlotlyLayout>;
  config?: PlotlyConfig;
}
