/**
 * Writing one version's artifacts into the models store, in the layout the endpoint loads
 * (./model-bundle.ts; the keys are ./layout.ts's): the booster, the same booster as
 * `model.tar.gz` (what SageMaker's CreateModel takes, so any version can be deployed on AWS as it
 * is), the preprocessor, the metrics and optionally the model card. Which version is served is the
 * registry's decision (./model-registry.ts moves the champion pointer).
 */
import type { Preprocessor } from '../../ml/data/preprocess';
import type { ObjectStore } from '../../core/storage/object-store';
import { registerVersion } from './model-registry';
import { packModelArtifact } from './model-artifact';
import {
  METRICS_FILE,
  MODEL_ARCHIVE_NAME,
  MODEL_CARD_FILE,
  MODEL_FILE,
  PREPROCESSOR_FILE,
  versionKey,
  versionPrefix,
} from './layout';
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
  const { version } = artifacts;
  await store.put(versionKey(version, MODEL_FILE), artifacts.modelBytes);
  await store.put(versionKey(version, MODEL_ARCHIVE_NAME), packModelArtifact(artifacts.modelBytes), {
    contentType: 'application/gzip',
  });
  await store.put(versionKey(version, PREPROCESSOR_FILE), JSON.stringify(artifacts.preprocessor.toJSON()), {
    contentType: 'application/json',
  });
  await store.put(versionKey(version, METRICS_FILE), serializeVersionMetrics(artifacts.metrics), {
    contentType: 'application/json',
  });
  if (artifacts.modelCard !== undefined)
    await store.put(versionKey(version, MODEL_CARD_FILE), artifacts.modelCard, { contentType: 'text/markdown' });
  return versionPrefix(version);
}

/** Writes a version's artifacts and registers it (immutably); returns the artifact prefix. */
export async function storeVersion(
  store: ObjectStore,
  artifacts: ModelArtifacts,
  trainingData: string,
  now = new Date(),
): Promise<string> {
  const prefix = await writeModelArtifacts(store, artifacts);
  const { metrics } = artifacts;
  await registerVersion(store, {
    version: artifacts.version,
    artifactPrefix: prefix,
    registeredAt: now.toISOString(),
    trainingData,
    reason: metrics.reason,
    metrics: {
      testAveragePrecision: metrics.test.averagePrecision.estimate,
      testBrier: metrics.test.brier.estimate,
      threshold: metrics.threshold,
    },
  });
  return prefix;
}
