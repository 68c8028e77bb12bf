/**
 * SMOTE oversampling for binary labels, following imbalanced-learn's `SMOTE(k_neighbors=5)`:
 * each synthetic row picks a minority row uniformly, one of its k nearest minority neighbours
 * (Euclidean, the row itself excluded) uniformly, and a gap uniform in [0, 1), and lies at
 * base + gap · (neighbour − base). The output keeps every input row unchanged and in order and
 * appends the synthetic rows after them.
 *
 * We apply SMOTE after preprocessing, as the original pipeline did, so one-hot columns of
 * synthetic rows are interpolated too: when base and neighbour differ in a category the
 * synthetic row holds fractional values (summing to 1 within the block) rather than a hard 0/1.
 *
 * Neighbour search is brute force, O(m²·d) for m minority rows of d features, which is fine for
 * the few hundred minority rows of a stroke training split.
 */
import { Random } from '../../core/util/random';
import { FeatureMatrix } from './preprocess';

export interface SmoteOptions {
  /** Neighbours considered per minority row. Default 5. */
  k?: number;
  /** 'auto' balances the classes; a number r asks for floor(r · majority) minority rows. Default 'auto'. */
  samplingStrategy?: 'auto' | number;
  /** Seed for a fresh Random; ignored when `random` is given. One of the two is required. */
  seed?: number;
  random?: Random;
}

export interface SmoteResult extends FeatureMatrix {
  /** 0/1 label per output row. */
  labels: Uint8Array;
  minorityLabel: 0 | 1;
  syntheticCount: number;
}

export function smote(data: FeatureMatrix, labels: ArrayLike<number>, options: SmoteOptions): SmoteResult {
  const { matrix, rows, cols } = data;
  const k = options.k ?? 5;
  if (matrix.length !== rows * cols) {
    throw new Error(`smote: matrix has ${matrix.length} values, expected rows × cols = ${rows} × ${cols}`);
  }
  if (labels.length !== rows) throw new Error(`smote: ${labels.length} labels for ${rows} rows`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`smote: k must be a positive integer, got ${k}`);
  const random = options.random ?? (options.seed !== undefined ? new Random(options.seed) : undefined);
  if (random === undefined) throw new Error('smote: pass a seed or a Random so the oversampling is reproducible');
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) {
      throw new Error(`smote: row ${Math.floor(i / cols)} column ${i % cols} is ${matrix[i]}; expected a finite number`);
    }
  }

  const outLabels = new Uint8Array(rows);
  let positives = 0;
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (label !== 0 && label !== 1) throw new Error(`smote: label of row ${r} is ${label}; expected 0 or 1`);
    outLabels[r] = label;
    positives += label;
  }
  const minorityLabel: 0 | 1 = positives <= rows - positives ? 1 : 0;
  const minorityRows: number[] = [];
  for (let r = 0; r < rows; r++) if (outLabels[r] === minorityLabel) minorityRows.push(r);
  const minorityCount = minorityRows.length;
  const majorityCount = rows - minorityCount;
  if (minorityCount === 0) throw new Error(`smote: only one class present (all ${rows} labels are ${1 - minorityLabel})`);
  const syntheticCount = syntheticRowsNeeded(options.samplingStrategy ?? 'auto', minorityCount, majorityCount);
  if (syntheticCount > 0 && minorityCount <= k) {
    throw new Error(`smote: needs more than k=${k} minority rows to find k neighbours, got ${minorityCount}`);
  }

  const total = rows + syntheticCount;
  const outMatrix = new Float64Array(total * cols);
  outMatrix.set(matrix);
  const allLabels = new Uint8Array(total).fill(minorityLabel);
  allLabels.set(outLabels);
  if (syntheticCount > 0) {
    const minority = new Float64Array(minorityCount * cols);
    minorityRows.forEach((row, m) => minority.set(matrix.subarray(row * cols, (row + 1) * cols), m * cols));
    const neighbours = nearestNeighbours(minority, minorityCount, cols, k);
    for (let s = 0; s < syntheticCount; s++) {
      const base = random.int(minorityCount);
      const neighbour = neighbours[base * k + random.int(k)];
      const gap = random.next();
      const out = (rows + s) * cols;
      for (let c = 0; c < cols; c++) {
        const from = minority[base * cols + c];
        outMatrix[out + c] = from + gap * (minority[neighbour * cols + c] - from);
      }
    }
  }
  return { matrix: outMatrix, rows: total, cols, labels: allLabels, minorityLabel, syntheticCount };
}

function syntheticRowsNeeded(strategy: 'auto' | number, minorityCount: number, majorityCount: number): number {
  if (strategy === 'auto') return majorityCount - minorityCount;
  if (typeof strategy !== 'number' || !(strategy > 0 && strategy <= 1)) {
    throw new Error(`smote: samplingStrategy must be 'auto' or a ratio in (0, 1], got ${String(strategy)}`);
  }
  const needed = Math.floor(strategy * majorityCount) - minorityCount;
  if (needed < 0) {
    throw new Error(
      `smote: samplingStrategy ${strategy} asks for ${Math.floor(strategy * majorityCount)} minority rows but there are already ${minorityCount}; SMOTE only adds rows`,
    );
  }
  return needed;
}

/** For each row, the indices of its k nearest other rows (ties: lower index first), row-major m×k. */
function nearestNeighbours(points: Float64Array, m: number, d: number, k: number): Int32Array {
  const result = new Int32Array(m * k);
  const bestDistance = new Float64Array(k);
  const bestIndex = new Int32Array(k);
  for (let i = 0; i < m; i++) {
    bestDistance.fill(Infinity);
    bestIndex.fill(-1);
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      let distance = 0;
      for (let c = 0; c < d; c++) {
        const diff = points[i * d + c] - points[j * d + c];
        distance += diff * diff;
      }
      if (distance >= bestDistance[k - 1]) continue;
      // insertion into the sorted top-k; strict comparison keeps earlier rows ahead on ties
      let slot = k - 1;
      while (slot > 0 && bestDistance[slot - 1] > distance) {
        bestDistance[slot] = bestDistance[slot - 1];
        bestIndex[slot] = bestIndex[slot - 1];
        slot--;
      }
      bestDistance[slot] = distance;
      bestIndex[slot] = j;
    }
    result.set(bestIndex, i * k);
  }
  return result;
}
