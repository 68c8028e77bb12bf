/**
 * Folds a logistic calibration sigmoid(slope·margin + intercept) into the booster itself: every
 * leaf is scaled by the slope and the base margin becomes slope·base + intercept. The result is
 * still a plain XGBoost model, so any XGBoost (SageMaker's container, batch transform, our
 * endpoint, TreeSHAP) outputs calibrated probabilities. Values are rounded to float32, as
 * XGBoost stores them.
 */
import { scaleTree } from './ensemble-sum';
import { LinearLogit } from '../../core/stats/linear-logit';
import { TreeEnsemble } from './tree-ensemble-types';

export function foldLinearLogit(ensemble: TreeEnsemble, calibration: LinearLogit): TreeEnsemble {
  if (ensemble.objective !== 'binary:logistic') {
    throw new Error(`foldLinearLogit: needs a binary:logistic model, got ${ensemble.objective}`);
  }
  const { slope, intercept } = calibration;
  if (!(slope > 0 && Number.isFinite(slope)) || !Number.isFinite(intercept)) {
    throw new Error(`foldLinearLogit: slope must be finite and > 0 and intercept finite; got ${slope}, ${intercept}`);
  }
  if (ensemble.version.major !== 0) {
    throw new Error(
      'foldLinearLogit: only the pre-1.0 layout (base_score stored as a margin) is written by our engines',
    );
  }
  const baseMargin = Math.fround(slope * ensemble.baseMargin + intercept);
  return {
    ...ensemble,
    baseMargin,
    storedBaseScore: baseMargin,
    trees: ensemble.trees.map((t) => scaleTree(t, slope)),
  };
}
