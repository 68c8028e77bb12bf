/**
 * The model store: where a model version lives, how it is written, loaded, registered and
 * promoted. This file is its layout, every object key and file name defined once; the other
 * files of the folder use these and spell none of them out.
 *
 * Which file owns what:
 * - `layout.ts` (this file): the keys. In the models bucket a version's folder
 *   `stroke/<version>/` holds `xgboost-model`, `model.tar.gz`, `preprocessor.json`,
 *   `metrics.json` and optionally `model-card.md`; `stroke/latest.json` is the champion pointer;
 *   the registry's records are `registry/stroke/versions/<version>.json` and
 *   `registry/stroke/decisions/<decided at>-<version>.json`; a training job leaves its archive at
 *   `<output prefix>/<job name>/output/model.tar.gz` (SageMaker's layout). Also which version
 *   names are valid (they become keys).
 * - `model-artifact.ts`: the `model.tar.gz` format (a gzip tar holding `xgboost-model`).
 * - `artifacts.ts`: writing a version's artifacts and registering it; version names by time.
 * - `model-bundle.ts`: loading a version, or the one the pointer names, as a servable bundle.
 * - `model-registry.ts`: registrations, the promotion gate, its decisions and the pointer.
 */
import { joinKey } from '../../core/storage/object-store';

/** Key prefix of the stroke model family in the models bucket. */
export const MODELS_ROOT = 'stroke';
/** The booster, in XGBoost's binary format: the name SageMaker's XGBoost container writes and loads. */
export const MODEL_FILE = 'xgboost-model';
/** The gzip tar holding `MODEL_FILE`, as SageMaker's CreateModel takes it. */
export const MODEL_ARCHIVE_NAME = 'model.tar.gz';
export const PREPROCESSOR_FILE = 'preprocessor.json';
export const METRICS_FILE = 'metrics.json';
export const MODEL_CARD_FILE = 'model-card.md';
/** The champion pointer `{ version, prefix, since }`, directly under the family's root. */
const LATEST_FILE = 'latest.json';

const REGISTRY_ROOT = 'registry/stroke';
/** Prefix of every registered version's record. */
export const REGISTERED_VERSIONS_PREFIX = `${REGISTRY_ROOT}/versions/`;
/** Prefix of every promotion decision's record. */
export const DECISIONS_PREFIX = `${REGISTRY_ROOT}/decisions/`;

const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Whether `version` can name a version: a letter or digit, then letters, digits, '.', '_' or '-' (no path). */
export function isVersionName(version: string): boolean {
  return VERSION_NAME.test(version);
}

/** The folder of a version's artifacts, e.g. `stroke/v20261126120000`. */
export function versionPrefix(version: string, root = MODELS_ROOT): string {
  return joinKey(root, version);
}

/** One artifact of a version, e.g. `stroke/v20261126120000/metrics.json`. */
export function versionKey(version: string, file: string, root = MODELS_ROOT): string {
  return joinKey(root, version, file);
}

/** The champion pointer's key, `stroke/latest.json`. */
export function latestKey(root = MODELS_ROOT): string {
  return joinKey(root, LATEST_FILE);
}

export function registeredVersionKey(version: string): string {
  return `${REGISTERED_VERSIONS_PREFIX}${version}.json`;
}

/** A decision's key: its time without separators, then the challenger, so the listing sorts by time. */
export function decisionKey(decidedAt: string, challenger: string): string {
  return `${DECISIONS_PREFIX}${decidedAt.replace(/[-:.]/g, '')}-${challenger}.json`;
}

/** Key (relative to the output location) of a training job's model archive. */
export function modelArtifactKey(outputPrefix: string, jobName: string): string {
  return joinKey(outputPrefix, jobName, 'output', MODEL_ARCHIVE_NAME);
}

/** The same location as a URI under an output URI (e.g. s3://bucket/models). */
export function modelArtifactUri(outputUri: string, jobName: string): string {
  return `${outputUri.replace(/\/+$/, '')}/${modelArtifactKey('', jobName)}`;
}
