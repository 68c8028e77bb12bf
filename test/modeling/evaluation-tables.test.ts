/**
 * The tables and charts of notebook 03 (shared/pipeline/modeling/evaluation-tables.ts and
 * shared/core/viz/metric-curves.ts): each row checked against counts made by hand or against the
 * metric functions it composes (those are tested against scikit-learn), and the base-rate Brier
 * against the Brier score of a constant prediction.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, precisionRecallCurve } from '../../shared/core/metrics/average-precision';
import { calibrationCurve, logLoss } from '../../shared/core/metrics/calibration';
import { brierScore, f1ByThreshold } from '../../shared/core/metrics/classification';
import { rocAuc, rocCurve } from '../../shared/core/metrics/roc';
import {
  decisionCurveChart,
  f1ThresholdChart,
  precisionRecallChart,
  reliabilityChart,
  rocChart,
} from '../../shared/core/viz/metric-curves';
import { decisionCurve, describeUsefulness, usefulRanges } from '../../shared/core/metrics/decision-curve';
import {
  blendChart,
  blendRows,
  describeInterval,
  evaluationRows,
  imbalanceRows,
  reliabilityCurves,
  reliabilityRows,
  splitMetricRows,
  thresholdRows,
  tuningRows,
} from '../../shared/pipeline/modeling/evaluation-tables';
import { imbalanceStrategies, winnerTraining } from '../../shared/pipeline/modeling/selection';
import type { CrossValidationResult } from '../../shared/pipeline/modeling/cross-validation';
import type { TuningOutcome } from '../../shared/pipeline/modeling/selection';
import { Random } from '../../shared/core/util/random';
import { assertClose } from '../assert-close';

const random = new Random(11);
const labels = Float64Array.from({ length: 200 }, (_, i) => (i % 9 === 0 ? 1 : 0));
const scores = Float64Array.from(labels, (y) => Math.min(0.99, Math.max(0.01, 0.3 * y + 0.6 * random.next())));
const split = { train: labels, validation: labels.slice(0, 120), test: labels.slice(80) };
const splitScores = { train: scores, validation: scores.slice(0, 120), test: scores.slice(80) };

const cv = (mean: number, folds: number[], rounds: number): CrossValidationResult => ({
  meanCurve: [mean],
  rounds,
  foldAveragePrecision: folds,
  averagePrecisionMean: mean,
  averagePrecisionSd: 0.01,
});

describe('notebook 03 tables', () => {
  test('split metrics are the metric functions of each split, and the base-rate Brier is a constant guess', () => {
    const rows = splitMetricRows((n) => split[n], splitScores);
    assert.deepEqual(
      rows.map((r) => r.split),
      ['train', 'validation', 'test'],
    );
    for (const row of rows) {
      const y = split[row.split];
      const p = splitScores[row.split];
      assert.equal(row['AUC-PR'], averagePrecision(y, p));
      assert.equal(row['ROC-AUC'], rocAuc(y, p));
      assert.equal(row.Brier, brierScore(y, p));
      assert.equal(row['log loss'], logLoss(y, p));
      const rate = y.reduce((a, b) => a + b, 0) / y.length;
      const constant = brierScore(y, new Float64Array(y.length).fill(rate));
      assertClose(row['Brier of the base rate'], constant, { absolute: 1e-15 }, `${row.split} base-rate Brier`);
    }
  });

  test('threshold rows count the confusion matrix and give each count as a share of the rows', () => {
    const y = [1, 1, 0, 0, 0, 1, 0, 0, 0, 0];
    const p = [0.9, 0.4, 0.6, 0.2, 0.1, 0.05, 0.3, 0.7, 0.2, 0.1];
    const [row] = thresholdRows(y, p, [['half', 0.5]]);
    // flagged (>= 0.5): rows 0, 2, 7 -> TP 1, FP 2; missed: rows 1, 5 -> FN 2; TN 5.
    assert.deepEqual(
      { TP: row.TP, FP: row.FP, TN: row.TN, FN: row.FN },
      { TP: '1 (10.0%)', FP: '2 (20.0%)', TN: '5 (50.0%)', FN: '2 (20.0%)' },
    );
    assertClose(row.precision, 1 / 3, { absolute: 1e-15 }, 'precision');
    assertClose(row.recall, 1 / 3, { absolute: 1e-15 }, 'recall');
    assertClose(row.F1, 1 / 3, { absolute: 1e-15 }, 'F1');
    assert.deepEqual([row.rule, row.threshold], ['half', 0.5]);
  });

  test('reliability rows list every bin of every curve, numbered from 1', () => {
    const curves = reliabilityCurves([{ name: 'all', labels: labels, scores: scores }], 5);
    const curve = calibrationCurve(labels, scores, { bins: 5, strategy: 'quantile' });
    const rows = reliabilityRows(curves);
    assert.deepEqual(
      rows.map((r) => [r.split, r.bin, r.patients, r['mean predicted'], r.observed]),
      Array.from(curve.binCounts, (k, b) => ['all', b + 1, k, curve.meanPredicted[b], curve.fractionPositive[b]]),
    );
    assert.equal(
      rows.reduce((sum, r) => sum + r.patients, 0),
      labels.length,
    );
  });

  test('imbalance and tuning rows carry the cross-validation results', () => {
    const [plain, weighted] = imbalanceStrategies(3);
    const rows = imbalanceRows([
      { strategy: plain, cv: cv(0.2, [0.1, 0.3], 40) },
      { strategy: weighted, cv: cv(0.25, [0.2, 0.3], 55) },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.strategy, r['CV AUC-PR mean'], r['best trees']]),
      [
        ['no correction', 0.2, 40],
        ['scale_pos_weight', 0.25, 55],
      ],
    );
    const trial = (index: number, value: number) => ({
      index,
      params: { max_depth: index + 2 },
      value,
      bestSoFar: value,
      startedAt: new Date(0),
      finishedAt: new Date(0),
    });
    const outcome = {
      bayesian: { trials: [trial(0, 0.3)], best: trial(0, 0.3) },
      random: { trials: [trial(0, 0.2)], best: trial(0, 0.2) },
      cvByTrial: { Bayesian: [], random: [] },
      best: { search: 'Bayesian', params: {}, cv: cv(0.3, [0.25, 0.35], 60) },
    } as TuningOutcome;
    const tuned = tuningRows(outcome);
    assert.deepEqual(tuned.bySearch[0], { search: 'Bayesian', best: 0.3, max_depth: 2 });
    assert.deepEqual(tuned.chosen, {
      winner: 'Bayesian',
      'CV AUC-PR mean': 0.3,
      'sd across folds': 0.01,
      'per fold': '0.250, 0.350',
      trees: 60,
    });
  });

  test("the winner's training rows are its strategy's preparation, with its parameters as extra", () => {
    const [, weighted] = imbalanceStrategies(3);
    const matrix = { matrix: Float64Array.from(labels), rows: labels.length, cols: 1 };
    const prepared = winnerTraining({ strategy: weighted, cv: cv(0.2, [0.2], 10) }, matrix, labels);
    const positives = labels.reduce((a, b) => a + b, 0);
    assert.equal(prepared.name, 'scale_pos_weight');
    assert.equal(prepared.extra.scale_pos_weight, (labels.length - positives) / positives);
    assert.equal(prepared.train, matrix);
  });
});

describe('metric charts', () => {
  const sets = [
    { name: 'a', labels: labels, scores: scores },
    { name: 'b', labels: split.test, scores: splitScores.test },
  ];

  test('ROC and precision-recall charts draw each set through the metric curves', () => {
    const roc = rocChart(sets);
    const pr = precisionRecallChart(sets);
    sets.forEach((set, i) => {
      const r = rocCurve(set.labels, set.scores);
      assert.deepEqual(
        [roc.data[i].x, roc.data[i].y],
        [Array.from(r.falsePositiveRate), Array.from(r.truePositiveRate)],
      );
      const c = precisionRecallCurve(set.labels, set.scores);
      assert.deepEqual([pr.data[i].x, pr.data[i].y], [Array.from(c.recall), Array.from(c.precision)]);
    });
  });

  test('the F1 chart marks the chosen threshold at its F1, and refuses one the sweep does not have', () => {
    const sweep = f1ByThreshold(labels, scores);
    const best = sweep.f1.indexOf(Math.max(...sweep.f1));
    const figure = f1ThresholdChart(sweep, sweep.thresholds[best], 'F1');
    assert.deepEqual([figure.data[1].x, figure.data[1].y], [[sweep.thresholds[best]], [sweep.f1[best]]]);
    assert.throws(() => f1ThresholdChart(sweep, 2, 'F1'), /chosen threshold 2 is not one of the sweep's/);
  });

  test('the reliability chart has one line per curve with bin sizes as text, and the diagonal', () => {
    const curves = reliabilityCurves(sets, 4);
    const figure = reliabilityChart(curves, { title: 'R', yTitle: 'observed rate', diagonalTo: 0.8 });
    assert.equal(figure.data.length, 3);
    assert.deepEqual(
      figure.data[0].text,
      Array.from(curves[0].curve.binCounts, (k) => `${k} patients`),
    );
    assert.deepEqual([figure.data[2].name, figure.data[2].x, figure.data[2].y], ['perfect', [0, 0.8], [0, 0.8]]);
  });
});

describe('notebook 03 tables: intervals, blend, calibration, decision curve', () => {
  test('an interval reads "estimate (lower–upper)" and each evaluated split is one row', () => {
    assert.equal(describeInterval({ estimate: 0.31234, lower: 0.25, upper: 0.371 }), '0.312 (0.250–0.371)');
    assert.equal(describeInterval({ estimate: 0.04, lower: 0.035, upper: 0.0451 }, 4), '0.0400 (0.0350–0.0451)');
    const interval = { estimate: 0.5, lower: 0.4, upper: 0.6 };
    const e = {
      rows: 10,
      positives: 2,
      averagePrecision: interval,
      rocAuc: interval,
      brier: interval,
      constantBrier: 0.16,
      logLoss: 0.3,
      calibrationSlope: 1.1,
      calibrationIntercept: -0.1,
      meanPredictedOverObserved: 0.9,
      atThreshold: { threshold: 0.2, precision: 0.5, recall: 0.5, flagged: 0.2 },
    };
    const [row] = evaluationRows({ test: e });
    assert.deepEqual(
      [row.split, row['AUC-PR'], row.Brier, row.flagged],
      ['test', '0.500 (0.400–0.600)', '0.5000 (0.4000–0.6000)', 0.2],
    );
  });

  test('blend rows put the chosen weight beside the first (booster) and the last (regression) weight', () => {
    const score = (weight: number, logLossMean: number) => ({
      weight,
      logLossMean,
      logLossSd: 0.01,
      averagePrecisionMean: 0.2,
      averagePrecisionSd: 0.02,
    });
    const byWeight = [score(0, 0.2), score(0.5, 0.18), score(1, 0.21)];
    const rows = blendRows({ weight: 0.5, byWeight, chosen: byWeight[1] });
    assert.deepEqual(
      rows.map((r) => [r.model, r['weight w'], r['CV log loss']]),
      [
        ['blend (chosen)', 0.5, 0.18],
        ['booster alone', 0, 0.2],
        ['regression alone', 1, 0.21],
      ],
    );
    const chart = blendChart({ weight: 0.5, byWeight, chosen: byWeight[1] }, 5);
    assert.deepEqual(
      [chart.data[0].name, chart.data[0].x, chart.data[0].y],
      ['5-fold mean', [0, 0.5, 1], [0.2, 0.18, 0.21]],
    );
  });

  test('the decision curve chart and its description follow the curve', () => {
    const curve = decisionCurve(labels, scores, [0.05, 0.1, 0.2, 0.3]);
    const ranges = usefulRanges(curve);
    const text = describeUsefulness(curve);
    if (ranges.length === 0) assert.match(text, /^no threshold between 5% and 30%/);
    else
      assert.equal(
        text,
        `adds net benefit at thresholds ${ranges.map(([a, b]: [number, number]) => `${Math.round(100 * a)}–${Math.round(100 * b)}%`).join(', ')}`,
      );
    const flat = {
      thresholds: Float64Array.from([0.1, 0.2]),
      model: Float64Array.from([-1, -1]),
      treatAll: Float64Array.from([0, 0]),
    };
    assert.equal(
      describeUsefulness(flat),
      'no threshold between 10% and 20% where the model beats treat-all and treat-none',
    );
    const chart = decisionCurveChart(curve, 'D');
    assert.deepEqual(chart.data[0].y, Array.from(curve.model));
    assert.deepEqual(chart.data[2].y, [0, 0]);
  });
});
