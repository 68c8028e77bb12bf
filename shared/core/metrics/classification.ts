import { checkBinaryInputs, checkProbabilityInputs } from './validate';

/**
 * Threshold-based classification counts and rates. A sample is predicted positive when
 * score >= threshold (as sklearn's curves do); undefined ratios are 0 (zero_division=0).
 */

export interface ConfusionCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export function confusionAt(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): ConfusionCounts {
  if (Number.isNaN(threshold)) throw new Error('confusionAt: threshold is NaN');
  checkBinaryInputs(labels, scores, 'confusionAt');
  const counts: ConfusionCounts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flagged = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (flagged) counts.truePositives++;
      else counts.falseNegatives++;
    } else if (flagged) counts.falsePositives++;
    else counts.trueNegatives++;
  }
  return counts;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** TP / (TP + FP). */
export function precision(c: ConfusionCounts): number {
  return ratio(c.truePositives, c.truePositives + c.falsePositives);
}

/** TP / (TP + FN), a.k.a. sensitivity. */
export function recall(c: ConfusionCounts): number {
  return ratio(c.truePositives, c.truePositives + c.falseNegatives);
}

/** TN / (TN + FP). */
export function specificity(c: ConfusionCounts): number {
  return ratio(c.trueNegatives, c.trueNegatives + c.falsePositives);
}

/** (TP + TN) / total. */
export function accuracy(c: ConfusionCounts): number {
  return ratio(
    c.truePositives + c.trueNegatives,
    c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives,
  );
}

/** Harmonic mean of precision and recall, 2TP / (2TP + FP + FN). */
export function f1(c: ConfusionCounts): number {
  return ratio(2 * c.truePositives, 2 * c.truePositives + c.falsePositives + c.falseNegatives);
}

/** sklearn.metrics.brier_score_loss: mean squared difference between probability and label. */
export function brierScore(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkProbabilityInputs(labels, probabilities, 'brierScore');
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const diff = labels[i] - probabilities[i];
    sum += diff * diff;
  }
  return sum / labels.length;
}

export { f1ByThreshold, bestF1Threshold, costOptimalThreshold } from './threshold-selection';
