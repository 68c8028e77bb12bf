/**
 * One training run as the notebook and the tuner see it: train XGBoost on a matrix, then score
 * every prefix of its trees on validation and keep the best (early stopping on AUC-PR, the
 * metric SageMaker's tuning objective `validation:aucpr` names).
 */
import type { FeatureMatrix } from '../../ml/data/preprocess';
import { parseXGBoostBinaryModel } from '../../ml/xgboost/xgb-binary-model';
import { truncateEnsemble } from '../../ml/xgboost/tree-ensemble';
import type { TreeEnsemble } from '../../ml/xgboost/tree-ensemble-types';
import { trainLocalBooster, type LocalEngine } from '../../ml/training/local-booster';
import type { XGBoostParams } from '../../ml/xgboost/xgboost-params';
import { trainBoosterInWorker } from '../../ml/training/worker-training';
import { throwIfAborted } from '../../core/util/abort';
import { validationCurve, type ValidationCurve } from '../../ml/training/validation-curve';

export interface ValidatedModel extends ValidationCurve {
  modelBytes: Uint8Array;
  /** All trained trees. */
  ensemble: TreeEnsemble;
  /** The first `bestTrees` trees. */
  bestEnsemble: TreeEnsemble;
  /** The engine that trained it (chooseLocalEngine). */
  engine: LocalEngine;
}

export interface TrainOptions {
  /**
   * Train in a worker thread instead of on the calling thread. In-process training occupies the
   * calling thread: concurrent trainings (tuning's parallel trials) would run one after another
   * and block the notebook; in workers they use every core. Same engine and seed, so the same model.
   */
  inWorker?: boolean;
  /** Stops the training when it fires (in a worker: ends the worker); rejects with an AbortError. */
  signal?: AbortSignal;
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
  throwIfAborted(options.signal, 'training');
  if (options.inWorker === true) {
    // The worker also scores the tree prefixes, so parallel trials do not queue on this thread.
    const trained = await trainBoosterInWorker(matrix, labels, params, rounds, {
      validation: { matrix: validation, labels: Float64Array.from(validationLabels) },
      signal: options.signal,
    });
    const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
    const validated = trained.validation ?? validationCurve(ensemble, validation, validationLabels);
    return {
      ...validated,
      modelBytes: trained.modelBytes,
      ensemble,
      bestEnsemble: truncateEnsemble(ensemble, validated.bestTrees),
      engine: trained.engine,
    };
  }
  const { modelBytes, engine } = await trainLocalBooster(matrix, labels, params, rounds);
  const ensemble = parseXGBoostBinaryModel(modelBytes);
  const validated = validationCurve(ensemble, validation, validationLabels);
  return { ...validated, modelBytes, ensemble, bestEnsemble: truncateEnsemble(ensemble, validated.bestTrees), engine };
}
