/**
 * One version's artifacts in the models store, laid out as the endpoint loads them
 * (`shared/pipeline/model-store/model-bundle.ts`) and as SageMaker's built-in container names the model:
 * `stroke/<version>/xgboost-model`, `preprocessor.json`, `metrics.json`, optionally
 * `model-card.md`, and `model.tar.gz` holding `xgboost-model` (what SageMaker's CreateModel
 * takes, so any version can be deployed on AWS as it is). Which version is served is the
 * registry's decision (`shared/pipeline/model-store/model-registry.ts` moves `stroke/latest.json`).
 */
import type { Preprocessor } from '../../ml/data/preprocess';
import type { ObjectStore } from '../../core/storage/object-store';
import { registerVersion } from './model-registry';
import { MODEL_ARCHIVE_NAME, packModelArtifact } from './model-artifact';
import { METRICS_FILE, MODEL_FILE, PREPROCESSOR_FILE } from './model-bundle';
import { serializeVersionMetrics, type VersionMetrics } from '../modeling/version-metrics';

export interface ModelArtifacts {
  version: string;
  /** XGBoost binary model bytes, calibrated, with the trees to serve. */
  modelBytes: Uint8Array;
  preprocessor: Preprocessor;
  metrics: VersionMetrics;
  modelCard?: string;
}

/** A version name that sorts by time: v + UTC yyyyMMddHHmmss (+ suffix when given). */
export function versionName(now: Date, suffix = ''): string {
  return `v${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}${suffix ? `-${suffix}` : ''}`;
}

export async function writeModelArtifacts(store: ObjectStore, artifacts: ModelArtifacts): Promise<string> {
  const prefix = `stroke/${artifacts.version}`;
  await store.put(`${prefix}/${MODEL_FILE}`, artifacts.modelBytes);
  await store.put(`${prefix}/${MODEL_ARCHIVE_NAME}`, packModelArtifact(artifacts.modelBytes), { contentType: 'application/gzip' });
  await store.put(`${prefix}/${PREPROCESSOR_FILE}`, JSON.stringify(artifacts.preprocessor.toJSON()), { contentType: 'application/json' });
  await store.put(`${prefix}/${METRICS_FILE}`, serializeVersionMetrics(artifacts.metrics), { contentType: 'application/json' });
  if (artifacts.modelCard !== undefined) await store.put(`${prefix}/model-card.md`, artifacts.modelCard, { contentType: 'text/markdown' });
  return prefix;
}

/** Writes a version's artifacts and registers it (immutably); returns the artifact prefix. */
export async function storeVersion(store: ObjectStore, artifacts: ModelArtifacts, trainingData: string, now = new Date()): Promise<string> {
  const prefix = await writeModelArtifacts(store, artifacts);
  const { metrics } = artifacts;
  await registerVersion(store, {
    version: artifacts.version, artifactPrefix: prefix, registeredAt: now.toISOString(), trainingData, reason: metrics.reason,
    metrics: { testAveragePrecision: metrics.test.averagePrecision.estimate, testBrier: metrics.test.brier.estimate, threshold: metrics.threshold },
  });
  return prefix;
}
