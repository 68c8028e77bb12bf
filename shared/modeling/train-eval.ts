/**
 * One training run as the notebook and the tuner see it: train XGBoost on a matrix, then score
 * every prefix of its trees on validation and keep the best (early stopping on AUC-PR, the
 * metric SageMaker's tuning objective `validation:aucpr` names).
 */
import type { FeatureMatrix } from '../features/preprocess';
import { averagePrecision } from '../metrics/average-precision';
import { parseXGBoostBinaryModel } from '../models/xgb-binary-model';
import { forEachTreePrefix, truncateEnsemble } from '../models/tree-ensemble';
import type { TreeEnsemble } from '../models/tree-ensemble-types';
import { trainBooster } from '../models/xgboost-wasm';
import type { XGBoostParams } from '../models/xgboost-params';
import { trainBoosterInWorker } from '../sagemaker/worker-training';

export interface ValidationCurve {
  /** Validation average precision after 1, 2, ... trees. */
  curve: number[];
  bestTrees: number;
  bestAveragePrecision: number;
}

export interface ValidatedModel extends ValidationCurve {
  modelBytes: Uint8Array;
  /** All trained trees. */
  ensemble: TreeEnsemble;
  /** The first `bestTrees` trees. */
  bestEnsemble: TreeEnsemble;
}

export function validationCurve(ensemble: TreeEnsemble, validation: FeatureMatrix, labels: ArrayLike<number>): ValidationCurve {
  const curve: number[] = [];
  forEachTreePrefix(ensemble, validation.matrix, validation.rows, validation.cols, (_, margins) => curve.push(averagePrecision(labels, margins)));
  let bestTrees = 1;
  curve.forEach((value, i) => {
    if (value > curve[bestTrees - 1]) bestTrees = i + 1;
  });
  return { curve, bestTrees, bestAveragePrecision: curve[bestTrees - 1] };
}

export interface TrainOptions {
  /**
   * Train in a worker thread instead of on the calling thread. The wasm XGBoost is synchronous:
   * in-process, concurrent trainings (tuning's parallel trials) would run one after another and
   * block the notebook; in workers they use every core. Same engine and seed, so the same model.
   */
  inWorker?: boolean;
}

export async function trainAndValidate(
  train: FeatureMatrix,
  trainLabels: ArrayLike<number>,
  validation: FeatureMatrix,
  validationLabels: ArrayLike<number>,
  params: XGBoostParams,
  rounds: number,
  options: TrainOptions = {},
): Promise<ValidatedModel> {
  const matrix = { data: train.matrix, rows: train.rows, cols: train.cols };
  const labels = Float32Array.from(trainLabels);
  const modelBytes = options.inWorker === true
    ? (await trainBoosterInWorker(matrix, labels, params, rounds)).modelBytes
    : await trainBooster(matrix, labels, params, rounds);
  const ensemble = parseXGBoostBinaryModel(modelBytes);
  const validated = validationCurve(ensemble, validation, validationLabels);
  return { ...validated, modelBytes, ensemble, bestEnsemble: truncateEnsemble(ensemble, validated.bestTrees) };
}
