/**
 * numpy.histogram(values, bins=k) for equal-width bins: edges from min to max (numpy.linspace
 * arithmetic), bins half-open [e_i, e_{i+1}) except the last, which includes the maximum.
 * (shared/core/stats/histogram.ts bins differently — right-closed, open-ended — for drift tests.)
 */

export interface EqualWidthHistogram {
  edges: number[];
  counts: number[];
}

/** Histogram of finite `values` (NaN rejected); an empty input spans [0, 1] like numpy. */
export function equalWidthHistogram(values: ArrayLike<number>, bins: number, what = 'values'): EqualWidthHistogram {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${what}[${i}] must be a finite number for a histogram, got ${v}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) {
    min = 0;
    max = 1;
  } else if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const step = (max - min) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + min;
  edges[bins] = max;
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let index = Math.min(Math.floor((v - min) * scale), bins - 1);
    // Floating-point scaling can land one bin off; the edges decide, as in numpy.
    if (v < edges[index]) index--;
    else if (index < bins - 1 && v >= edges[index + 1]) index++;
    counts[index]++;
  }
  return { edges: Array.from(edges), counts };
}
