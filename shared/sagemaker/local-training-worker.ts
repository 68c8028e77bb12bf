/**
 * Worker side of the local training backend: a WorkerPool task (started by worker-training.ts)
 * that trains one booster with the wasm XGBoost and posts the model bytes back. Pool workers
 * persist, so the wasm module is compiled (and tiered up) once, not per job. The wasm heap a job
 * grows never shrinks: a worker whose heap passed RETIRE_HEAP_BYTES is replaced after its job.
 */
import type { TaskOutcome } from '../parallel/pool-protocol';
import { loadXGBoostWasm, trainBooster } from '../models/xgboost-wasm';
import { wasmHeapTop } from '../models/xgboost-wasm-module';
import type { WorkerTrainingRequest, WorkerTrainingResult } from './worker-training';

/** Heap size above which the worker is retired after its job. */
export const RETIRE_HEAP_BYTES = 256 * 1024 * 1024;

export async function trainInWorker(request: WorkerTrainingRequest): Promise<TaskOutcome<WorkerTrainingResult>> {
  const started = performance.now();
  const modelBytes = await trainBooster(
    { data: request.features, rows: request.rows, cols: request.cols },
    request.labels,
    request.params,
    request.numRound,
  );
  const trainingMs = performance.now() - started;
  // A buffer of its own, so it can be moved to the caller rather than copied.
  const copy = modelBytes.slice();
  const heapTop = wasmHeapTop(await loadXGBoostWasm());
  return { value: { modelBytes: copy, trainingMs }, transfer: [copy.buffer], retireWorker: heapTop > RETIRE_HEAP_BYTES };
}
