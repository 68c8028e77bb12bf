/**
 * One-dimensional Gaussian kernel density estimate with the same definition as
 * scipy.stats.gaussian_kde: bandwidth h = n^(-1/5) (Scott's factor) times the sample standard
 * deviation (ddof = 1), density(x) = (1/n) Σ φ((x - xᵢ)/h) / h.
 */

import { meanSd } from '../stats/mean-sd';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export interface KdeCurve {
  x: Float64Array;
  density: Float64Array;
  bandwidth: number;
}

function checkedSamples(samples: ArrayLike<number>, what: string): Float64Array {
  if (samples.length < 2) throw new Error(`${what}: needs at least 2 samples, got ${samples.length}`);
  const values = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(
        `${what}: sample ${i} is ${String(value)}, expected a finite number (drop missing values before estimating)`,
      );
    }
    values[i] = value;
  }
  return values;
}

/** Scott's rule bandwidth as scipy computes it for one dimension. */
export function scottBandwidth(samples: ArrayLike<number>): number {
  const values = checkedSamples(samples, 'scottBandwidth');
  const std = meanSd(values).sd;
  if (!(std > 0))
    throw new Error(`scottBandwidth: all ${values.length} samples are equal (${values[0]}); a KDE needs spread`);
  return std * Math.pow(values.length, -1 / 5);
}

/** Density of the KDE of `samples` at each point of `grid`. */
export function gaussianKde(samples: ArrayLike<number>, grid: ArrayLike<number>, bandwidth?: number): Float64Array {
  const values = checkedSamples(samples, 'gaussianKde');
  const h = bandwidth ?? scottBandwidth(values);
  if (!(h > 0) || !Number.isFinite(h))
    throw new Error(`gaussianKde: bandwidth must be a positive finite number, got ${h}`);
  const density = new Float64Array(grid.length);
  const scale = INV_SQRT_2PI / (h * values.length);
  for (let g = 0; g < grid.length; g++) {
    const at = grid[g];
    if (!Number.isFinite(at)) throw new Error(`gaussianKde: grid point ${g} is ${at}, expected a finite number`);
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const u = (at - values[i]) / h;
      sum += Math.exp(-0.5 * u * u);
    }
    density[g] = sum * scale;
  }
  return density;
}

/** `count` evenly spaced points from `start` to `stop` inclusive (numpy.linspace). */
export function linspace(start: number, stop: number, count: number): Float64Array {
  if (!Number.isInteger(count) || count < 2) throw new Error(`linspace: count must be an integer >= 2, got ${count}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop))
    throw new Error(`linspace: bounds must be finite, got ${start} and ${stop}`);
  const points = new Float64Array(count);
  const step = (stop - start) / (count - 1);
  for (let i = 0; i < count; i++) points[i] = start + i * step;
  points[count - 1] = stop;
  return points;
}

/**
 * The KDE on `points` evenly spaced values covering the data plus `padBandwidths` bandwidths
 * on each side, so the tails (and nearly all of the probability mass) are drawn.
 */
export function kdeCurve(
  samples: ArrayLike<number>,
  options: { points?: number; padBandwidths?: number } = {},
): KdeCurve {
  const values = checkedSamples(samples, 'kdeCurve');
  const bandwidth = scottBandwidth(values);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const pad = (options.padBandwidths ?? 3) * bandwidth;
  const x = linspace(min - pad, max + pad, options.points ?? 200);
  return { x, density: gaussianKde(values, x, bandwidth), bandwidth };
}
