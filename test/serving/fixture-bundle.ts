/**
 * Small servable models for the serving tests: synthetic patients, a preprocessor fitted on
 * their gold-like rows and boosters trained with the wasm XGBoost, stored the way notebook 03
 * stores them (stroke/<version>/xgboost-model, preprocessor.json, metrics.json, latest.json).
 * The oracle helpers recompute what the endpoint must answer without going through
 * shared/serving.
 */
import assert from 'node:assert/strict';
import { drawPatient, patientRecordOf, SyntheticPatient } from '../../shared/pipeline/data/synthetic';
import { FeatureMatrix, Preprocessor, fitPreprocessor } from '../../shared/ml/data/preprocess';
import { DEFAULT_FEATURES } from '../../shared/pipeline/modeling/dataset';
import { goldRowOf } from '../../shared/pipeline/gold/gold-transforms';
import { XGBoostParams, trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { loadModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import { RequestError } from '../../shared/pipeline/serving/request-error';
import { Endpoint, EndpointOptions, startEndpoint } from '../../shared/pipeline/serving/server';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ObjectStore } from '../../shared/core/storage/object-store';
import { Random } from '../../shared/core/util/random';

export type PatientRequest = Record<string, string | number | null>;

export function patientRequest(p: SyntheticPatient): PatientRequest {
  return patientRecordOf(p);
}

export function drawPatients(count: number, seed: number): SyntheticPatient[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => drawPatient(random, { allowOtherGender: false }));
}

/** The gold row the model sees for a request (gold's goldRowOf), a missing bmi filled with `bmiFill`. */
export function goldRow(request: PatientRequest, bmiFill: number): Record<string, string | number> {
  return goldRowOf(request, bmiFill);
}

export interface TrainedVersion {
  version: string;
  modelBytes: Uint8Array;
  preprocessor: Preprocessor;
  threshold: number;
  /** Mean of the training bmi column (what a null bmi is imputed with). */
  bmiMean: number;
}

const TRAINING_FILL = 28.1;

export async function trainVersion(
  version: string,
  params: XGBoostParams,
  rounds: number,
  threshold: number,
  seed = 11,
): Promise<TrainedVersion> {
  const patients = drawPatients(600, seed);
  const rows = patients.map((p) => goldRow(patientRequest(p), TRAINING_FILL));
  const preprocessor = fitPreprocessor(rows, DEFAULT_FEATURES);
  const x = preprocessor.transform(rows);
  const labels = Float32Array.from(patients, (p) => p.stroke);
  const modelBytes = await trainBooster(
    { data: x.matrix, rows: x.rows, cols: x.cols },
    labels,
    { objective: 'binary:logistic', seed: 3, ...params },
    rounds,
  );
  const bmiMean = rows.reduce((sum, r) => sum + (r.bmi as number), 0) / rows.length;
  return { version, modelBytes, preprocessor, threshold, bmiMean };
}

export async function storeVersion(store: ObjectStore, trained: TrainedVersion, promote = true): Promise<void> {
  const prefix = `stroke/${trained.version}`;
  await store.put(`${prefix}/xgboost-model`, trained.modelBytes);
  await store.put(`${prefix}/preprocessor.json`, JSON.stringify(trained.preprocessor.toJSON()));
  await store.put(`${prefix}/metrics.json`, JSON.stringify({ seed: 777, trees: 10, threshold: trained.threshold }));
  if (promote) await store.put('stroke/latest.json', JSON.stringify({ version: trained.version, prefix }));
}

/** An endpoint serving `trained`, stored (and promoted) in `store` (a fresh memory store unless given). */
export async function serveVersion(
  trained: TrainedVersion,
  options: Omit<EndpointOptions, 'bundle'> = {},
  store: ObjectStore = new MemoryObjectStore(),
): Promise<Endpoint> {
  await storeVersion(store, trained);
  return startEndpoint({ ...options, bundle: await loadModelBundle(store) });
}

export function transformRequests(trained: TrainedVersion, requests: PatientRequest[]): FeatureMatrix {
  return trained.preprocessor.transform(requests.map((r) => goldRow(r, trained.bmiMean)));
}

/** Indices of the `count` largest |values| among the non-zero ones, ties by lower index. */
export function topAbsolute(values: ArrayLike<number>, count: number): number[] {
  const indexed = Array.from(values, (v, i) => ({ v, i })).filter((e) => e.v !== 0);
  indexed.sort((a, b) => (Math.abs(b.v) === Math.abs(a.v) ? a.i - b.i : Math.abs(b.v) > Math.abs(a.v) ? 1 : -1));
  return indexed.slice(0, count).map((e) => e.i);
}

/** The RequestError `run` throws; fails the test when it throws something else or nothing. */
export function refusal(run: () => unknown): RequestError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof RequestError, `expected a RequestError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the input to be refused');
}
