/**
 * Worker-thread entry of the local training backend (started by worker-training.ts): trains one
 * booster with the wasm XGBoost and posts the model bytes back. Each job gets a fresh worker, so
 * the wasm heap a large job grows (it never shrinks) is released when the worker exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainBooster } from '../models/xgboost-wasm';
import type { WorkerTrainingRequest, WorkerTrainingReply } from './worker-training';

function reply(message: WorkerTrainingReply, transfer: ArrayBuffer[] = []): void {
  if (parentPort === null) throw new Error('local-training-worker must run in a worker thread (started by trainBoosterInWorker)');
  parentPort.postMessage(message, transfer);
}

async function main(): Promise<void> {
  const request = workerData as WorkerTrainingRequest;
  try {
    const started = performance.now();
    const modelBytes = await trainBooster(
      { data: request.features, rows: request.rows, cols: request.cols },
      request.labels,
      request.params,
      request.numRound,
    );
    const copy = modelBytes.slice();
    reply({ error: null, modelBytes: copy, trainingMs: performance.now() - started }, [copy.buffer]);
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error), modelBytes: null, trainingMs: 0 });
  }
}

void main();
