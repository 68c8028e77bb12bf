/**
 * Cuts every feature into at most `maxBins` quantile bins and codes the matrix with one 16-bit
 * code per value, column by column (a partition reads one feature of many rows). Codes are
 * global: feature f owns codes [offset[f], offset[f+1]), its real bins first and one code for
 * missing last, so a node's histogram is one compact array indexed by code (a binary feature
 * takes 3 slots, not 256). Bin b holds values in [cuts[b-1], cuts[b]), so "bin <= b" is exactly
 * the float32 test "value < cuts[b]" that XGBoost applies at a split.
 */
import { FeatureArray } from '../feature-matrix';
import { sortFloat32 } from './radix-sort';

export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** cols x rows global bin codes, column-major: feature f of row r at f * rows + r. */
  columns: Uint16Array;
  /** Per feature, its most frequent code (left out of the sparse rows, see sparse-rows.ts). */
  dominant: Int32Array;
  /** cols + 1 code offsets: feature f's real bins, then its missing code (offset[f+1] - 1). */
  featureOffset: Int32Array;
  /** Per feature, the lower bounds of bins 1..n-1 (float32 values, strictly increasing). */
  cuts: Float32Array[];
}

/** Codes fit 16 bits: all features' bins (plus one missing code each) must stay below this. */
export const MAX_TOTAL_CODES = 65536;

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

/**
 * Every column's non-missing values as float32 (-0 read as 0), checked finite. One row-major
 * pass: reading the matrix column by column would fetch every cache line once per column.
 */
function columnValues(x: FeatureArray, rows: number, cols: number): Float32Array[] {
  const columns = Array.from({ length: cols }, () => new Float32Array(rows));
  const counts = new Int32Array(cols);
  for (let r = 0, at = 0; r < rows; r++) {
    for (let f = 0; f < cols; f++, at++) {
      const value = Math.fround(x[at]) + 0;
      if (value !== value) continue;
      if (value === Infinity || value === -Infinity) {
        throw new Error(`feature value at row ${r}, column ${f} is ${x[at]}; training needs finite values or NaN for missing`);
      }
      columns[f][counts[f]++] = value;
    }
  }
  return columns.map((column, f) => column.subarray(0, counts[f]));
}

const TABLE_SIZE = 1024;

/**
 * The distinct values of `values` when there are at most `limit` of them (sorted), else null.
 * An open-addressing table on the float bits: most stroke features are flags, and this spares
 * them a sort of every row.
 */
function fewDistinct(values: Float32Array, limit: number): Float32Array | null {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const keys = new Uint32Array(TABLE_SIZE);
  const used = new Uint8Array(TABLE_SIZE);
  const found: number[] = [];
  for (let i = 0; i < bits.length; i++) {
    const key = bits[i];
    let slot = Math.imul(key, 0x9e3779b1) >>> 22;
    while (used[slot] === 1 && keys[slot] !== key) slot = (slot + 1) & (TABLE_SIZE - 1);
    if (used[slot] === 1) continue;
    if (found.length === limit) return null;
    used[slot] = 1;
    keys[slot] = key;
    found.push(values[i]);
  }
  return Float32Array.from(found).sort();
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

function cutsOf(values: Float32Array, maxBins: number): Float32Array {
  const distinct = fewDistinct(values, Math.min(maxBins, TABLE_SIZE >> 1));
  if (distinct !== null) return distinct.subarray(1);
  return featureCuts(sortFloat32(values), maxBins);
}

export function quantize(x: FeatureArray, rows: number, cols: number, maxBins: number): BinnedMatrix {
  const cuts = columnValues(x, rows, cols).map((values) => cutsOf(values, maxBins));
  const featureOffset = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) featureOffset[f + 1] = featureOffset[f] + cuts[f].length + 2;
  if (featureOffset[cols] > MAX_TOTAL_CODES) {
    throw new Error(`hist booster: ${cols} features need ${featureOffset[cols]} bin codes, more than ${MAX_TOTAL_CODES}; lower max_bin`);
  }
  const columns = new Uint16Array(rows * cols);
  for (let r = 0, at = 0; r < rows; r++) {
    for (let f = 0, to = r; f < cols; f++, at++, to += rows) {
      const value = Math.fround(x[at]);
      columns[to] = value !== value ? featureOffset[f + 1] - 1 : featureOffset[f] + binOf(cuts[f], value);
    }
  }
  return { rows, cols, columns, featureOffset, cuts, dominant: mostFrequentCodes(columns, rows, featureOffset) };
}

function mostFrequentCodes(columns: Uint16Array, rows: number, featureOffset: Int32Array): Int32Array {
  const counts = new Int32Array(featureOffset[featureOffset.length - 1]);
  for (let i = 0; i < columns.length; i++) counts[columns[i]]++;
  return Int32Array.from({ length: featureOffset.length - 1 }, (_, f) => {
    let best = featureOffset[f];
    for (let code = best + 1; code < featureOffset[f + 1]; code++) if (counts[code] > counts[best]) best = code;
    return best;
  });
}
