/**
 * Histogram gradient boosting for binary:logistic, following XGBoost's hist algorithm
 * (see split.ts for the arithmetic): the matrix is binned once, each round computes gradients
 * from the float32 margins, grows a depthwise tree (grow-tree.ts) and adds it to the margins.
 * `workers` > 1 runs the histogram and partition loops on a WorkerPool; any worker count gives
 * the same bytes.
 */
import { checkMatrixShape, FeatureMatrix } from '../feature-matrix';
import { RegressionTree, TreeEnsemble } from '../tree-ensemble-types';
import { WorkerPool } from '../../parallel/worker-pool';
import { Random } from '../../util/random';
import { finishTree, addTreeToMargins } from './finish-tree';
import { growTree, TrainingBuffers, TreeKernels } from './grow-tree';
import { slotStride } from './kernels';
import { localKernels } from './local-kernels';
import { writeXGBoostBinaryModel } from './model-writer';
import { HistBoosterParams, resolveParams, ResolvedParams } from './params';
import { poolKernels } from './pool-kernels';
import { quantize } from './quantize';

export interface HistBoosterOptions {
  /** Threads for histograms and partitions: 1 (default) runs on this thread. */
  workers?: number;
  /** Pool to run on when workers > 1; default: a private pool closed at the end. */
  pool?: WorkerPool;
}

export interface HistBoosterResult {
  ensemble: TreeEnsemble;
  /** The ensemble as XGBoost binary model bytes. */
  modelBytes: Uint8Array;
  /** Float32 margins of the training rows after the last round, as the trees score them. */
  trainingMargins: Float32Array;
}

/** Hessians never drop below this (XGBoost's logistic floor), so empty-looking nodes keep a weight. */
const MIN_HESSIAN = 1e-16;

function checkLabels(labels: Float32Array, rows: number): void {
  if (labels.length !== rows) throw new Error(`labels: expected one label per feature row (${rows}), got ${labels.length}`);
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (!(y >= 0 && y <= 1)) throw new Error(`label at row ${i} is ${y}; binary:logistic needs labels in [0, 1]`);
  }
}

function sharedArray<T>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(bytes));
}

function writeGradients(margins: Float32Array, labels: Float32Array, scalePos: number, gradient: Float32Array, hessian: Float32Array): void {
  const floor = MIN_HESSIAN;
  for (let i = 0; i < margins.length; i++) {
    const p = 1 / (1 + Math.exp(-margins[i]));
    const y = labels[i];
    const w = y === 1 ? scalePos : 1;
    gradient[i] = (p - y) * w;
    hessian[i] = Math.max(p * (1 - p), floor) * w;
  }
}

/** Fills rowIndex with the rows of this round (all, or a Bernoulli(subsample) draw); returns the count. */
function sampleRows(rowIndex: Int32Array, rows: number, subsample: number, random: Random): number {
  if (subsample >= 1) {
    for (let i = 0; i < rows; i++) rowIndex[i] = i;
    return rows;
  }
  const threshold = subsample * 4294967296;
  let count = 0;
  for (let i = 0; i < rows; i++) if (random.nextUint32() < threshold) rowIndex[count++] = i;
  return count;
}

/** XGBoost's colsample_bytree: floor(fraction x cols) features (at least one), drawn without replacement, sorted. */
function sampleFeatures(cols: number, fraction: number, random: Random): Int32Array {
  const all = Int32Array.from({ length: cols }, (_, i) => i);
  if (fraction >= 1) return all;
  const keep = Math.max(1, Math.floor(fraction * cols));
  for (let i = 0; i < keep; i++) {
    const j = i + random.int(cols - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, keep).sort();
}

async function boost(
  matrix: FeatureMatrix,
  labels: Float32Array,
  params: ResolvedParams,
  numRound: number,
  kernels: TreeKernels,
): Promise<HistBoosterResult> {
  const { rows, cols } = matrix;
  const binned = quantize(matrix.data, rows, cols, params.max_bin);
  const buffers: TrainingBuffers = {
    bins: binned.bins,
    cols,
    binCounts: Int32Array.from(binned.cuts, (c) => c.length + 1),
    gradient: sharedArray((b) => new Float32Array(b), rows * 4),
    hessian: sharedArray((b) => new Float32Array(b), rows * 4),
    rowIndex: sharedArray((b) => new Int32Array(b), rows * 4),
    scratch: sharedArray((b) => new Int32Array(b), rows * 4),
    hists: [new Float64Array(new SharedArrayBuffer(slotStride(cols) * 8)), new Float64Array(new SharedArrayBuffer(slotStride(cols) * 8))],
  };
  const random = new Random(params.seed);
  const margins = new Float32Array(rows);
  const trees: RegressionTree[] = [];
  for (let round = 0; round < numRound; round++) {
    writeGradients(margins, labels, params.scale_pos_weight, buffers.gradient, buffers.hessian);
    const rowCount = sampleRows(buffers.rowIndex, rows, params.subsample, random);
    const features = sampleFeatures(cols, params.colsample_bytree, random);
    const grown = await growTree(buffers, kernels, rowCount, features, params);
    const finished = finishTree(grown, binned.cuts, params);
    addTreeToMargins(finished, grown, buffers.rowIndex, rowCount, buffers.bins, cols, margins);
    trees.push(finished.tree);
  }
  const ensemble: TreeEnsemble = {
    version: { major: 0, minor: 0 },
    objective: 'binary:logistic',
    booster: 'gbtree',
    storedBaseScore: 0,
    baseMargin: 0,
    numFeature: cols,
    trees,
    attributes: {},
  };
  return { ensemble, modelBytes: writeXGBoostBinaryModel(ensemble), trainingMargins: margins };
}

/** Trains `numRound` rounds of binary:logistic on row-major `matrix` (NaN = missing). */
export async function trainHistBooster(
  matrix: FeatureMatrix,
  labels: Float32Array,
  params: HistBoosterParams,
  numRound: number,
  options: HistBoosterOptions = {},
): Promise<HistBoosterResult> {
  checkMatrixShape(matrix.data, matrix.rows, matrix.cols, 'features');
  if (matrix.rows === 0) throw new Error('features: cannot train on zero rows');
  checkLabels(labels, matrix.rows);
  if (!Number.isInteger(numRound) || numRound < 1) throw new Error(`numRound must be a positive integer, got ${numRound}`);
  const resolved = resolveParams(params);
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  if (workers === 1) return boost(matrix, labels, resolved, numRound, localKernels);
  const pool = options.pool ?? new WorkerPool({ size: workers });
  try {
    return await boost(matrix, labels, resolved, numRound, poolKernels(pool, workers));
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}
