/**
 * Cuts every feature into at most `maxBins` quantile bins and codes the matrix as one byte per
 * value (row-major, MISSING_BIN for NaN). Bin b holds values in [cuts[b-1], cuts[b]), so
 * "bin <= b" is exactly the float32 test "value < cuts[b]" that XGBoost applies at a split.
 */
import { FeatureArray } from '../feature-matrix';
import { MISSING_BIN } from './params';
import { sortFloat32 } from './radix-sort';

export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** rows x cols bin codes, row-major. */
  bins: Uint8Array;
  /** Per feature, the lower bounds of bins 1..n-1 (float32 values, strictly increasing). */
  cuts: Float32Array[];
}

/** Lower bounds of bins 1..: every distinct value when few, else values at evenly spaced ranks. */
export function featureCuts(sorted: Float32Array, maxBins: number): Float32Array {
  const count = sorted.length;
  const cuts: number[] = [];
  if (count === 0) return new Float32Array(0);
  let distinct = 1;
  for (let i = 1; i < count && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBins) {
    for (let i = 1; i < count; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(sorted[i]);
    return Float32Array.from(cuts);
  }
  let previous = sorted[0];
  for (let j = 1; j < maxBins; j++) {
    const candidate = sorted[Math.floor((j * count) / maxBins)];
    if (candidate > previous) {
      cuts.push(candidate);
      previous = candidate;
    }
  }
  return Float32Array.from(cuts);
}

function columnValues(x: FeatureArray, rows: number, cols: number, feature: number): Float32Array {
  const values = new Float32Array(rows);
  let count = 0;
  for (let r = 0, at = feature; r < rows; r++, at += cols) {
    const raw = x[at];
    const value = Math.fround(raw);
    if (value !== value) continue;
    if (value === Infinity || value === -Infinity) {
      throw new Error(`feature value at row ${r}, column ${feature} is ${raw}; training needs finite values or NaN for missing`);
    }
    values[count++] = value;
  }
  return sortFloat32(values.subarray(0, count));
}

/** The number of cuts <= value, i.e. the bin of a (non-missing) float32 value. */
function binOf(cuts: Float32Array, value: number): number {
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cuts[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function quantize(x: FeatureArray, rows: number, cols: number, maxBins: number): BinnedMatrix {
  const cuts: Float32Array[] = [];
  for (let f = 0; f < cols; f++) cuts.push(featureCuts(columnValues(x, rows, cols, f), maxBins));
  const bins = new Uint8Array(new SharedArrayBuffer(rows * cols));
  const missing = MISSING_BIN;
  for (let f = 0; f < cols; f++) {
    const featureCutsOf = cuts[f];
    for (let r = 0, at = f; r < rows; r++, at += cols) {
      const value = Math.fround(x[at]);
      bins[at] = value !== value ? missing : binOf(featureCutsOf, value);
    }
  }
  return { rows, cols, bins, cuts };
}
