/**
 * Calibration of a trained booster on the validation split. Platt scaling is folded into the
 * booster (ml/xgboost/fold-calibration.ts), so the stored artifact is a plain XGBoost model that
 * outputs calibrated probabilities everywhere it is loaded. Isotonic regression is fitted beside
 * it for comparison: both are scored by k-fold cross-fitting on validation (each fold calibrated
 * by the other folds), which keeps the comparison honest on the few validation positives.
 */
import type { FeatureMatrix } from '../../ml/data/preprocess';
import { brierScore } from '../../core/metrics/classification';
import { logLoss } from '../../core/metrics/calibration';
import { foldLinearLogit } from '../../ml/xgboost/fold-calibration';
import { writeXGBoostBinaryModel } from '../../ml/training/hist-booster/model-writer';
import { fitIsotonic, predictIsotonic } from '../../core/stats/isotonic';
import { applyLinearLogit, fitPlattScaling, type LinearLogit } from '../../core/stats/linear-logit';
import { predictMargin } from '../../ml/xgboost/tree-ensemble';
import type { TreeEnsemble } from '../../ml/xgboost/tree-ensemble-types';
import { complementOf, stratifiedKFold } from './cross-validation';
import { takeLabels } from './dataset';

export interface CalibratorScore {
  method: 'Platt (folded into the booster)' | 'isotonic';
  /** Out-of-fold Brier and log loss on validation. */
  brier: number;
  logLoss: number;
}

export interface CalibratedModel {
  platt: LinearLogit;
  /** The booster with Platt scaling folded in, and its XGBoost bytes. */
  ensemble: TreeEnsemble;
  modelBytes: Uint8Array;
  comparison: CalibratorScore[];
}

export function calibrateOnValidation(
  raw: TreeEnsemble,
  validation: FeatureMatrix,
  labels: Float64Array,
  options: { folds?: number; seed: number },
): CalibratedModel {
  const margins = predictMargin(raw, validation.matrix, validation.rows, validation.cols);
  const folds = stratifiedKFold(labels, { folds: options.folds ?? 5, seed: options.seed });
  const outOfFold = { platt: new Float64Array(labels.length), isotonic: new Float64Array(labels.length) };
  for (const heldOut of folds) {
    const fit = complementOf(heldOut, labels.length);
    const fitMargins = takeLabels(margins, fit);
    const fitLabels = takeLabels(labels, fit);
    const heldMargins = takeLabels(margins, heldOut);
    const platt = applyLinearLogit(fitPlattScaling(fitMargins, fitLabels), heldMargins);
    const isotonic = predictIsotonic(fitIsotonic(fitMargins, fitLabels), heldMargins);
    heldOut.forEach((row, i) => {
      outOfFold.platt[row] = platt[i];
      outOfFold.isotonic[row] = isotonic[i];
    });
  }
  const score = (method: CalibratorScore['method'], p: Float64Array): CalibratorScore => ({
    method,
    brier: brierScore(labels, p),
    logLoss: logLoss(labels, p),
  });
  const platt = fitPlattScaling(margins, labels);
  const ensemble = foldLinearLogit(raw, platt);
  return {
    platt,
    ensemble,
    modelBytes: writeXGBoostBinaryModel(ensemble),
    comparison: [score('Platt (folded into the booster)', outOfFold.platt), score('isotonic', outOfFold.isotonic)],
  };
}
