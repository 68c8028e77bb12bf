/**
 * Early stopping on validation AUC-PR (the metric SageMaker's tuning objective
 * `validation:aucpr` names): the average precision after every prefix of an ensemble's trees.
 */
import type { FeatureMatrix } from '../data/preprocess';
import { IncrementalAveragePrecision } from '../../core/metrics/incremental-average-precision';
import { forEachTreePrefix } from '../xgboost/tree-ensemble';
import type { TreeEnsemble } from '../xgboost/tree-ensemble-types';

export interface ValidationCurve {
  /** Validation average precision after 1, 2, ... trees. */
  curve: number[];
  bestTrees: number;
  bestAveragePrecision: number;
}

export function validationCurve(
  ensemble: TreeEnsemble,
  validation: FeatureMatrix,
  labels: ArrayLike<number>,
): ValidationCurve {
  const curve: number[] = [];
  const averagePrecision = new IncrementalAveragePrecision(labels);
  forEachTreePrefix(ensemble, validation.matrix, validation.rows, validation.cols, (_, margins) =>
    curve.push(averagePrecision.next(margins)),
  );
  let bestTrees = 1;
  curve.forEach((value, i) => {
    if (value > curve[bestTrees - 1]) bestTrees = i + 1;
  });
  return { curve, bestTrees, bestAveragePrecision: curve[bestTrees - 1] };
}
