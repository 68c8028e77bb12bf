import { binaryCurve } from './binary-curve';

/**
 * Precision–recall curve and average precision with scikit-learn 1.2 conventions.
 */

export interface PrecisionRecallCurve {
  /** precision[i] at thresholds[i]; one extra final entry equal to 1. */
  precision: Float64Array;
  /** recall[i] at thresholds[i]; non-increasing; one extra final entry equal to 0. */
  recall: Float64Array;
  /** Distinct scores in increasing order (a sample is predicted positive when score >= threshold). */
  thresholds: Float64Array;
}

/**
 * Same arrays as sklearn.metrics.precision_recall_curve (1.2): every distinct score is a
 * threshold (the curve is not truncated at full recall) and the point (recall 0, precision 1)
 * is appended. Throws when labels have no positive, where recall is undefined.
 */
export function precisionRecallCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const curve = binaryCurve(labels, scores, 'precisionRecallCurve');
  if (curve.positives === 0) {
    throw new Error('precisionRecallCurve: labels contain no positive (1); recall is undefined');
  }
  const count = curve.thresholds.length;
  const precision = new Float64Array(count + 1);
  const recall = new Float64Array(count + 1);
  const thresholds = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const source = count - 1 - i;
    const tp = curve.truePositives[source];
    const predicted = tp + curve.falsePositives[source];
    precision[i] = predicted === 0 ? 0 : tp / predicted;
    recall[i] = tp / curve.positives;
    thresholds[i] = curve.thresholds[source];
  }
  precision[count] = 1;
  recall[count] = 0;
  return { precision, recall, thresholds };
}

/**
 * sklearn.metrics.average_precision_score: AP = Σ_n (R_n - R_{n-1}) P_n over distinct
 * thresholds (step-wise, no interpolation). Throws when labels have no positive.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const curve = binaryCurve(labels, scores, 'averagePrecision');
  if (curve.positives === 0) throw new Error('averagePrecision: labels contain no positive (1); recall is undefined');
  return averagePrecisionOfCounts(curve.truePositives, curve.falsePositives, curve.thresholds.length, curve.positives);
}

/**
 * The AP sum over a binary curve's first `count` entries (thresholds from the top down), in
 * precisionRecallCurve's order: thresholds ascending, sum -= (R[i+1] - R[i]) * P[i], with R = 0
 * past the top threshold.
 */
export function averagePrecisionOfCounts(
  truePositives: Float64Array,
  falsePositives: Float64Array,
  count: number,
  positives: number,
): number {
  let sum = 0;
  for (let d = count - 1; d >= 0; d--) {
    const predicted = truePositives[d] + falsePositives[d];
    const precision = predicted === 0 ? 0 : truePositives[d] / predicted;
    const recallNext = d === 0 ? 0 : truePositives[d - 1] / positives;
    sum -= (recallNext - truePositives[d] / positives) * precision;
  }
  return sum;
}
