import { binaryCurve } from './binary-curve';
import { requireBothClasses } from './validate';

/**
 * ROC curve and AUC with scikit-learn conventions.
 */

export interface RocCurve {
  falsePositiveRate: Float64Array;
  truePositiveRate: Float64Array;
  /** Decreasing; thresholds[0] is +Infinity (the "flag nobody" point). */
  thresholds: Float64Array;
}

/**
 * sklearn.metrics.roc_curve(drop_intermediate=True): points collinear with both neighbours
 * (zero second difference of both FP and TP counts) are dropped; (0, 0) is prepended.
 * The leading threshold is +Infinity as in sklearn >= 1.3 (sklearn 1.2 wrote max(score) + 1;
 * all other entries are identical). Throws unless both classes are present.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const curve = binaryCurve(labels, scores, 'rocCurve');
  requireBothClasses(curve, 'rocCurve');
  const { truePositives: tps, falsePositives: fps, thresholds } = curve;
  const count = thresholds.length;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const isEnd = i === 0 || i === count - 1 || count <= 2;
    const bends =
      !isEnd &&
      (fps[i + 1] - fps[i] - (fps[i] - fps[i - 1]) !== 0 || tps[i + 1] - tps[i] - (tps[i] - tps[i - 1]) !== 0);
    if (isEnd || bends) kept.push(i);
  }
  const falsePositiveRate = new Float64Array(kept.length + 1);
  const truePositiveRate = new Float64Array(kept.length + 1);
  const rocThresholds = new Float64Array(kept.length + 1);
  rocThresholds[0] = Infinity;
  for (let k = 0; k < kept.length; k++) {
    falsePositiveRate[k + 1] = fps[kept[k]] / curve.negatives;
    truePositiveRate[k + 1] = tps[kept[k]] / curve.positives;
    rocThresholds[k + 1] = thresholds[kept[k]];
  }
  return { falsePositiveRate, truePositiveRate, thresholds: rocThresholds };
}

/** Trapezoidal area under y(x) for non-decreasing x (sklearn.metrics.auc). */
function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`trapezoidArea: x has ${x.length} points but y has ${y.length}`);
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    const width = x[i] - x[i - 1];
    if (width < 0) throw new Error(`trapezoidArea: x must be non-decreasing, x[${i}] < x[${i - 1}]`);
    area += (width * (y[i] + y[i - 1])) / 2;
  }
  return area;
}

/** sklearn.metrics.roc_auc_score for binary labels; tied scores contribute half credit. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { falsePositiveRate, truePositiveRate } = rocCurve(labels, scores);
  return trapezoidArea(falsePositiveRate, truePositiveRate);
}
