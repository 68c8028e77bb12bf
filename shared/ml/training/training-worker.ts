/**
 * Worker side of the local training backend: a WorkerPool task (started by worker-training.ts)
 * that trains one booster with trainLocalBooster and posts the model bytes back (with the
 * validation curve, when asked for one). The worker is
 * itself the unit of parallelism, so the hist booster runs on this thread (workers 1) rather
 * than on a pool nested inside the pool. Pool workers persist, so the wasm module is compiled
 * (and tiered up) once, not per job. The wasm heap a job grows never shrinks: a worker whose
 * heap passed RETIRE_HEAP_BYTES is replaced after its job. The hist booster's binning of a matrix
 * is kept for the next job on the same features (QuantizeCache).
 */
import { validationCurve } from './validation-curve';
import type { TaskOutcome } from '../../core/parallel/pool-protocol';
import { parseXGBoostBinaryModel } from '../xgboost/xgb-binary-model';
import { trainLocalBooster } from './local-booster';
import { QuantizeCache } from './hist-booster/quantize-cache';
import { loadXGBoostWasm } from '../xgboost/xgboost-wasm';
import { wasmHeapTop } from '../xgboost/xgboost-wasm-module';
import type { WorkerTrainingRequest, WorkerTrainingResult } from './worker-training';

/**
 * The binnings this worker made: the trials of a tuning job, and the settings a cross-validation
 * tries on one fold, send the same matrix again and again.
 */
const quantizations = new QuantizeCache();

/** Heap size above which the worker is retired after its job. */
const RETIRE_HEAP_BYTES = 256 * 1024 * 1024;

export async function trainInWorker(request: WorkerTrainingRequest): Promise<TaskOutcome<WorkerTrainingResult>> {
  const started = performance.now();
  const trained = await trainLocalBooster(
    { data: request.features, rows: request.rows, cols: request.cols },
    request.labels,
    request.params,
    request.numRound,
    { workers: 1, quantize: quantizations.quantize },
  );
  const trainingMs = performance.now() - started;
  const { validation } = request;
  const curve =
    validation === undefined
      ? undefined
      : validationCurve(parseXGBoostBinaryModel(trained.modelBytes), validation.matrix, validation.labels);
  // A buffer of its own, so it can be moved to the caller rather than copied.
  const copy = trained.modelBytes.slice();
  // Only a wasm job can have grown the wasm heap; asking otherwise would compile the module for nothing.
  const retireWorker = trained.engine === 'wasm-xgboost' && wasmHeapTop(await loadXGBoostWasm()) > RETIRE_HEAP_BYTES;
  return {
    value: { modelBytes: copy, trainingMs, engine: trained.engine, reason: trained.reason, validation: curve },
    transfer: [copy.buffer],
    retireWorker,
  };
}
