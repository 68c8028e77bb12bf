/**
 * The metrics record of one model version (`stroke/<version>/metrics.json`), written and read
 * by this module only: notebook 03's first version and notebook 04's retrained ones have the
 * same fields, so whatever reads a champion's record reads any version's.
 */
import { readJsonArtifact } from '../model-store/model-bundle';
import { METRICS_FILE, versionKey } from '../model-store/layout';
import type { ObjectStore } from '../../core/storage/object-store';
import type { SplitEvaluation, ThresholdRule } from './evaluation';

export const METRICS_SCHEMA = 1;

export interface VersionMetrics {
  schema: typeof METRICS_SCHEMA;
  version: string;
  /** Why the version exists: the initial training, or the alert behind a retraining. */
  reason: string;
  seed: number;
  imbalanceStrategy: string;
  params: Record<string, number | string>;
  trees: number;
  /** The version's own threshold, from its own validation probabilities. */
  threshold: number;
  /** The rule that chose it; a retraining applies the same rule. */
  thresholdRule: ThresholdRule;
  calibration: { method: string; slope: number; intercept: number };
  crossValidation: { folds: number; averagePrecisionMean: number; averagePrecisionSd: number; rounds: number };
  /**
   * The logistic regression's weight in the margin (modeling/logistic-blend.ts), the blend's
   * out-of-fold log loss (its objective) and AP. Absent in records written before the blend
   * existed (the booster alone, weight 0).
   */
  blend?: { logisticWeight: number; logLossMean: number; averagePrecisionMean: number; averagePrecisionSd: number };
  validation: SplitEvaluation;
  /** The held-out split it was judged on when it was registered (gold's test split, or the retraining holdout). */
  test: SplitEvaluation;
}

const NUMBER_PATHS = [
  'seed',
  'trees',
  'threshold',
  'calibration.slope',
  'calibration.intercept',
  'crossValidation.averagePrecisionMean',
  'crossValidation.averagePrecisionSd',
  'crossValidation.rounds',
  ...['validation', 'test'].flatMap((split) =>
    [
      'rows',
      'positives',
      'averagePrecision.estimate',
      'rocAuc.estimate',
      'brier.estimate',
      'brier.lower',
      'brier.upper',
      'constantBrier',
      'logLoss',
      'calibrationSlope',
      'calibrationIntercept',
      'meanPredictedOverObserved',
      'atThreshold.threshold',
      'atThreshold.precision',
      'atThreshold.recall',
      'atThreshold.flagged',
    ].map((p) => `${split}.${p}`),
  ),
];

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

/** Checks a parsed metrics.json, naming the file and the first bad field. */
export function parseVersionMetrics(json: unknown, where: string): VersionMetrics {
  if (at(json, 'schema') !== METRICS_SCHEMA) {
    throw new Error(
      `${where}: field 'schema' is ${JSON.stringify(at(json, 'schema')) ?? 'missing'}; expected ${METRICS_SCHEMA} (written by shared/pipeline/modeling/version-metrics.ts)`,
    );
  }
  for (const path of ['version', 'reason', 'imbalanceStrategy', 'thresholdRule.kind', 'calibration.method']) {
    if (typeof at(json, path) !== 'string')
      throw new Error(`${where}: field '${path}' is ${JSON.stringify(at(json, path)) ?? 'missing'}; expected a string`);
  }
  for (const path of NUMBER_PATHS) {
    const v = at(json, path);
    // NaN and ±Infinity do not survive JSON (they become null), so null marks an undefined metric.
    if (typeof v !== 'number' && v !== null)
      throw new Error(`${where}: field '${path}' is ${JSON.stringify(v) ?? 'missing'}; expected a number`);
  }
  if (at(json, 'blend') !== undefined) {
    for (const path of [
      'blend.logisticWeight',
      'blend.logLossMean',
      'blend.averagePrecisionMean',
      'blend.averagePrecisionSd',
    ]) {
      if (typeof at(json, path) !== 'number')
        throw new Error(
          `${where}: field '${path}' is ${JSON.stringify(at(json, path)) ?? 'missing'}; expected a number`,
        );
    }
  }
  const rule = at(json, 'thresholdRule.kind');
  if (rule !== 'best F1' && !(rule === 'cost' && typeof at(json, 'thresholdRule.costFalseNegative') === 'number')) {
    throw new Error(
      `${where}: field 'thresholdRule' is ${JSON.stringify(at(json, 'thresholdRule'))}; expected { kind: 'best F1' } or { kind: 'cost', costFalseNegative: number }`,
    );
  }
  return json as VersionMetrics;
}

export function serializeVersionMetrics(metrics: VersionMetrics): string {
  return JSON.stringify(metrics, null, 2);
}

export async function readVersionMetrics(store: ObjectStore, version: string): Promise<VersionMetrics> {
  const key = versionKey(version, METRICS_FILE);
  return parseVersionMetrics(await readJsonArtifact(store, key, `metrics of ${version}`), key);
}
