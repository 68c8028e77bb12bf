/**
 * Histogram gradient boosting for binary:logistic, following XGBoost's hist algorithm
 * (see split.ts for the arithmetic): the matrix is binned once, each round computes gradients
 * from the float32 margins, grows a depthwise tree (grow-tree.ts) and adds it to the margins.
 * `workers` > 1 runs the histogram and partition loops on a WorkerPool; any worker count gives
 * the same bytes.
 */
import { checkMatrixShape, FeatureMatrix } from '../../xgboost/feature-matrix';
import { RegressionTree, TreeEnsemble } from '../../xgboost/tree-ensemble-types';
import { probabilityToMargin } from '../../xgboost/xgb-binary-model';
import { WorkerPool } from '../../../core/parallel/worker-pool';
import { Random } from '../../../core/util/random';
import { finishTree, leafRanges, walkTree } from './finish-tree';
import { growTree, TrainingBuffers, TreeKernels } from './grow-tree';
import { slotSize } from './kernels';
import { localKernels } from './local-kernels';
import { writeXGBoostBinaryModel } from './model-writer';
import { HistBoosterParams, resolveParams, ResolvedParams } from './params';
import { poolKernels } from './pool-kernels';
import { quantize } from './quantize';
import { fillSparseGroup, planSparseGroups } from './sparse-rows';
import { allocateKernelMemory } from './wasm-memory';

export interface HistBoosterOptions {
  /** Threads for histograms and partitions: 1 (default) runs on this thread. */
  workers?: number;
  /** Pool to run on when workers > 1; default: a private pool closed at the end. */
  pool?: WorkerPool;
  /** Wraps the kernels the run uses (the benchmark counts the memory each call touches); same results. */
  instrument?: (kernels: TreeKernels) => TreeKernels;
  /** Bins the matrix; default `quantize`. A QuantizeCache's reuses the binning of features seen before. */
  quantize?: typeof quantize;
}

export interface HistBoosterResult {
  ensemble: TreeEnsemble;
  /** The ensemble as XGBoost binary model bytes. */
  modelBytes: Uint8Array;
  /** Float32 margins of the training rows after the last round, as the trees score them. */
  trainingMargins: Float32Array;
}

function checkLabels(labels: Float32Array, rows: number): void {
  if (labels.length !== rows)
    throw new Error(`labels: expected one label per feature row (${rows}), got ${labels.length}`);
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (!(y >= 0 && y <= 1)) throw new Error(`label at row ${i} is ${y}; binary:logistic needs labels in [0, 1]`);
  }
}

function sharedFloat32s(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/**
 * Fills rowIndex with the rows of this round and `unsampled` with the others; returns the count
 * drawn. rowIndex arrives holding all rows in order (TreeKernels.updateGradients puts it back),
 * which is the whole draw when subsample is 1.
 */
function sampleRows(
  rowIndex: Int32Array,
  unsampled: Int32Array,
  rows: number,
  subsample: number,
  random: Random,
): number {
  if (subsample >= 1) return rows;
  const threshold = subsample * 4294967296;
  let count = 0;
  let other = 0;
  for (let i = 0; i < rows; i++) {
    if (random.nextUint32() < threshold) rowIndex[count++] = i;
    else unsampled[other++] = i;
  }
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
  bin: typeof quantize,
): Promise<HistBoosterResult> {
  const { rows, cols } = matrix;
  const binned = bin(matrix.data, rows, cols, params.max_bin);
  const slotDoubles = slotSize(binned.featureOffset);
  const run = allocateKernelMemory(rows, cols, planSparseGroups(binned, kernels.threads), slotDoubles);
  const memory = run.memory.buffer;
  const { layout } = run;
  const columns = new Uint16Array(memory, layout.columns, rows * cols);
  columns.set(binned.columns);
  for (const group of layout.groups) fillSparseGroup(binned, group, memory);
  const histogram = (): Float64Array => new Float64Array(new SharedArrayBuffer(slotDoubles * 8));
  const buffers: TrainingBuffers = {
    rows,
    run,
    columns,
    gradPairs: new Float32Array(memory, layout.gradPairs, 2 * rows),
    rowIndex: new Int32Array(memory, layout.rowIndex, rows),
    scratch: new Int32Array(memory, layout.scratch, rows),
    featureOffset: binned.featureOffset,
    dominant: binned.dominant,
    labels: sharedFloat32s(rows),
    margins: sharedFloat32s(rows),
    rowValue: sharedFloat32s(rows),
    hists: [histogram(), histogram()],
  };
  buffers.labels.set(labels);
  // XGBoost's ProbToMargin in float32; `+ 0` keeps base_score 0.5 at +0, the bytes it always wrote.
  const baseMargin = probabilityToMargin('binary:logistic', params.base_score) + 0;
  buffers.margins.fill(baseMargin);
  const scalePos = params.scale_pos_weight;
  await kernels.updateGradients(buffers, false, scalePos);
  const unsampled = new Int32Array(params.subsample < 1 ? rows : 0);
  const random = new Random(params.seed);
  const trees: RegressionTree[] = [];
  for (let round = 0; round < numRound; round++) {
    const rowCount = sampleRows(buffers.rowIndex, unsampled, rows, params.subsample, random);
    const features = sampleFeatures(cols, params.colsample_bytree, random);
    const grown = await growTree(buffers, kernels, rowCount, features, params);
    const finished = finishTree(grown, binned.cuts, params);
    trees.push(finished.tree);
    const { leaves, values } = leafRanges(finished, grown);
    await kernels.scatterLeaves(buffers, leaves, values);
    walkTree(finished, buffers.columns, buffers.featureOffset, unsampled, rows - rowCount, buffers.rowValue);
    await kernels.updateGradients(buffers, true, scalePos);
  }
  const ensemble: TreeEnsemble = {
    version: { major: 0, minor: 0 },
    objective: 'binary:logistic',
    booster: 'gbtree',
    // The pre-1.0 layout stores base_score as a margin.
    storedBaseScore: baseMargin,
    baseMargin: baseMargin,
    numFeature: cols,
    trees,
    attributes: {},
  };
  return { ensemble, modelBytes: writeXGBoostBinaryModel(ensemble), trainingMargins: buffers.margins.slice() };
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
  if (!Number.isInteger(numRound) || numRound < 1)
    throw new Error(`numRound must be a positive integer, got ${numRound}`);
  const resolved = resolveParams(params);
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  const wrap = options.instrument ?? ((kernels: TreeKernels) => kernels);
  const bin = options.quantize ?? quantize;
  if (workers === 1) return boost(matrix, labels, resolved, numRound, wrap(localKernels), bin);
  const pool = options.pool ?? new WorkerPool({ size: workers });
  try {
    return await boost(matrix, labels, resolved, numRound, wrap(poolKernels(pool, workers)), bin);
  } finally {
    if (options.pool === undefined) await pool.close();
  }
}
