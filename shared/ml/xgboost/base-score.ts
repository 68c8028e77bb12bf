/**
 * base_score from the training labels. XGBoost 3.x estimates the intercept of binary:logistic as
 * the (sample-weighted) mean label, in probability space (2.x took one Newton step from margin 0
 * instead); 0.7x and our hist booster default to 0.5. We give both local engines the prevalence
 * explicitly, with positives weighted by scale_pos_weight: that is the constant that minimises the
 * weighted log loss the trees then descend, so no tree is spent moving the starting point.
 */
import { XGBoostParams } from './xgboost-params';

export function prevalenceBaseScore(labels: ArrayLike<number>, scalePosWeight = 1): number {
  if (!(scalePosWeight > 0 && Number.isFinite(scalePosWeight))) {
    throw new Error(`prevalenceBaseScore: scale_pos_weight must be a finite number > 0, got ${scalePosWeight}`);
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new Error(`prevalenceBaseScore: label at row ${i} is ${y}; expected 0 or 1`);
    positives += y;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(
      `prevalenceBaseScore: the labels need both classes (${positives} positive, ${negatives} negative of ${labels.length})`,
    );
  }
  const weighted = positives * scalePosWeight;
  return weighted / (weighted + negatives);
}

/** `params` with base_score set to the weighted training prevalence (an explicit base_score is kept). */
export function withPrevalenceBaseScore<P extends XGBoostParams>(params: P, labels: ArrayLike<number>): P {
  if (params.base_score !== undefined) return params;
  return { ...params, base_score: prevalenceBaseScore(labels, params.scale_pos_weight ?? 1) };
}
