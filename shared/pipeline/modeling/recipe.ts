/**
 * The modeling recipe of notebook 03 as one call, for every later training (notebook 04's
 * retraining, `npm run evaluate`): preprocessing fitted on train, the imbalance strategy and
 * settings chosen by cross-validation, the refit, Platt calibration on validation folded into
 * the booster, and the version's own threshold from its calibrated validation probabilities.
 */
import { fitPreprocessor, type Preprocessor } from '../../ml/data/preprocess';
import type { ColumnTable } from '../../ml/data/table';
import { predictProba } from '../../ml/xgboost/tree-ensemble';
import type { XGBoostParams } from '../../ml/xgboost/xgboost-params';
import { calibrateOnValidation, type CalibratedModel } from './calibration';
import { DEFAULT_FEATURES, describeSplitFractions, type LabelledColumns } from './dataset';
import { chooseThreshold, evaluateSplit, type SplitEvaluation, type ThresholdRule } from './evaluation';
import {
  BASE_PARAMS,
  CV_TREES,
  compareImbalanceStrategies,
  refit,
  selectionData,
  tuneByCrossValidation,
  type TuningOptions,
} from './selection';
import { blendWithLogistic, chooseLogisticBlend, type BlendChoice } from './logistic-blend';
import { METRICS_SCHEMA, type VersionMetrics } from './version-metrics';
import { versionModelCard } from './model-card';
import type { CrossValidationResult } from './cross-validation';

export interface RecipeOptions {
  seed: number;
  folds?: number;
  /** Trees each fold trains when comparing imbalance strategies (default CV_TREES, as each tuning trial). */
  strategyRounds?: number;
  /** Its `signal` also stops the comparison of imbalance strategies. */
  tuning?: TuningOptions;
  thresholdRule: ThresholdRule;
}

export interface FittedVersion {
  preprocessor: Preprocessor;
  strategy: string;
  params: XGBoostParams;
  trees: number;
  crossValidation: VersionMetrics['crossValidation'];
  /** The logistic regression's weight in the served margin, chosen by cross-validation. */
  blend: BlendChoice;
  calibrated: CalibratedModel;
  threshold: number;
  thresholdRule: ThresholdRule;
  validation: SplitEvaluation;
}

export async function fitStrokeModel(
  train: LabelledColumns,
  validation: LabelledColumns,
  options: RecipeOptions,
): Promise<FittedVersion> {
  const folds = options.folds ?? 5;
  const preprocessor = fitPreprocessor(train.columns, DEFAULT_FEATURES);
  const x = preprocessor.transform(train.columns);
  const xv = preprocessor.transform(validation.columns);
  const selection = selectionData(x, train.labels, { folds, seed: options.seed });
  const base = { ...BASE_PARAMS, seed: options.seed };
  const { winner } = await compareImbalanceStrategies(selection, base, options.strategyRounds ?? CV_TREES, {
    signal: options.tuning?.signal,
  });
  const { best } = await tuneByCrossValidation(selection, winner.strategy, base, options.tuning);
  const model = await refit(x, train.labels, winner.strategy, best);
  const blend = await chooseLogisticBlend(selection, winner.strategy, best, { signal: options.tuning?.signal });
  const blended = blendWithLogistic(model.ensemble, x, train.labels, blend.weight);
  const calibrated = calibrateOnValidation(blended, xv, validation.labels, { seed: options.seed });
  const probabilities = predictProba(calibrated.ensemble, xv.matrix, xv.rows, xv.cols);
  const threshold = chooseThreshold(validation.labels, probabilities, options.thresholdRule);
  return {
    preprocessor,
    strategy: winner.strategy.name,
    params: model.params,
    trees: model.trees,
    crossValidation: crossValidationSummary(folds, best.cv),
    blend,
    calibrated,
    threshold,
    thresholdRule: options.thresholdRule,
    validation: await evaluateSplit(validation.labels, probabilities, threshold, {
      seed: options.seed,
      signal: options.tuning?.signal,
    }),
  };
}

/** Calibrated probabilities of raw patient columns. */
export function scoreColumns(
  fitted: Pick<FittedVersion, 'preprocessor' | 'calibrated'>,
  columns: ColumnTable,
): Float64Array {
  const m = fitted.preprocessor.transform(columns);
  return predictProba(fitted.calibrated.ensemble, m.matrix, m.rows, m.cols);
}

/** The metrics record of a fitted version judged on `test`. */
export function fittedVersionMetrics(
  fitted: FittedVersion,
  test: SplitEvaluation,
  meta: { version: string; reason: string; seed: number },
): VersionMetrics {
  return {
    schema: METRICS_SCHEMA,
    ...meta,
    imbalanceStrategy: fitted.strategy,
    params: { ...fitted.params } as Record<string, number | string>,
    trees: fitted.trees,
    threshold: fitted.threshold,
    thresholdRule: fitted.thresholdRule,
    calibration: {
      method: 'Platt scaling folded into the booster',
      slope: fitted.calibrated.platt.slope,
      intercept: fitted.calibrated.platt.intercept,
    },
    crossValidation: fitted.crossValidation,
    blend: blendRecord(fitted.blend),
    validation: fitted.validation,
    test,
  };
}

/** What the metrics record keeps of a blend choice. */
function blendRecord(blend: BlendChoice): NonNullable<VersionMetrics['blend']> {
  return {
    logisticWeight: blend.weight,
    logLossMean: blend.chosen.logLossMean,
    averagePrecisionMean: blend.chosen.averagePrecisionMean,
    averagePrecisionSd: blend.chosen.averagePrecisionSd,
  };
}

/** What the metrics record keeps of the chosen settings' cross-validation. */
export function crossValidationSummary(folds: number, cv: CrossValidationResult): VersionMetrics['crossValidation'] {
  return {
    folds,
    averagePrecisionMean: cv.averagePrecisionMean,
    averagePrecisionSd: cv.averagePrecisionSd,
    rounds: cv.rounds,
  };
}

export interface VersionRecordContext {
  version: string;
  reason: string;
  seed: number;
  trainedAt: string;
  /** Where the training data came from, and the labels of every row split from it. */
  data: { source: string; labels: ArrayLike<number> };
  /** The decision curve's one line (notebook 03, section 9). */
  usefulness: string;
}

/** The metrics record and the model card of a fitted version judged on `test`. */
export function versionRecord(
  fitted: FittedVersion,
  test: SplitEvaluation,
  context: VersionRecordContext,
): { metrics: VersionMetrics; card: string } {
  const metrics = fittedVersionMetrics(fitted, test, {
    version: context.version,
    reason: context.reason,
    seed: context.seed,
  });
  let positives = 0;
  for (let i = 0; i < context.data.labels.length; i++) positives += context.data.labels[i];
  const card = versionModelCard(metrics, {
    trainedAt: context.trainedAt,
    features: fitted.preprocessor.featureNames,
    usefulness: context.usefulness,
    data: {
      source: context.data.source,
      rows: context.data.labels.length,
      positives,
      split: describeSplitFractions(),
      seed: context.seed,
    },
  });
  return { metrics, card };
}
