/**
 * The model card stored beside the model: what it was trained on, how well it does (with
 * intervals), how calibrated and how useful it is, the threshold and why, what it is for and
 * where it must not be trusted.
 */
import { describeRule } from './evaluation';
import type { VersionMetrics } from './version-metrics';

export interface ModelCardInput {
  version: string;
  trainedAt: string;
  data: { source: string; rows: number; positives: number; split: string; seed: number };
  features: readonly string[];
  imbalanceStrategy: string;
  params: Record<string, string | number>;
  trees: number;
  /** The logistic regression's weight in the margin (0: the boosted trees alone). */
  logisticWeight: number;
  test: Record<string, { estimate: number; lower: number; upper: number }>;
  threshold: { value: number; rule: string; precision: number; recall: number };
  /** One line each: how calibrated the probabilities are, and where the model adds net benefit. */
  calibration: string;
  usefulness: string;
}

const fmt = (x: number) => x.toFixed(3);

/** What the served margin is made of (modeling/logistic-blend.ts). */
function describeBlend(weight: number, trees: number, params: string): string {
  const booster = `${trees} boosted trees (${params})`;
  const regression = 'a logistic regression written as one tree per feature';
  if (weight === 0) return `${booster}; the logistic blend got weight 0 by cross-validation.`;
  if (weight === 1) return `${regression}; the ${booster} got weight 0 in the blend by cross-validation.`;
  return `${weight} × ${regression} + ${Number((1 - weight).toFixed(2))} × ${booster}, the weight chosen by cross-validation.`;
}

export function modelCard(input: ModelCardInput): string {
  const metricRows = Object.entries(input.test).map(
    ([name, m]) => `| ${name} | ${fmt(m.estimate)} | ${fmt(m.lower)} – ${fmt(m.upper)} |`,
  );
  const params = Object.entries(input.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`)
    .join(', ');
  return [
    `# Model card: stroke risk, ${input.version}`,
    '',
    `XGBoost binary classifier, trained ${input.trainedAt}: ${describeBlend(input.logisticWeight, input.trees, params)}`,
    '',
    '## Data',
    `${input.data.rows.toLocaleString('en-US')} patients from ${input.data.source}, ${input.data.positives} with a stroke ` +
      `(${((100 * input.data.positives) / input.data.rows).toFixed(1)}%). Split ${input.data.split}, stratified, seed ${input.data.seed}. ` +
      `Class imbalance handled by: ${input.imbalanceStrategy}.`,
    '',
    `Features (${input.features.length}): ${input.features.join(', ')}.`,
    '',
    '## Performance on the held-out test split',
    '| metric | estimate | 95% bootstrap interval |',
    '|---|---|---|',
    ...metricRows,
    '',
    '## Calibration',
    input.calibration,
    '',
    '## Clinical usefulness (decision curve on test)',
    input.usefulness,
    '',
    '## Threshold',
    `${fmt(input.threshold.value)}, chosen by ${input.threshold.rule} and applied unchanged to test: ` +
      `precision ${fmt(input.threshold.precision)}, recall ${fmt(input.threshold.recall)}.`,
    '',
    '## Intended use',
    'Teaching and research: ranking patients by stroke risk to show an end-to-end pipeline. Not a medical device; not for diagnosis or treatment decisions.',
    '',
    '## Limitations',
    '- Trained on a small public dataset (or a synthetic copy of it); it does not represent any particular clinic or population.',
    '- Calibrated on one validation split: a population with another base rate needs recalibration.',
    '- Discrimination within an age group is much weaker than overall: age carries most of the signal.',
    '- Few positives: the test intervals are wide; treat differences smaller than them as noise.',
    '',
  ].join('\n');
}

/** The card of a version from its metrics record, the data it came from and its decision-curve line. */
export function versionModelCard(
  metrics: VersionMetrics,
  context: Pick<ModelCardInput, 'trainedAt' | 'data' | 'features' | 'usefulness'>,
): string {
  const t = metrics.test;
  return modelCard({
    ...context,
    version: metrics.version,
    imbalanceStrategy: metrics.imbalanceStrategy,
    params: metrics.params,
    trees: metrics.trees,
    logisticWeight: metrics.blend?.logisticWeight ?? 0,
    test: { 'AUC-PR': t.averagePrecision, 'ROC-AUC': t.rocAuc, Brier: t.brier },
    threshold: {
      value: metrics.threshold,
      rule: describeRule(metrics.thresholdRule),
      precision: t.atThreshold.precision,
      recall: t.atThreshold.recall,
    },
    calibration:
      `${metrics.calibration.method} (a = ${metrics.calibration.slope.toFixed(3)}, b = ${metrics.calibration.intercept.toFixed(3)}), fitted on validation. ` +
      `Test: Brier ${t.brier.estimate.toFixed(4)} against ${t.constantBrier.toFixed(4)} for the base rate, calibration slope ` +
      `${t.calibrationSlope.toFixed(2)} and intercept ${t.calibrationIntercept.toFixed(2)}, mean predicted / observed ${t.meanPredictedOverObserved.toFixed(2)}.`,
  });
}
