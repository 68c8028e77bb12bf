/**
 * The tables and charts notebook 03 shows while it chooses and judges the model: one function a
 * table, so a cell keeps its parameters, its display and its checks, and the row shaping is tested.
 */
import { averagePrecision } from '../../core/metrics/average-precision';
import { calibrationCurve, logLoss, type CalibrationCurve } from '../../core/metrics/calibration';
import { brierScore, confusionAt, f1, precision, recall } from '../../core/metrics/classification';
import { rocAuc } from '../../core/metrics/roc';
import type { SearchResult } from '../../core/tuning/trial-scheduler';
import { lineChart } from '../../core/viz/figures';
import type { PlotlyFigure } from '../../core/viz/plotly-types';
import type { FeatureMatrix } from '../../ml/data/preprocess';
import { predictProba } from '../../ml/xgboost/tree-ensemble';
import type { TreeEnsemble } from '../../ml/xgboost/tree-ensemble-types';
import type { SplitName } from './dataset';
import type { CalibratedModel } from './calibration';
import type { Interval, SplitEvaluation } from './evaluation';
import type { BlendChoice, BlendScore } from './logistic-blend';
import type { StrategyScore, TuningOutcome } from './selection';

const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** One row per imbalance strategy: its cross-validated AUC-PR, the spread across folds and its trees. */
export function imbalanceRows(scores: readonly StrategyScore[]) {
  return scores.map((s) => ({
    strategy: s.strategy.name,
    'CV AUC-PR mean': s.cv.averagePrecisionMean,
    'sd across folds': s.cv.averagePrecisionSd,
    'best trees': s.cv.rounds,
  }));
}

/** The best cross-validated AUC-PR so far, trial by trial, for each search. */
export function tuningChart(outcome: TuningOutcome): PlotlyFigure {
  const bestSoFar = (name: string, search: SearchResult) => ({
    name: name,
    x: search.trials.map((t) => t.index + 1),
    y: search.trials.map((t) => t.bestSoFar),
  });
  return lineChart({
    title: 'Best cross-validated AUC-PR so far',
    xTitle: 'trial',
    yTitle: 'AUC-PR',
    markers: true,
    series: [bestSoFar('Bayesian (GP + EI)', outcome.bayesian), bestSoFar('random', outcome.random)],
  });
}

/** Each search's best trial with its settings, and the winner with its per-fold AUC-PR. */
export function tuningRows(outcome: TuningOutcome) {
  const { bayesian, random, best } = outcome;
  return {
    bySearch: [
      { search: 'Bayesian', best: bayesian.best.value, ...bayesian.best.params },
      { search: 'random', best: random.best.value, ...random.best.params },
    ],
    chosen: {
      winner: best.search,
      'CV AUC-PR mean': best.cv.averagePrecisionMean,
      'sd across folds': best.cv.averagePrecisionSd,
      'per fold': best.cv.foldAveragePrecision.map((v) => v.toFixed(3)).join(', '),
      trees: best.cv.rounds,
    },
  };
}

/** The model's probabilities for each split's matrix. */
export function scoreSplits(
  ensemble: TreeEnsemble,
  matrices: Readonly<Record<SplitName, FeatureMatrix>>,
): Record<SplitName, Float64Array> {
  const score = (m: FeatureMatrix) => predictProba(ensemble, m.matrix, m.rows, m.cols);
  return { train: score(matrices.train), validation: score(matrices.validation), test: score(matrices.test) };
}

/**
 * Ranking (AUC-PR, ROC-AUC) and probability quality (Brier, log loss) of each split's scores, with
 * the Brier score of always predicting the split's base rate, the bar a useful model must clear.
 */
export function splitMetricRows(
  labelsOf: (split: SplitName) => ArrayLike<number>,
  scores: Readonly<Record<SplitName, ArrayLike<number>>>,
) {
  return SPLIT_NAMES.map((split) => {
    const y = labelsOf(split);
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i];
    const rate = positives / y.length;
    return {
      split: split,
      'AUC-PR': averagePrecision(y, scores[split]),
      'ROC-AUC': rocAuc(y, scores[split]),
      Brier: brierScore(y, scores[split]),
      'Brier of the base rate': rate * (1 - rate),
      'log loss': logLoss(y, scores[split]),
    };
  });
}

/**
 * The confusion matrix and its rates at each named threshold; each count also as a share of the
 * rows, e.g. "12 (1.2%)".
 */
export function thresholdRows(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  thresholds: readonly (readonly [rule: string, threshold: number])[],
) {
  const share = (n: number) => `${n} (${((100 * n) / labels.length).toFixed(1)}%)`;
  return thresholds.map(([rule, threshold]) => {
    const c = confusionAt(labels, scores, threshold);
    return {
      rule: rule,
      threshold: threshold,
      TP: share(c.truePositives),
      FP: share(c.falsePositives),
      TN: share(c.trueNegatives),
      FN: share(c.falseNegatives),
      precision: precision(c),
      recall: recall(c),
      F1: f1(c),
    };
  });
}

/** The reliability curve (`bins` quantile bins) of each named set of labels and scores. */
export function reliabilityCurves(
  sets: readonly { name: string; labels: ArrayLike<number>; scores: ArrayLike<number> }[],
  bins: number,
): { name: string; curve: CalibrationCurve }[] {
  return sets.map(({ name, labels, scores }) => ({
    name: name,
    curve: calibrationCurve(labels, scores, { bins: bins, strategy: 'quantile' }),
  }));
}

/** One row per bin of each reliability curve: its size, mean predicted risk and observed rate. */
export function reliabilityRows(curves: readonly { name: string; curve: CalibrationCurve }[]) {
  return curves.flatMap(({ name, curve }) =>
    Array.from(curve.binCounts, (patients, b) => ({
      split: name,
      bin: b + 1,
      patients: patients,
      'mean predicted': curve.meanPredicted[b],
      observed: curve.fractionPositive[b],
    })),
  );
}

/** Out-of-fold log loss (after Platt) against the regression's weight in the blend. */
export function blendChart(choice: BlendChoice, folds: number): PlotlyFigure {
  return lineChart({
    title: "Out-of-fold log loss (after Platt) by the logistic regression's weight",
    xTitle: 'weight w',
    yTitle: 'log loss',
    markers: true,
    series: [
      {
        name: `${folds}-fold mean`,
        x: choice.byWeight.map((b) => b.weight),
        y: choice.byWeight.map((b) => b.logLossMean),
      },
    ],
  });
}

/** The chosen blend beside the booster alone (the first weight) and the regression alone (the last). */
export function blendRows(choice: BlendChoice) {
  const row = (model: string, b: BlendScore) => ({
    model: model,
    'weight w': b.weight,
    'CV log loss': b.logLossMean,
    'sd across folds': b.logLossSd,
    'CV AUC-PR': b.averagePrecisionMean,
  });
  return [
    row('blend (chosen)', choice.chosen),
    row('booster alone', choice.byWeight[0]),
    row('regression alone', choice.byWeight[choice.byWeight.length - 1]),
  ];
}

/** Each calibrator's cross-fitted scores, and Platt's line with the base margin it moved. */
export function calibrationRows(model: CalibratedModel, baseMarginBefore: number) {
  return {
    calibrators: model.comparison.map((c) => ({
      calibrator: c.method,
      'out-of-fold Brier': c.brier,
      'out-of-fold log loss': c.logLoss,
    })),
    platt: {
      a: model.platt.slope,
      b: model.platt.intercept,
      'base margin before': baseMarginBefore,
      after: model.ensemble.baseMargin,
    },
  };
}

/** "0.312 (0.250–0.371)": an estimate and its interval, with `digits` decimals. */
export function describeInterval(interval: Interval, digits = 3): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(interval.estimate)} (${f(interval.lower)}–${f(interval.upper)})`;
}

/** One row per evaluated split: the bootstrap intervals, calibration and the share flagged. */
export function evaluationRows(evaluations: Readonly<Record<string, SplitEvaluation>>) {
  return Object.entries(evaluations).map(([split, e]) => ({
    split: split,
    'AUC-PR': describeInterval(e.averagePrecision),
    'ROC-AUC': describeInterval(e.rocAuc),
    Brier: describeInterval(e.brier, 4),
    'constant Brier': e.constantBrier,
    'log loss': e.logLoss,
    'calibration intercept': e.calibrationIntercept,
    'calibration slope': e.calibrationSlope,
    'mean predicted / observed': e.meanPredictedOverObserved,
    flagged: e.atThreshold.flagged,
  }));
}
