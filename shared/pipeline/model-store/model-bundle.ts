/**
 * A servable model: the parsed XGBoost ensemble, the fitted preprocessor and the decision
 * threshold, loaded from the artifacts notebook 03 writes under `stroke/<version>/`
 * (`xgboost-model`, `preprocessor.json`, `metrics.json`) with `stroke/latest.json` =
 * `{version, prefix}` naming the promoted one (the keys are ./layout.ts's). Every inconsistency between the parts (feature
 * count, objective, threshold range, inputs a request cannot provide) is refused at load time,
 * so a bundle that loads can score every valid request.
 */
import { Preprocessor } from '../../ml/data/preprocess';
import { TreeEnsemble } from '../../ml/xgboost/tree-ensemble-types';
import { parseXGBoostBinaryModel } from '../../ml/xgboost/xgb-binary-model';
import type { ObjectStore } from '../../core/storage/object-store';
import {
  isVersionName,
  latestKey,
  METRICS_FILE,
  MODEL_FILE,
  MODELS_ROOT,
  PREPROCESSOR_FILE,
  versionKey,
  versionPrefix,
} from './layout';
import { servingInputsOf } from '../serving/request-validation';

export interface ModelBundle {
  version: string;
  ensemble: TreeEnsemble;
  preprocessor: Preprocessor;
  /** A probability at or above it is labelled 1 (as the metrics' confusion counts do). */
  threshold: number;
  featureNames: readonly string[];
}

export interface LoadBundleOptions {
  /** A version under the root, or 'latest' (default) for the one `latest.json` names. */
  version?: string;
  /** Key prefix of the model family (default MODELS_ROOT, 'stroke'). */
  root?: string;
}

/** The raw artifacts of one version, as stored. */
export interface BundleArtifacts {
  version: string;
  modelBytes: Uint8Array;
  preprocessorJson: unknown;
  metricsJson: unknown;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks the artifacts against each other and builds the bundle; throws naming the bad part. */
export function assembleModelBundle(artifacts: BundleArtifacts): ModelBundle {
  const where = `model bundle ${artifacts.version}`;
  let ensemble: TreeEnsemble;
  try {
    ensemble = parseXGBoostBinaryModel(artifacts.modelBytes);
  } catch (error) {
    throw new Error(`${where}: ${MODEL_FILE} is not a readable XGBoost binary model: ${errorText(error)}`, {
      cause: error,
    });
  }
  if (ensemble.objective !== 'binary:logistic' && ensemble.objective !== 'reg:logistic') {
    throw new Error(
      `${where}: ${MODEL_FILE} has objective ${ensemble.objective}; serving needs binary:logistic probabilities`,
    );
  }
  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(artifacts.preprocessorJson);
  } catch (error) {
    throw new Error(`${where}: ${PREPROCESSOR_FILE} is invalid: ${errorText(error)}`, { cause: error });
  }
  if (preprocessor.cols !== ensemble.numFeature) {
    throw new Error(
      `${where}: ${PREPROCESSOR_FILE} produces ${preprocessor.cols} features but ${MODEL_FILE} was trained on ${ensemble.numFeature}`,
    );
  }
  try {
    servingInputsOf(preprocessor);
  } catch (error) {
    throw new Error(`${where}: ${errorText(error)}`, { cause: error });
  }
  const metrics = artifacts.metricsJson;
  const threshold =
    metrics !== null && typeof metrics === 'object' ? (metrics as Record<string, unknown>).threshold : undefined;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new Error(
      `${where}: ${METRICS_FILE} field 'threshold' is ${JSON.stringify(threshold) ?? 'missing'}; expected a number in [0, 1]`,
    );
  }
  return { version: artifacts.version, ensemble, preprocessor, threshold, featureNames: preprocessor.featureNames };
}

function missingArtifact(store: ObjectStore, key: string, what: string): Error {
  return new Error(
    `${what}: missing ${store.description.replace(/\/+$/, '')}/${key} (has notebook 03 stored the artifacts?)`,
  );
}

async function readArtifact(store: ObjectStore, key: string, what: string): Promise<Uint8Array> {
  const object = await store.tryGet(key);
  if (object === undefined) throw missingArtifact(store, key, what);
  return object.body;
}

function parseJsonArtifact(bytes: Uint8Array, key: string, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error(`${what}: ${key} is not valid UTF-8 JSON: ${errorText(error)}`, { cause: error });
  }
}

/** A JSON artifact, with errors naming the object and what it was read for. */
export async function readJsonArtifact(store: ObjectStore, key: string, what: string): Promise<unknown> {
  return parseJsonArtifact(await readArtifact(store, key, what), key, what);
}

/** Which version `latest.json` points at; throws when it is absent or malformed. */
export async function resolveLatestVersion(store: ObjectStore, root = MODELS_ROOT): Promise<string> {
  const version = await findLatestVersion(store, root);
  if (version === null) throw missingArtifact(store, latestKey(root), 'latest model');
  return version;
}

/** Which version `latest.json` points at, or null before anything was promoted; throws when it is malformed. */
export async function findLatestVersion(store: ObjectStore, root = MODELS_ROOT): Promise<string | null> {
  const key = latestKey(root);
  const what = 'latest model';
  const object = await store.tryGet(key);
  if (object === undefined) return null;
  const pointer = parseJsonArtifact(object.body, key, what);
  const version =
    pointer !== null && typeof pointer === 'object' ? (pointer as Record<string, unknown>).version : undefined;
  if (typeof version !== 'string' || !isVersionName(version)) {
    throw new Error(
      `${what}: ${key} field 'version' is ${JSON.stringify(version) ?? 'missing'}; expected a version name like "v20250101120000"`,
    );
  }
  return version;
}

export async function loadModelBundle(store: ObjectStore, options: LoadBundleOptions = {}): Promise<ModelBundle> {
  const root = options.root ?? MODELS_ROOT;
  const requested = options.version ?? 'latest';
  const version = requested === 'latest' ? await resolveLatestVersion(store, root) : requested;
  if (!isVersionName(version)) {
    throw new Error(`model version ${JSON.stringify(version)} is not a plain name (letters, digits, '.', '_', '-')`);
  }
  const what = `model bundle ${versionPrefix(version, root)}`;
  const [modelBytes, preprocessorBytes, metricsBytes] = await Promise.all([
    readArtifact(store, versionKey(version, MODEL_FILE, root), what),
    readArtifact(store, versionKey(version, PREPROCESSOR_FILE, root), what),
    readArtifact(store, versionKey(version, METRICS_FILE, root), what),
  ]);
  return assembleModelBundle({
    version,
    modelBytes,
    preprocessorJson: parseJsonArtifact(preprocessorBytes, PREPROCESSOR_FILE, what),
    metricsJson: parseJsonArtifact(metricsBytes, METRICS_FILE, what),
  });
}
