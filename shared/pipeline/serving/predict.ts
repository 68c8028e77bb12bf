/**
 * Scoring with one bundle: probabilities (CSV answers) and probabilities with their label and
 * the features that pushed them most (JSON answers). Reasons are exact TreeSHAP contributions
 * in log-odds; features contributing exactly 0 are not reasons and are left out, so a row can
 * have fewer than `topReasons` of them.
 */
import { FeatureMatrix } from '../../ml/data/preprocess';
import { predictProba } from '../../ml/xgboost/tree-ensemble';
import { shapValues } from '../../ml/shap/tree-shap';
import { topContributions } from '../../ml/shap/shap-charts';
import { ModelBundle } from '../model-store/model-bundle';

export interface Reason {
  feature: string;
  /** SHAP value of the feature for this row, in log-odds (margin) units. */
  contribution: number;
}

export interface Prediction {
  probability: number;
  label: 0 | 1;
  reasons: Reason[];
}

const DEFAULT_TOP_REASONS = 3;

export function scoreMatrix(bundle: ModelBundle, features: FeatureMatrix): Float64Array {
  return predictProba(bundle.ensemble, features.matrix, features.rows, features.cols);
}

export function explainMatrix(
  bundle: ModelBundle,
  features: FeatureMatrix,
  topReasons = DEFAULT_TOP_REASONS,
): Prediction[] {
  const { rows, cols } = features;
  const probabilities = scoreMatrix(bundle, features);
  const phi = shapValues(bundle.ensemble, features.matrix, rows, cols);
  const predictions: Prediction[] = [];
  for (let r = 0; r < rows; r++) {
    const offset = r * (cols + 1);
    const probability = probabilities[r];
    predictions.push({
      probability,
      label: probability >= bundle.threshold ? 1 : 0,
      reasons: topContributions(phi, offset, cols, topReasons).map((c) => ({
        feature: bundle.featureNames[c],
        contribution: phi[offset + c],
      })),
    });
  }
  return predictions;
}
