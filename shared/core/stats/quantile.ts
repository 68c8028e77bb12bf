/**
 * Quantiles with numpy's default ('linear', R type 7) definition, reproducing numpy's
 * floating-point steps (virtual index (n-1)q, and its two-sided lerp) so edges derived
 * from data match numpy bit for bit, which matters when values sit exactly on an edge.
 */

/** Sorted ascending copy as a Float64Array; throws on NaN so a quantile is never silently wrong. */
export function sortedCopy(values: ArrayLike<number>, what = 'values'): Float64Array {
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new Error(`${what}[${i}] must be a number, got ${String(v)}`);
    }
    sorted[i] = v;
  }
  return sorted.sort();
}

/** numpy's lerp: interpolates from whichever end is nearer to keep the result exact at t = 0 and t = 1. */
function numpyLerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile q in [0, 1] of an ascending-sorted array (numpy.quantile, method='linear'). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty array is undefined');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level must be in [0, 1], got ${q}`);
  const virtualIndex = (n - 1) * q;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  const previous = Math.floor(virtualIndex);
  return numpyLerp(sorted[previous], sorted[previous + 1], virtualIndex - previous);
}

/** Quantiles of unsorted values at each level (sorts once). */
export function quantiles(values: ArrayLike<number>, levels: ArrayLike<number>): Float64Array {
  const sorted = sortedCopy(values);
  const out = new Float64Array(levels.length);
  for (let i = 0; i < levels.length; i++) out[i] = quantileSorted(sorted, levels[i]);
  return out;
}

/** Single quantile of unsorted values. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedCopy(values), q);
}

/** numpy.percentile semantics: the level is given in percent and divided by 100 first, as numpy does. */
export function percentileSorted(sorted: ArrayLike<number>, percent: number): number {
  if (!(percent >= 0 && percent <= 100)) throw new Error(`percentile must be in [0, 100], got ${percent}`);
  return quantileSorted(sorted, percent / 100);
}

/** Levels 0, 1/k, ..., 1 computed exactly as numpy.linspace(0, 1, k + 1) does. */
export function linspaceUnit(intervals: number): Float64Array {
  if (!Number.isInteger(intervals) || intervals < 1) {
    throw new Error(`number of intervals must be a positive integer, got ${intervals}`);
  }
  const step = 1 / intervals;
  const out = new Float64Array(intervals + 1);
  for (let i = 0; i < intervals; i++) out[i] = i * step;
  out[intervals] = 1;
  return out;
}
