/**
 * How a model version did on one split, as one typed record: discrimination (AP, ROC-AUC) and
 * calibration (Brier beside the constant predictor's, log loss, calibration slope and intercept,
 * mean predicted over observed), with bootstrap intervals, and how it classifies at its threshold.
 */
import { averagePrecision } from '../../core/metrics/average-precision';
import { bootstrapInterval, type BootstrapInterval } from '../../core/metrics/bootstrap';
import { calibrationSlopeIntercept, logLoss } from '../../core/metrics/calibration';
import {
  bestF1Threshold,
  brierScore,
  confusionAt,
  costOptimalThreshold,
  precision,
  recall,
} from '../../core/metrics/classification';
import { rocAuc } from '../../core/metrics/roc';
import type { HoldoutScore } from '../model-store/model-registry';

export type ThresholdRule = { kind: 'best F1' } | { kind: 'cost'; costFalseNegative: number };

export function describeRule(rule: ThresholdRule): string {
  return rule.kind === 'best F1'
    ? 'best F1 on validation'
    : `cost ${rule.costFalseNegative}:1 (missed stroke : false alarm) on validation`;
}

/** The version's threshold, from its own validation probabilities. */
export function chooseThreshold(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  rule: ThresholdRule,
): number {
  if (rule.kind === 'best F1') return bestF1Threshold(labels, probabilities).threshold;
  return costOptimalThreshold(labels, probabilities, {
    costFalseNegative: rule.costFalseNegative,
    costFalsePositive: 1,
  }).threshold;
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface AtThreshold {
  threshold: number;
  precision: number;
  recall: number;
  /** Share of patients labelled positive. */
  flagged: number;
}

export interface SplitEvaluation {
  rows: number;
  positives: number;
  averagePrecision: Interval;
  rocAuc: Interval;
  brier: Interval;
  /** Brier of predicting this split's own base rate for everyone. */
  constantBrier: number;
  logLoss: number;
  calibrationSlope: number;
  calibrationIntercept: number;
  /** Mean predicted probability over the observed rate (1 when calibrated in the large). */
  meanPredictedOverObserved: number;
  atThreshold: AtThreshold;
}

const interval = (i: BootstrapInterval): Interval => ({ estimate: i.estimate, lower: i.lower, upper: i.upper });

export function atThreshold(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
): AtThreshold {
  const c = confusionAt(labels, probabilities, threshold);
  return {
    threshold,
    precision: precision(c),
    recall: recall(c),
    flagged: (c.truePositives + c.falsePositives) / labels.length,
  };
}

/** `signal`: Kernel > Interrupt stops the bootstrap (an AbortError), see core/metrics/bootstrap. */
export async function evaluateSplit(
  labels: Float64Array,
  probabilities: Float64Array,
  threshold: number,
  options: { seed: number; iterations?: number; signal?: AbortSignal },
): Promise<SplitEvaluation> {
  const bootstrap = { seed: options.seed, iterations: options.iterations ?? 1000, signal: options.signal };
  const positives = labels.reduce((a, b) => a + b, 0);
  const rate = positives / labels.length;
  const meanPredicted = probabilities.reduce((a, b) => a + b, 0) / probabilities.length;
  const calibration = calibrationSlopeIntercept(labels, probabilities);
  return {
    rows: labels.length,
    positives,
    averagePrecision: interval(await bootstrapInterval(labels, probabilities, averagePrecision, bootstrap)),
    rocAuc: interval(await bootstrapInterval(labels, probabilities, rocAuc, bootstrap)),
    brier: interval(await bootstrapInterval(labels, probabilities, brierScore, bootstrap)),
    constantBrier: rate * (1 - rate),
    logLoss: logLoss(labels, probabilities),
    calibrationSlope: calibration.slope,
    calibrationIntercept: calibration.intercept,
    meanPredictedOverObserved: meanPredicted / rate,
    atThreshold: atThreshold(labels, probabilities, threshold),
  };
}

/** What the promotion gate compares (shared/pipeline/model-store/model-registry.ts), from a holdout evaluation. */
export function gateScore(evaluation: SplitEvaluation): HoldoutScore {
  return {
    averagePrecision: evaluation.averagePrecision.estimate,
    brier: evaluation.brier.estimate,
    flagged: evaluation.atThreshold.flagged,
  };
}

export interface HoldoutComparison {
  evaluations: Record<string, SplitEvaluation>;
  gate: Record<string, HoldoutScore>;
}

/** Each model's evaluation and gate scores on one holdout, every model at its own threshold. */
export async function compareOnHoldout(
  labels: Float64Array,
  models: Record<string, { probabilities: Float64Array; threshold: number }>,
  options: { seed: number; signal?: AbortSignal },
): Promise<HoldoutComparison> {
  const evaluations: Record<string, SplitEvaluation> = {};
  const gate: Record<string, HoldoutScore> = {};
  for (const [name, m] of Object.entries(models)) {
    evaluations[name] = await evaluateSplit(labels, m.probabilities, m.threshold, options);
    gate[name] = gateScore(evaluations[name]);
  }
  return { evaluations, gate };
}

export interface GroupMetrics {
  column: string;
  group: string;
  patients: number;
  strokes: number;
  /** Undefined when the group has only one class (ROC-AUC needs both). */
  rocAuc: number | undefined;
  recall: number;
  precision: number;
}

/**
 * Discrimination and classification at `threshold` within each group of each column: `groups`
 * holds, per column, one value per row of `labels` (null counts as the group "null"). Groups are
 * listed column by column, in sorted order.
 */
export function metricsByGroup(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  groups: Record<string, ArrayLike<unknown>>,
  threshold: number,
): GroupMetrics[] {
  const rows: GroupMetrics[] = [];
  for (const [column, raw] of Object.entries(groups)) {
    if (raw.length !== labels.length)
      throw new Error(`metricsByGroup: column ${column} has ${raw.length} values for ${labels.length} labels`);
    const values = Array.from(raw, (v) => String(v ?? 'null'));
    for (const group of [...new Set(values)].sort()) {
      const idx = values.flatMap((v, i) => (v === group ? [i] : []));
      const y = idx.map((i) => labels[i]);
      const p = idx.map((i) => probabilities[i]);
      const c = confusionAt(y, p, threshold);
      const both = y.includes(1) && y.includes(0);
      rows.push({
        column,
        group,
        patients: idx.length,
        strokes: c.truePositives + c.falseNegatives,
        rocAuc: both ? rocAuc(y, p) : undefined,
        recall: recall(c),
        precision: precision(c),
      });
    }
  }
  return rows;
}
