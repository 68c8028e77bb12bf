/**
 * SHAP rankings and pictures with the model's real feature names: the global ranking (mean
 * |SHAP|), one row's ranking (its waterfall, and the endpoint's reasons), a beeswarm (every
 * patient's contribution, coloured by the feature's value) and one patient's waterfall from the
 * bias to the prediction. Inputs are `shapValues` output: rows × (cols + 1), the last column
 * being the bias.
 */
import type { PlotlyFigure, PlotlyTrace } from '../../core/viz/plotly-types';
import { Random } from '../../core/util/random';
import { axisTitle } from '../../core/viz/figures';

function check(shap: Float64Array, rows: number, cols: number, names: readonly string[]): void {
  if (shap.length !== rows * (cols + 1))
    throw new Error(`SHAP matrix has ${shap.length} values, expected ${rows} × ${cols + 1}`);
  if (names.length !== cols) throw new Error(`${names.length} feature names for ${cols} features`);
}

export function meanAbsShap(shap: Float64Array, rows: number, cols: number): Float64Array {
  const means = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) means[j] += Math.abs(shap[r * (cols + 1) + j]);
  return means.map((s) => s / rows);
}

/** Feature indexes by decreasing mean |SHAP|. */
export function shapRanking(shap: Float64Array, rows: number, cols: number): number[] {
  const means = meanAbsShap(shap, rows, cols);
  return Array.from(means.keys()).sort((a, b) => means[b] - means[a] || a - b);
}

/** Feature indices of the SHAP row at `offset` by decreasing |contribution| (ties: lower index first). */
export function contributionOrder(phi: ArrayLike<number>, offset: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, c) => c).sort(
    (a, b) => Math.abs(phi[offset + b]) - Math.abs(phi[offset + a]) || a - b,
  );
}

/** The `count` features that pushed the row at `offset` most; a feature contributing exactly 0 is none of them. */
export function topContributions(phi: ArrayLike<number>, offset: number, cols: number, count: number): number[] {
  return contributionOrder(phi, offset, cols)
    .filter((c) => phi[offset + c] !== 0)
    .slice(0, count);
}

/** Blue (low) → red (high), as SHAP's own beeswarm colours feature values. */
export function valueColor(fraction: number): string {
  const t = Math.min(1, Math.max(0, fraction));
  const channel = (from: number, to: number) =>
    Math.round(from + (to - from) * t)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0x1f, 0xd6)}${channel(0x77, 0x27)}${channel(0xb4, 0x28)}`;
}

export function shapBeeswarm(
  shap: Float64Array,
  X: Float64Array,
  rows: number,
  cols: number,
  names: readonly string[],
  options: { top?: number; seed: number },
): PlotlyFigure {
  check(shap, rows, cols, names);
  const top = shapRanking(shap, rows, cols).slice(0, options.top ?? 10);
  const random = new Random(options.seed);
  const data: PlotlyTrace[] = top.map((j, position) => {
    const values = Array.from({ length: rows }, (_, r) => X[r * cols + j]);
    const low = Math.min(...values);
    const span = Math.max(...values) - low || 1;
    return {
      type: 'scatter',
      mode: 'markers',
      name: names[j],
      showlegend: false,
      x: Array.from({ length: rows }, (_, r) => shap[r * (cols + 1) + j]),
      y: values.map(() => top.length - 1 - position + (random.next() - 0.5) * 0.6),
      marker: { size: 4, opacity: 0.7, color: values.map((v) => valueColor((v - low) / span)) },
    };
  });
  return {
    data,
    layout: {
      title: { text: 'SHAP values per patient (colour: feature value, blue low → red high)' },
      xaxis: { title: axisTitle('SHAP value (log-odds of stroke)'), zeroline: true, automargin: true },
      yaxis: { tickvals: top.map((_, p) => top.length - 1 - p), ticktext: top.map((j) => names[j]), automargin: true },
      height: 80 + 36 * top.length,
    },
  };
}

/** One patient: floating bars from the bias through the largest contributions to the margin. */
export function shapWaterfall(
  shapRow: ArrayLike<number>,
  names: readonly string[],
  options: { top?: number; title: string },
): PlotlyFigure {
  const cols = names.length;
  if (shapRow.length !== cols + 1) throw new Error(`SHAP row has ${shapRow.length} values, expected ${cols + 1}`);
  const order = contributionOrder(shapRow, 0, cols);
  const shown = order.slice(0, options.top ?? 8);
  const rest = order.slice(shown.length).reduce((sum, j) => sum + shapRow[j], 0);
  const steps = [
    ...shown.map((j) => ({ label: names[j], value: shapRow[j] })),
    { label: `${order.length - shown.length} other features`, value: rest },
  ];
  let level = shapRow[cols];
  const bases: number[] = [];
  for (const step of steps) {
    bases.push(level);
    level += step.value;
  }
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        base: bases,
        x: steps.map((s) => s.value),
        y: steps.map((s) => s.label),
        marker: { color: steps.map((s) => (s.value >= 0 ? '#d62728' : '#1f77b4')) },
        text: steps.map((s) => s.value.toFixed(3)),
        textposition: 'outside',
        showlegend: false,
      },
    ],
    layout: {
      title: { text: options.title },
      xaxis: {
        title: axisTitle(`log-odds: from the bias ${shapRow[cols].toFixed(3)} to the prediction ${level.toFixed(3)}`),
        automargin: true,
      },
      yaxis: { autorange: 'reversed', automargin: true },
      height: 120 + 32 * steps.length,
    },
  };
}
