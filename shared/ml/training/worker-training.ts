/**
 * Runs `trainLocalBooster` (the TypeScript hist booster or the wasm XGBoost, whichever the
 * parameters call for) on a worker thread, so a notebook or server stays responsive while a job
 * trains and several jobs train in parallel, a thread each. Jobs go to a WorkerPool (by default
 * the process-wide one, a worker per core): workers are started once and reused, so a tuning
 * job's trials do not each pay for a thread, tsx and the wasm compilation. Jobs beyond the
 * pool's size wait for a free worker.
 */
import * as path from 'node:path';
import type { FeatureMatrix as PreprocessedMatrix } from '../data/preprocess';
import type { ValidationCurve } from './validation-curve';
import type { FeatureMatrix } from '../xgboost/feature-matrix';
import type { LocalEngine } from './local-booster';
import type { XGBoostParams } from '../xgboost/xgboost-params';
import { sharedWorkerPool, taskKind, WorkerPool } from '../../core/parallel/worker-pool';
import { isAbortError } from '../../core/util/abort';

export interface WorkerTrainingRequest {
  features: Float32Array | Float64Array;
  rows: number;
  cols: number;
  labels: Float32Array;
  params: XGBoostParams;
  numRound: number;
  /** When given, the worker also scores every tree prefix on it (validationCurve). */
  validation?: ValidationSet;
}

export interface ValidationSet {
  matrix: PreprocessedMatrix;
  labels: Float64Array;
}

export interface WorkerTrainingResult {
  modelBytes: Uint8Array;
  /** Time spent training inside the worker (excludes queueing and messaging). */
  trainingMs: number;
  /** The engine that trained the model, and why (chooseLocalEngine). */
  engine: LocalEngine;
  reason: string;
  /** The validation curve, when the request had a validation set. */
  validation?: ValidationCurve;
}

export interface WorkerTrainingOptions {
  /** Default: the process-wide pool (sharedWorkerPool()). */
  pool?: WorkerPool;
  /** Score every tree prefix on this set in the worker too. */
  validation?: ValidationSet;
  /** Ends the training (and its worker) when it fires; the call rejects with an AbortError. */
  signal?: AbortSignal;
}

const TRAIN_TASK = taskKind<WorkerTrainingRequest, WorkerTrainingResult>(
  path.join(__dirname, 'training-worker.ts'),
  'trainInWorker',
);

/** Trains on a pool worker; resolves with the model bytes or rejects with the worker's error. */
export async function trainBoosterInWorker(
  features: FeatureMatrix,
  labels: Float32Array,
  params: XGBoostParams,
  numRound: number,
  options: WorkerTrainingOptions = {},
): Promise<WorkerTrainingResult> {
  const request: WorkerTrainingRequest = {
    features: features.data,
    rows: features.rows,
    cols: features.cols,
    labels,
    params,
    numRound,
    validation: options.validation,
  };
  try {
    return await (options.pool ?? sharedWorkerPool()).run(TRAIN_TASK, request, [], options.signal);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new Error(`local training failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
