/**
 * Cuts every feature into at most `maxBins` quantile bins and codes the matrix with one 16-bit
 * code per value, column by column (a partition reads one feature of many rows). Codes are
 * global: feature f owns codes [offset[f], offset[f+1]), its real bins first and one code for
 * missing last, so a node's histogram is one compact array indexed by code (a binary feature
 * takes 3 slots, not 256). Bin b holds values in [cuts[b-1], cuts[b]), so "bin <= b" is exactly
 * the float32 test "value < cuts[b]" that XGBoost applies at a split.
 */
import { FeatureArray } from '../../xgboost/feature-matrix';
import { sortFloat32 } from '../../../core/util/radix-sort';

export interface BinnedMatrix {
  rows: number;
  cols: number;
  /** cols x rows global bin codes, column-major: feature f of row r at f * rows + r. */
  columns: Uint16Array;
  /** Per feature, its most frequent code (left out of the sparse rows, see sparse-rows.ts). */
  dominant: Int32Array;
  /** Rows per code. */
  codeCounts: Int32Array;
  /** cols + 1 code offsets: feature f's real bins, then its missing code (offset[f+1] - 1). */
  featureOffset: Int32Array;
  /** Per feature, the lower bounds of bins 1..n-1 (float32 values, strictly increasing). */
  cuts: Float32Array[];
}

/** Codes fit 16 bits: all features' bins (plus one missing code each) must stay below this. */
const MAX_TOTAL_CODES = 65536;

/** Lower bounds of bins 1..: every distinct value when few, else values at evenly spaced ranks. */
function featureCuts(sorted: Float32Array, maxBins: number): Float32Array {
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
 * Every column as float32 (-0 read as 0, NaN kept for missing), checked finite. One row-major
 * pass: reading the matrix column by column would fetch every cache line once per column.
 */
function floatColumns(x: FeatureArray, rows: number, cols: number): Float32Array[] {
  const columns = Array.from({ length: cols }, () => new Float32Array(rows));
  for (let r = 0, at = 0; r < rows; r++) {
    for (let f = 0; f < cols; f++, at++) {
      const value = Math.fround(x[at]) + 0;
      if (value === Infinity || value === -Infinity) {
        throw new Error(
          `feature value at row ${r}, column ${f} is ${x[at]}; training needs finite values or NaN for missing`,
        );
      }
      columns[f][r] = value;
    }
  }
  return columns;
}

const TABLE_SIZE = 1024;

/** An open-addressing table of a column's distinct float bits, each with its bin. */
interface DistinctTable {
  keys: Uint32Array;
  used: Uint8Array;
  bins: Uint16Array;
  sorted: Float32Array;
}

function slotOf(table: Pick<DistinctTable, 'keys' | 'used'>, key: number): number {
  let slot = Math.imul(key, 0x9e3779b1) >>> 22;
  while (table.used[slot] === 1 && table.keys[slot] !== key) slot = (slot + 1) & (TABLE_SIZE - 1);
  return slot;
}

/**
 * The distinct non-missing values of `column` when there are at most `limit` of them, else
 * null. Most stroke features are flags: this spares them a sort of every row, and coding a row
 * becomes one table probe instead of a binary search.
 */
function fewDistinct(column: Float32Array, limit: number): DistinctTable | null {
  const bits = new Uint32Array(column.buffer, column.byteOffset, column.length);
  const table = { keys: new Uint32Array(TABLE_SIZE), used: new Uint8Array(TABLE_SIZE) };
  const found: number[] = [];
  for (let i = 0; i < bits.length; i++) {
    if (column[i] !== column[i]) continue;
    const slot = slotOf(table, bits[i]);
    if (table.used[slot] === 1) continue;
    if (found.length === limit) return null;
    table.used[slot] = 1;
    table.keys[slot] = bits[i];
    found.push(column[i]);
  }
  const sorted = Float32Array.from(found).sort();
  const bins = new Uint16Array(TABLE_SIZE);
  const probe = new Float32Array(1);
  const probeBits = new Uint32Array(probe.buffer);
  sorted.forEach((value, bin) => {
    probe[0] = value;
    bins[slotOf(table, probeBits[0])] = bin;
  });
  return { ...table, bins, sorted };
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

/** Cuts one column and writes its codes (base + bin, or missingCode) to `codes`; returns the cuts. */
function quantizeColumn(
  column: Float32Array,
  maxBins: number,
  base: number,
  missingCode: number,
  codes: Uint16Array,
): Float32Array {
  const rows = column.length;
  const table = fewDistinct(column, Math.min(maxBins, TABLE_SIZE >> 1));
  if (table !== null) {
    const bits = new Uint32Array(column.buffer, column.byteOffset, rows);
    const { keys, used, bins } = table;
    for (let r = 0; r < rows; r++) {
      const key = bits[r];
      if (column[r] !== column[r]) {
        codes[r] = missingCode;
        continue;
      }
      let slot = Math.imul(key, 0x9e3779b1) >>> 22;
      while (used[slot] === 1 && keys[slot] !== key) slot = (slot + 1) & (TABLE_SIZE - 1);
      codes[r] = base + bins[slot];
    }
    return table.sorted.subarray(1);
  }
  const present = new Float32Array(rows);
  let count = 0;
  for (let r = 0; r < rows; r++) if (column[r] === column[r]) present[count++] = column[r];
  const cuts = featureCuts(sortFloat32(present.subarray(0, count)), maxBins);
  for (let r = 0; r < rows; r++) codes[r] = column[r] !== column[r] ? missingCode : base + binOf(cuts, column[r]);
  return cuts;
}

export function quantize(x: FeatureArray, rows: number, cols: number, maxBins: number): BinnedMatrix {
  const columns = new Uint16Array(rows * cols);
  const featureOffset = new Int32Array(cols + 1);
  const cuts: Float32Array[] = [];
  floatColumns(x, rows, cols).forEach((column, f) => {
    // A feature has at most maxBins + 1 codes, so its missing code is known only after cutting:
    // code the column at the provisional base, then shift its missing code into place.
    const codes = columns.subarray(f * rows, (f + 1) * rows);
    const provisionalMissing = 0xffff;
    cuts.push(quantizeColumn(column, maxBins, featureOffset[f], provisionalMissing, codes));
    featureOffset[f + 1] = featureOffset[f] + cuts[f].length + 2;
    if (featureOffset[f + 1] > MAX_TOTAL_CODES) {
      throw new Error(`hist booster: ${cols} features need more than ${MAX_TOTAL_CODES} bin codes; lower max_bin`);
    }
    const missing = featureOffset[f + 1] - 1;
    for (let r = 0; r < rows; r++) if (codes[r] === provisionalMissing) codes[r] = missing;
  });
  const codeCounts = new Int32Array(featureOffset[cols]);
  for (let i = 0; i < columns.length; i++) codeCounts[columns[i]]++;
  return {
    rows,
    cols,
    columns,
    featureOffset,
    cuts,
    dominant: mostFrequentCodes(codeCounts, featureOffset),
    codeCounts,
  };
}

function mostFrequentCodes(counts: Int32Array, featureOffset: Int32Array): Int32Array {
  return Int32Array.from({ length: featureOffset.length - 1 }, (_, f) => {
    let best = featureOffset[f];
    for (let code = best + 1; code < featureOffset[f + 1]; code++) if (counts[code] > counts[best]) best = code;
    return best;
  });
}
