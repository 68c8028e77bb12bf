/**
 * Runs `trainBooster` in a worker thread, so a notebook or server stays responsive while a job
 * trains and several jobs can train in parallel. The worker is a TypeScript file: a two-line
 * CommonJS bootstrap registers tsx's require hook and then requires it. (Node 20 does not apply
 * `--import tsx` hooks to a worker's own entry file, which fails with "Unknown file extension
 * .ts".) This works the same under tsx, node's test runner and tslab.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeatureMatrix } from '../models/feature-matrix';
import type { XGBoostParams } from '../models/xgboost-params';

export interface WorkerTrainingRequest {
  features: Float32Array | Float64Array;
  rows: number;
  cols: number;
  labels: Float32Array;
  params: XGBoostParams;
  numRound: number;
}

/** One flat shape rather than a union: tslab compiles without strictNullChecks, where narrowing it is unreliable. */
export interface WorkerTrainingReply {
  /** The worker's error message, or null on success. */
  error: string | null;
  modelBytes: Uint8Array | null;
  trainingMs: number;
}

export interface WorkerTrainingResult {
  modelBytes: Uint8Array;
  /** Time spent in trainBooster inside the worker (excludes worker start-up). */
  trainingMs: number;
}

const WORKER_FILE = 'local-training-worker.ts';

function workerPath(): string {
  const file = path.join(__dirname, WORKER_FILE);
  if (!fs.existsSync(file)) throw new Error(`training worker not found at ${file}; it must sit next to worker-training.ts`);
  return file;
}

function bootstrapSource(file: string): string {
  let tsxApi: string;
  try {
    tsxApi = require.resolve('tsx/cjs/api');
  } catch (error) {
    throw new Error(`the training worker needs the tsx package to run TypeScript: ${error instanceof Error ? error.message : String(error)}`);
  }
  return `require(${JSON.stringify(tsxApi)}).register();\nrequire(${JSON.stringify(file)});\n`;
}

/** Trains in a fresh worker thread; resolves with the model bytes or rejects with the worker's error. */
export function trainBoosterInWorker(
  features: FeatureMatrix,
  labels: Float32Array,
  params: XGBoostParams,
  numRound: number,
): Promise<WorkerTrainingResult> {
  const request: WorkerTrainingRequest = { features: features.data, rows: features.rows, cols: features.cols, labels, params, numRound };
  return new Promise<WorkerTrainingResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(bootstrapSource(workerPath()), { eval: true, workerData: request });
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    worker.once('message', (reply: WorkerTrainingReply) => {
      settle(() => {
        if (reply.error !== null || reply.modelBytes === null) reject(new Error(`local training failed: ${reply.error ?? 'no model returned'}`));
        else resolve({ modelBytes: reply.modelBytes, trainingMs: reply.trainingMs });
      });
      void worker.terminate();
    });
    worker.once('error', (error) => settle(() => reject(new Error(`local training worker crashed: ${error.message}`))));
    worker.once('exit', (code) => settle(() => reject(new Error(`local training worker exited with code ${code} before replying`))));
  });
}
