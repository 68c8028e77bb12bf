/**
 * Model selection for notebook 03 (and its retraining in notebook 04): every choice is scored
 * by stratified k-fold cross-validation on the training rows (./cross-validation), never on the
 * one validation split: the imbalance strategy, then Bayesian and random search, then the
 * number of trees. The objective is the mean out-of-fold average precision. The final model is
 * then refit on all training rows with the chosen settings and number of trees.
 */
import type { FeatureMatrix } from '../../ml/data/preprocess';
import { smote } from '../../ml/data/smote';
import { withPrevalenceBaseScore } from '../../ml/xgboost/base-score';
import { trainLocalBooster } from '../../ml/training/local-booster';
import type { TreeEnsemble } from '../../ml/xgboost/tree-ensemble-types';
import { parseXGBoostBinaryModel } from '../../ml/xgboost/xgb-binary-model';
import type { XGBoostParams } from '../../ml/xgboost/xgboost-params';
import { runBayesianSearch } from '../../core/tuning/bayesian-search';
import { runRandomSearch } from '../../core/tuning/random-search';
import type { SearchResult } from '../../core/tuning/trial-scheduler';
import { STROKE_XGBOOST_TUNING } from './stroke-tuning-config';
import {
  crossValidate,
  stratifiedKFold,
  type CrossValidationResult,
  type Folds,
  type PrepareTraining,
  type PreparedTraining,
} from './cross-validation';

/** Settings every search starts from; tree_method hist trains on the TypeScript hist booster. */
export const BASE_PARAMS: Readonly<XGBoostParams> = {
  objective: 'binary:logistic',
  tree_method: 'hist',
  eta: 0.05,
  max_depth: 4,
  min_child_weight: 1,
  subsample: 0.8,
  colsample_bytree: 0.8,
};

/** Trees each fold trains for a cross-validated choice (strategy or trial); the choice keeps its best prefix. */
export const CV_TREES = 150;

export interface ImbalanceStrategy {
  name: string;
  prepare: PrepareTraining;
}

/** Every strategy's rows start from their own weighted prevalence (ml/xgboost/base-score.ts). */
function finish(train: FeatureMatrix, labels: ArrayLike<number>, params: XGBoostParams): PreparedTraining {
  return { train, labels, params: withPrevalenceBaseScore(params, labels) };
}

/** No correction, positives weighted by the class ratio, and SMOTE (k = 5) on the rows trained on. */
export function imbalanceStrategies(seed: number): ImbalanceStrategy[] {
  return [
    { name: 'no correction', prepare: (train, labels, params) => finish(train, labels, params) },
    {
      name: 'scale_pos_weight',
      prepare: (train, labels, params) => {
        const positives = labels.reduce((a, b) => a + b, 0);
        return finish(train, labels, { ...params, scale_pos_weight: (labels.length - positives) / positives });
      },
    },
    {
      name: 'SMOTE k=5',
      prepare: (train, labels, params) => {
        const synthetic = smote(train, labels, { k: 5, seed });
        return finish(
          { matrix: synthetic.matrix, rows: synthetic.rows, cols: synthetic.cols },
          synthetic.labels,
          params,
        );
      },
    },
  ];
}

/** The training rows and their folds: everything selection needs. */
export interface SelectionData {
  data: FeatureMatrix;
  labels: Float64Array;
  folds: Folds;
  seed: number;
}

export function selectionData(
  data: FeatureMatrix,
  labels: Float64Array,
  options: { folds?: number; seed: number },
): SelectionData {
  return {
    data,
    labels,
    folds: stratifiedKFold(labels, { folds: options.folds ?? 5, seed: options.seed }),
    seed: options.seed,
  };
}

export interface StrategyScore {
  strategy: ImbalanceStrategy;
  cv: CrossValidationResult;
}

/** Each strategy's cross-validated AP with the base settings; the winner has the highest mean. */
export async function compareImbalanceStrategies(
  selection: SelectionData,
  params: XGBoostParams,
  rounds: number,
  options: { signal?: AbortSignal } = {},
): Promise<{ scores: StrategyScore[]; winner: StrategyScore }> {
  const scores = await Promise.all(
    imbalanceStrategies(selection.seed).map(async (strategy) => ({
      strategy,
      cv: await crossValidate({ ...selection, params, rounds, prepare: strategy.prepare, signal: options.signal }),
    })),
  );
  const winner = scores.reduce((a, b) => (b.cv.averagePrecisionMean > a.cv.averagePrecisionMean ? b : a));
  return { scores, winner };
}

/**
 * The winning strategy's training rows as the final model (and SageMaker's train channel) see them,
 * with the parameters the strategy adds to any settings (`extra`: its base_score, its class weight).
 */
export function winnerTraining(
  winner: StrategyScore,
  train: FeatureMatrix,
  labels: Float64Array,
): {
  name: string;
  strategy: ImbalanceStrategy;
  train: FeatureMatrix;
  labels: ArrayLike<number>;
  extra: XGBoostParams;
} {
  const rows = winner.strategy.prepare(train, labels, {});
  return {
    name: winner.strategy.name,
    strategy: winner.strategy,
    train: rows.train,
    labels: rows.labels,
    extra: rows.params,
  };
}

export interface TunedSettings {
  search: 'Bayesian' | 'random';
  params: XGBoostParams;
  cv: CrossValidationResult;
}

export interface TuningOutcome {
  bayesian: SearchResult;
  random: SearchResult;
  /** Cross-validation of every trial, by search and trial index. */
  cvByTrial: { Bayesian: CrossValidationResult[]; random: CrossValidationResult[] };
  best: TunedSettings;
}

export interface TuningOptions {
  /** Trials per search (default 12, the SageMaker job's budget). */
  trials?: number;
  /** Trials proposed at a time (default 3). */
  parallel?: number;
  /** Trees each fold trains before early stopping picks a prefix (default CV_TREES). */
  rounds?: number;
  /** Stops both searches and their fold trainings (ending their workers); rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called as each trial's cross-validation finishes, e.g. to show progress. */
  onTrial?: (progress: TuningProgress) => void;
}

export interface TuningProgress {
  search: 'Bayesian' | 'random';
  /** Trials of this search finished so far, and its budget. */
  finished: number;
  trials: number;
  /** Best mean out-of-fold AUC-PR among this search's finished trials. */
  bestSoFar: number;
}

/** One line for a progress display: "Bayesian search: trial 3 of 12 done, best so far 0.2144". */
export function describeTuningProgress(progress: TuningProgress): string {
  return (
    `${progress.search} search: trial ${progress.finished} of ${progress.trials} done, ` +
    `best CV AUC-PR so far ${progress.bestSoFar.toFixed(4)}`
  );
}

/**
 * Bayesian and random search over the tuning job's ranges, each trial scored by
 * cross-validation with the chosen strategy; the best trial of either search wins.
 */
export async function tuneByCrossValidation(
  selection: SelectionData,
  strategy: ImbalanceStrategy,
  params: XGBoostParams,
  options: TuningOptions = {},
): Promise<TuningOutcome> {
  const rounds = options.rounds ?? CV_TREES;
  const trials = options.trials ?? 12;
  const { signal } = options;
  const cvByTrial: TuningOutcome['cvByTrial'] = { Bayesian: [], random: [] };
  const budget = (search: 'Bayesian' | 'random') => {
    let finished = 0;
    let bestSoFar = -Infinity;
    return {
      ranges: STROKE_XGBOOST_TUNING.ranges,
      maxJobs: trials,
      maxParallelJobs: options.parallel ?? 3,
      seed: selection.seed,
      direction: 'Maximize' as const,
      signal,
      objective: async (trial: Record<string, number | string>, at: { index: number }) => {
        const cv = await crossValidate({
          ...selection,
          params: { ...params, ...trial } as XGBoostParams,
          rounds,
          prepare: strategy.prepare,
          signal,
        });
        cvByTrial[search][at.index] = cv;
        finished++;
        bestSoFar = Math.max(bestSoFar, cv.averagePrecisionMean);
        options.onTrial?.({ search, finished, trials, bestSoFar });
        return cv.averagePrecisionMean;
      },
    };
  };
  const bayesian = await runBayesianSearch(budget('Bayesian'));
  const random = await runRandomSearch(budget('random'));
  const pick = (search: 'Bayesian' | 'random', result: SearchResult): TunedSettings => ({
    search,
    params: { ...params, ...result.best.params } as XGBoostParams,
    cv: cvByTrial[search][result.best.index],
  });
  const best = bayesian.best.value >= random.best.value ? pick('Bayesian', bayesian) : pick('random', random);
  return { bayesian, random, cvByTrial, best };
}

export interface RefitModel {
  /** The model trained on all training rows for the cross-validated number of trees. */
  modelBytes: Uint8Array;
  ensemble: TreeEnsemble;
  /** Parameters as trained (with the strategy's additions). */
  params: XGBoostParams;
  trees: number;
  /** The rows and labels it trained on (after the strategy), e.g. for SageMaker's train channel. */
  prepared: PreparedTraining;
}

/** Trains the final model on every training row, with the strategy, settings and trees chosen. */
export async function refit(
  train: FeatureMatrix,
  labels: Float64Array,
  strategy: ImbalanceStrategy,
  tuned: TunedSettings,
): Promise<RefitModel> {
  const prepared = strategy.prepare(train, labels, tuned.params);
  const matrix = { data: prepared.train.matrix, rows: prepared.train.rows, cols: prepared.train.cols };
  const trained = await trainLocalBooster(matrix, Float32Array.from(prepared.labels), prepared.params, tuned.cv.rounds);
  const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
  return { modelBytes: trained.modelBytes, ensemble, params: prepared.params, trees: tuned.cv.rounds, prepared };
}
