import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracy,
  bestF1Threshold,
  brierScore,
  confusionAt,
  costOptimalThreshold,
  f1,
  f1ByThreshold,
  precision,
  recall,
  specificity,
} from '../../shared/core/metrics/classification';
import { calibrationCurve } from '../../shared/core/metrics/calibration';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';
import type { MetricsGolden } from './golden-types';

const golden = loadFixture<MetricsGolden>('metrics', 'metrics_golden.json');
const TOLERANCE = { absolute: 1e-9 };

describe('threshold metrics match sklearn', () => {
  for (const c of golden.cases) {
    test(`${c.name}: confusion counts and rates at fixed thresholds`, () => {
      for (const expected of c.at_threshold) {
        const counts = confusionAt(c.labels, c.scores, expected.threshold);
        const at = `threshold ${expected.threshold}`;
        assert.deepEqual(
          [counts.truePositives, counts.falsePositives, counts.trueNegatives, counts.falseNegatives],
          [expected.tp, expected.fp, expected.tn, expected.fn],
          at,
        );
        assertClose(precision(counts), expected.precision, TOLERANCE, `${at} precision`);
        assertClose(recall(counts), expected.recall, TOLERANCE, `${at} recall`);
        assertClose(f1(counts), expected.f1, TOLERANCE, `${at} f1`);
        assertClose(accuracy(counts), expected.accuracy, TOLERANCE, `${at} accuracy`);
        assertClose(specificity(counts), expected.specificity, TOLERANCE, `${at} specificity`);
      }
    });

    test(`${c.name}: Brier score and calibration curves`, () => {
      assertClose(brierScore(c.labels, c.scores), c.brier, TOLERANCE, 'brier');
      for (const expected of c.calibration) {
        const curve = calibrationCurve(c.labels, c.scores, { bins: expected.bins, strategy: expected.strategy });
        const what = `${expected.strategy}/${expected.bins}`;
        assertArrayClose(curve.fractionPositive, expected.prob_true, TOLERANCE, `${what} prob_true`);
        assertArrayClose(curve.meanPredicted, expected.prob_pred, TOLERANCE, `${what} prob_pred`);
        assert.equal(
          curve.binCounts.reduce((a, b) => a + b, 0),
          c.labels.length,
          `${what} bin counts cover all rows`,
        );
      }
    });

    test(`${c.name}: F1 sweep, best F1 and cost-optimal threshold vs brute force`, () => {
      const sweep = f1ByThreshold(c.labels, c.scores);
      assertArrayClose(sweep.thresholds, c.f1_sweep.thresholds, { absolute: 0 }, 'thresholds');
      assertArrayClose(sweep.precision, c.f1_sweep.precision, TOLERANCE, 'precision');
      assertArrayClose(sweep.recall, c.f1_sweep.recall, TOLERANCE, 'recall');
      assertArrayClose(sweep.f1, c.f1_sweep.f1, TOLERANCE, 'f1');
      const best = bestF1Threshold(c.labels, c.scores);
      assert.equal(best.threshold, c.best_f1.threshold);
      assertClose(best.f1, c.best_f1.f1, TOLERANCE, 'best f1');
      for (const expected of c.cost_optimal) {
        const choice = costOptimalThreshold(c.labels, c.scores, {
          costFalseNegative: expected.cost_fn,
          costFalsePositive: expected.cost_fp,
        });
        const what = `costs FN=${expected.cost_fn} FP=${expected.cost_fp}`;
        assert.equal(choice.threshold, expected.threshold === 'Infinity' ? Infinity : expected.threshold, what);
        assert.equal(choice.totalCost, expected.total_cost, what);
        assert.equal(choice.falseNegatives, expected.fn, what);
        assert.equal(choice.falsePositives, expected.fp, what);
      }
    });
  }
});

describe('classification edge cases', () => {
  test('zero_division=0 when nothing is flagged or there are no positives', () => {
    const counts = confusionAt([0, 0, 1], [0.1, 0.2, 0.3], 0.9);
    assert.equal(precision(counts), 0);
    assert.equal(f1(counts), 0);
    assert.equal(recall(confusionAt([0, 0], [0.1, 0.2], 0.1)), 0);
  });

  test('invalid probabilities and costs are rejected with the offending field named', () => {
    assert.throws(() => brierScore([0, 1], [0.2, 1.5]), /probabilities\[1\] must be in \[0, 1\], got 1.5/);
    assert.throws(() => calibrationCurve([0, 1], [0.2, 0.4], { bins: 0 }), /bins must be a positive integer/);
    assert.throws(
      () => costOptimalThreshold([0, 1], [0.2, 0.4], { costFalseNegative: -1, costFalsePositive: 1 }),
      /costFalseNegative must be a finite number >= 0, got -1/,
    );
    assert.throws(() => bestF1Threshold([0, 0], [0.2, 0.4]), /no positive/);
    assert.throws(() => confusionAt([0, 1], [0.2, 0.4], Number.NaN), /threshold is NaN/);
  });
});
