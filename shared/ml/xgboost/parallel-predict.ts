/**
 * Batch scoring and TreeSHAP spread over worker threads: the features are copied once into a
 * SharedArrayBuffer as float32 (the precision every comparison uses), the ensemble is shared the
 * same way (once per ensemble), and each worker fills its own range of rows of a shared output.
 * Rows are independent and each is computed by the sequential code, so the results equal
 * predictMargin / predictProba / shapValues bit for bit. Inputs smaller than `minRowsPerTask`
 * are computed on the calling thread (same code, same bits) rather than paying a round trip.
 */
import * as path from 'node:path';
import { sharedWorkerPool, taskKind, WorkerPool } from '../../core/parallel/worker-pool';
import type { FeatureArray } from './feature-matrix';
import type { RowRangeTask, ScoreTask } from './parallel-tasks';
import { shareEnsemble } from './shared-ensemble';
import {
  checkFeatures,
  checkProbabilityObjective,
  predictMargin,
  PredictOptions,
  predictProba,
  resolveTreeCount,
} from './tree-ensemble';
import type { TreeEnsemble } from './tree-ensemble-types';
import { shapValues } from '../shap/tree-shap';

export interface ParallelOptions {
  /** Workers to spread the rows over (default: the pool's size). */
  workers?: number;
  /** Default: the process-wide pool, one worker per core. */
  pool?: WorkerPool;
  /** Fewer rows than this per task is not worth a worker (default 4096 for scoring, 64 for SHAP). */
  minRowsPerTask?: number;
  /** Ends the row tasks (and their workers) when it fires; the call rejects with an AbortError. */
  signal?: AbortSignal;
}

const TASKS_MODULE = path.join(__dirname, 'parallel-tasks.ts');
const SCORE_TASK = taskKind<ScoreTask, null>(TASKS_MODULE, 'scoreRowRange');
const SHAP_TASK = taskKind<RowRangeTask, null>(TASKS_MODULE, 'shapRowRange');
/** Ranges per worker: a few, so a worker slowed by other load does not hold up the rest. */
const RANGES_PER_WORKER = 3;

function sharedFloat32(X: FeatureArray): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(X.length * Float32Array.BYTES_PER_ELEMENT);
  new Float32Array(buffer).set(X);
  return buffer;
}

/** Results in an ordinary buffer, as the sequential functions return them. */
function copyToUnshared(output: SharedArrayBuffer): Float64Array {
  const copy = new Float64Array(output.byteLength / Float64Array.BYTES_PER_ELEMENT);
  copy.set(new Float64Array(output));
  return copy;
}

/** Row ranges [begin, end) covering 0..rows, as equal as possible. */
export function splitRows(rows: number, ranges: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(ranges, rows));
  const out: Array<[number, number]> = [];
  for (let k = 0; k < count; k++) out.push([Math.floor((k * rows) / count), Math.floor(((k + 1) * rows) / count)]);
  return out;
}

interface Plan {
  pool: WorkerPool;
  workers: number;
  ranges: Array<[number, number]>;
  signal: AbortSignal | undefined;
}

/** How to split the rows, or null to compute on the calling thread. */
function planRanges(rows: number, options: ParallelOptions, defaultMinRows: number): Plan | null {
  const minRows = options.minRowsPerTask ?? defaultMinRows;
  if (!Number.isInteger(minRows) || minRows < 1)
    throw new Error(`minRowsPerTask must be a positive integer, got ${minRows}`);
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1)) {
    throw new Error(`workers must be a positive integer, got ${options.workers}`);
  }
  if (rows < minRows) return null;
  const pool = options.pool ?? sharedWorkerPool();
  const workers = options.workers ?? pool.size;
  return {
    pool,
    workers,
    signal: options.signal,
    ranges: splitRows(rows, Math.min(workers * RANGES_PER_WORKER, Math.floor(rows / minRows))),
  };
}

/** Runs one task per range, at most `workers` at a time. */
async function runRanges(plan: Plan, run: (range: [number, number]) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.ranges.length) await run(plan.ranges[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(plan.workers, plan.ranges.length) }, lane));
}

async function scoreParallel(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: ParallelOptions & PredictOptions,
  probabilities: boolean,
): Promise<Float64Array> {
  checkFeatures(ensemble, X, rows, cols);
  const treeCount = resolveTreeCount(ensemble, options.treeLimit);
  const plan = planRanges(rows, options, 4096);
  if (plan === null)
    return probabilities
      ? predictProba(ensemble, X, rows, cols, options)
      : predictMargin(ensemble, X, rows, cols, options);
  const features = sharedFloat32(X);
  const output = new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT);
  const shared = shareEnsemble(ensemble);
  await runRanges(plan, ([rowBegin, rowEnd]) =>
    plan.pool.run(
      SCORE_TASK,
      { ensemble: shared, features, cols, rowBegin, rowEnd, output, treeCount, probabilities },
      [],
      plan.signal,
    ),
  );
  return copyToUnshared(output);
}

/** predictMargin on worker threads; equal to it bit for bit. */
export function predictMarginParallel(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: ParallelOptions & PredictOptions = {},
): Promise<Float64Array> {
  return scoreParallel(ensemble, X, rows, cols, options, false);
}

/** predictProba on worker threads; equal to it bit for bit. */
export async function predictProbaParallel(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: ParallelOptions & PredictOptions = {},
): Promise<Float64Array> {
  checkProbabilityObjective(ensemble);
  return scoreParallel(ensemble, X, rows, cols, options, true);
}

/** shapValues on worker threads (rows x (cols + 1), bias last); equal to it bit for bit. */
export async function shapValuesParallel(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: ParallelOptions = {},
): Promise<Float64Array> {
  checkFeatures(ensemble, X, rows, cols);
  const width = cols + 1;
  const plan = planRanges(rows, options, 64);
  if (plan === null) return shapValues(ensemble, X, rows, cols);
  const features = sharedFloat32(X);
  const output = new SharedArrayBuffer(rows * width * Float64Array.BYTES_PER_ELEMENT);
  const shared = shareEnsemble(ensemble);
  await runRanges(plan, ([rowBegin, rowEnd]) =>
    plan.pool.run(SHAP_TASK, { ensemble: shared, features, cols, rowBegin, rowEnd, output }, [], plan.signal),
  );
  return copyToUnshared(output);
}
