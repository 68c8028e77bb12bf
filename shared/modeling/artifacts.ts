/**
 * One version's artifacts in the models store, laid out as the endpoint loads them
 * (`shared/serving/model-bundle.ts`) and as SageMaker's built-in container names the model:
 * `stroke/<version>/xgboost-model`, `preprocessor.json`, `metrics.json`, optionally
 * `model-card.md`, and `model.tar.gz` holding `xgboost-model` (what SageMaker's CreateModel
 * takes, so any version can be deployed on AWS as it is); `stroke/latest.json` names the version
 * to serve.
 */
import type { Preprocessor } from '../features/preprocess';
import type { ObjectStore } from '../storage/object-store';
import { MODEL_ARCHIVE_NAME, packModelArtifact } from '../sagemaker/model-artifact';
import { LATEST_FILE, METRICS_FILE, MODEL_FILE, PREPROCESSOR_FILE } from '../serving/model-bundle';

export interface ModelArtifacts {
  version: string;
  /** XGBoost binary model bytes (already truncated to the trees to serve). */
  modelBytes: Uint8Array;
  preprocessor: Preprocessor;
  /** Must hold `threshold`; everything else is the notebook's record of how the model did. */
  metrics: { threshold: number } & Record<string, unknown>;
  modelCard?: string;
}

/** A version name that sorts by time: v + UTC yyyyMMddHHmmss (+ suffix when given). */
export function versionName(now: Date, suffix = ''): string {
  return `v${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}${suffix ? `-${suffix}` : ''}`;
}

export async function writeModelArtifacts(store: ObjectStore, artifacts: ModelArtifacts, options: { promote: boolean }): Promise<string> {
  const prefix = `stroke/${artifacts.version}`;
  await store.put(`${prefix}/${MODEL_FILE}`, artifacts.modelBytes);
  await store.put(`${prefix}/${MODEL_ARCHIVE_NAME}`, packModelArtifact(artifacts.modelBytes), { contentType: 'application/gzip' });
  await store.put(`${prefix}/${PREPROCESSOR_FILE}`, JSON.stringify(artifacts.preprocessor.toJSON()), { contentType: 'application/json' });
  await store.put(`${prefix}/${METRICS_FILE}`, JSON.stringify(artifacts.metrics, null, 2), { contentType: 'application/json' });
  if (artifacts.modelCard !== undefined) await store.put(`${prefix}/model-card.md`, artifacts.modelCard, { contentType: 'text/markdown' });
  if (options.promote) await store.put(`stroke/${LATEST_FILE}`, JSON.stringify({ version: artifacts.version, prefix }), { contentType: 'application/json' });
  return prefix;
}
