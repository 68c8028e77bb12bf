import { binaryCurve, BinaryCurve } from './binary-curve';
import type { ConfusionCounts } from './classification';

/**
 * Threshold sweeps over every distinct score (sorted once). Candidate thresholds are the
 * distinct scores, so "score >= threshold" reproduces exactly the partitions the data allows.
 */

export interface F1Sweep {
  /** Distinct scores in increasing order. */
  thresholds: Float64Array;
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
}

function countsAt(curve: BinaryCurve, index: number): ConfusionCounts {
  const truePositives = curve.truePositives[index];
  const falsePositives = curve.falsePositives[index];
  return {
    truePositives,
    falsePositives,
    falseNegatives: curve.positives - truePositives,
    trueNegatives: curve.negatives - falsePositives,
  };
}

/** Precision, recall and F1 (zero_division=0) at every distinct score. */
export function f1ByThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>): F1Sweep {
  const curve = binaryCurve(labels, scores, 'f1ByThreshold');
  const count = curve.thresholds.length;
  const sweep: F1Sweep = {
    thresholds: new Float64Array(count),
    precision: new Float64Array(count),
    recall: new Float64Array(count),
    f1: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const source = count - 1 - i;
    const tp = curve.truePositives[source];
    const fp = curve.falsePositives[source];
    sweep.thresholds[i] = curve.thresholds[source];
    sweep.precision[i] = tp + fp === 0 ? 0 : tp / (tp + fp);
    sweep.recall[i] = curve.positives === 0 ? 0 : tp / curve.positives;
    const denominator = 2 * tp + fp + (curve.positives - tp);
    sweep.f1[i] = denominator === 0 ? 0 : (2 * tp) / denominator;
  }
  return sweep;
}

export interface ThresholdChoice extends ConfusionCounts {
  threshold: number;
}

/** Threshold with the highest F1; among ties the highest threshold (fewest flagged). */
export function bestF1Threshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): ThresholdChoice & { f1: number } {
  const curve = binaryCurve(labels, scores, 'bestF1Threshold');
  if (curve.positives === 0)
    throw new Error('bestF1Threshold: labels contain no positive (1); F1 is 0 at every threshold');
  let best = 0;
  let bestF1 = -1;
  for (let i = 0; i < curve.thresholds.length; i++) {
    const tp = curve.truePositives[i];
    const value = (2 * tp) / (2 * tp + curve.falsePositives[i] + curve.positives - tp);
    if (value > bestF1) {
      bestF1 = value;
      best = i;
    }
  }
  return { threshold: curve.thresholds[best], f1: bestF1, ...countsAt(curve, best) };
}

export interface MisclassificationCosts {
  /** Cost of missing a true stroke (false negative). */
  costFalseNegative: number;
  /** Cost of a false alarm (false positive). */
  costFalsePositive: number;
}

/**
 * Threshold minimising total cost = costFalseNegative·FN + costFalsePositive·FP. Candidates are
 * every distinct score plus +Infinity (flag nobody); among ties the highest threshold wins.
 */
export function costOptimalThreshold(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  costs: MisclassificationCosts,
): ThresholdChoice & { totalCost: number } {
  for (const key of ['costFalseNegative', 'costFalsePositive'] as const) {
    const value = costs[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`costOptimalThreshold: ${key} must be a finite number >= 0, got ${String(value)}`);
    }
  }
  const curve = binaryCurve(labels, scores, 'costOptimalThreshold');
  let bestCost = costs.costFalseNegative * curve.positives;
  let best: ThresholdChoice = {
    threshold: Infinity,
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: curve.positives,
    trueNegatives: curve.negatives,
  };
  for (let i = 0; i < curve.thresholds.length; i++) {
    const counts = countsAt(curve, i);
    const cost = costs.costFalseNegative * counts.falseNegatives + costs.costFalsePositive * counts.falsePositives;
    if (cost < bestCost) {
      bestCost = cost;
      best = { threshold: curve.thresholds[i], ...counts };
    }
  }
  return { ...best, totalCost: bestCost };
}
