import { fitLinearLogit, LinearLogit } from '../stats/linear-logit';
import { binIndex } from '../stats/histogram';
import { linspaceUnit, percentileSorted, sortedCopy } from '../stats/quantile';
import { checkProbabilityInputs } from './validate';

/**
 * How far probabilities are from frequencies: the reliability diagram (identical to
 * sklearn.calibration.calibration_curve 1.2), log loss, and the calibration slope and intercept.
 */

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationCurve {
  /** Observed positive rate per non-empty bin (sklearn's prob_true). */
  fractionPositive: Float64Array;
  /** Mean predicted probability per non-empty bin (sklearn's prob_pred). */
  meanPredicted: Float64Array;
  /** Samples per non-empty bin (not returned by sklearn; useful for plotting). */
  binCounts: Float64Array;
}

/**
 * Bins: 'uniform' splits [0, 1] into equal widths; 'quantile' uses the percentiles of the
 * probabilities at 0, 100/n, ..., 100. A probability equal to an inner edge goes to the lower
 * bin (searchsorted side='left'); empty bins are omitted, as in sklearn.
 */
export function calibrationCurve(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: { bins?: number; strategy?: CalibrationStrategy } = {},
): CalibrationCurve {
  const bins = options.bins ?? 5;
  const strategy = options.strategy ?? 'uniform';
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`calibrationCurve: bins must be a positive integer, got ${bins}`);
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new Error(`calibrationCurve: strategy must be 'uniform' or 'quantile', got ${String(strategy)}`);
  }
  checkProbabilityInputs(labels, probabilities, 'calibrationCurve');
  const levels = linspaceUnit(bins);
  let edges = levels;
  if (strategy === 'quantile') {
    const sorted = sortedCopy(probabilities, 'probabilities');
    edges = levels.map((level) => percentileSorted(sorted, level * 100));
  }
  const innerEdges = edges.subarray(1, bins);
  const sums = new Float64Array(bins + 1);
  const positives = new Float64Array(bins + 1);
  const totals = new Float64Array(bins + 1);
  for (let i = 0; i < labels.length; i++) {
    const bin = binIndex(probabilities[i], innerEdges);
    sums[bin] += probabilities[i];
    positives[bin] += labels[i];
    totals[bin]++;
  }
  const fractionPositive: number[] = [];
  const meanPredicted: number[] = [];
  const binCounts: number[] = [];
  for (let bin = 0; bin < totals.length; bin++) {
    if (totals[bin] === 0) continue;
    fractionPositive.push(positives[bin] / totals[bin]);
    meanPredicted.push(sums[bin] / totals[bin]);
    binCounts.push(totals[bin]);
  }
  return {
    fractionPositive: Float64Array.from(fractionPositive),
    meanPredicted: Float64Array.from(meanPredicted),
    binCounts: Float64Array.from(binCounts),
  };
}

/** Probabilities are clipped to [eps, 1 − eps] before the log, as scikit-learn 1.2 does (eps 1e-15). */
const LOG_LOSS_EPS = 1e-15;
const clipProbability = (p: number) => Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);

/** sklearn.metrics.log_loss for binary labels: mean −[y log p + (1 − y) log(1 − p)]. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  checkProbabilityInputs(labels, probabilities, 'logLoss');
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = clipProbability(probabilities[i]);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log1p(-p);
  }
  return sum / labels.length;
}

/**
 * The logistic recalibration y ~ sigmoid(intercept + slope·logit(p)) (Cox 1958): slope 1 and
 * intercept 0 when calibrated; slope < 1 means the predictions are too extreme, > 1 too timid.
 * Probabilities are clipped like logLoss so logit(p) stays finite.
 */
export function calibrationSlopeIntercept(labels: ArrayLike<number>, probabilities: ArrayLike<number>): LinearLogit {
  checkProbabilityInputs(labels, probabilities, 'calibrationSlopeIntercept');
  const logits = Float64Array.from(probabilities, (raw) => {
    const p = clipProbability(raw);
    return Math.log(p) - Math.log1p(-p);
  });
  return fitLinearLogit(logits, labels, 'calibrationSlopeIntercept');
}
