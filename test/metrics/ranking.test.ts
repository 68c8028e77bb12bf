import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, precisionRecallCurve } from '../../shared/core/metrics/average-precision';
import { rocAuc, rocCurve } from '../../shared/core/metrics/roc';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';
import type { MetricsGolden } from './golden-types';
import { binaryCurve } from '../../shared/core/metrics/binary-curve';
import { IncrementalAveragePrecision } from '../../shared/core/metrics/incremental-average-precision';
import { Random } from '../../shared/core/util/random';

const golden = loadFixture<MetricsGolden>('metrics', 'metrics_golden.json');
const TOLERANCE = { absolute: 1e-9 };

describe('ranking metrics match sklearn 1.2', () => {
  for (const c of golden.cases) {
    test(`${c.name}: average precision and PR curve`, () => {
      assertClose(averagePrecision(c.labels, c.scores), c.average_precision, TOLERANCE, 'AP');
      const curve = precisionRecallCurve(c.labels, c.scores);
      assertArrayClose(curve.precision, c.pr_curve.precision, TOLERANCE, 'precision');
      assertArrayClose(curve.recall, c.pr_curve.recall, TOLERANCE, 'recall');
      assertArrayClose(curve.thresholds, c.pr_curve.thresholds, { absolute: 0 }, 'thresholds');
    });

    test(`${c.name}: ROC AUC and ROC curve (drop_intermediate)`, () => {
      assertClose(rocAuc(c.labels, c.scores), c.roc_auc, TOLERANCE, 'AUC');
      const curve = rocCurve(c.labels, c.scores);
      assertArrayClose(curve.falsePositiveRate, c.roc_curve.fpr, TOLERANCE, 'fpr');
      assertArrayClose(curve.truePositiveRate, c.roc_curve.tpr, TOLERANCE, 'tpr');
      assert.equal(curve.thresholds[0], Infinity);
      assertArrayClose(curve.thresholds.subarray(1), c.roc_curve.thresholds_after_first, { absolute: 0 }, 'thresholds');
    });
  }
});

describe('ranking metrics: identities and input errors', () => {
  test('AUC equals the Mann-Whitney pair-counting probability (ties count 1/2)', () => {
    const c = golden.cases.find((x) => x.name === 'heavy_ties');
    assert.ok(c);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < c.labels.length; i++) {
      if (c.labels[i] !== 1) continue;
      for (let j = 0; j < c.labels.length; j++) {
        if (c.labels[j] !== 0) continue;
        pairs++;
        wins += c.scores[i] > c.scores[j] ? 1 : c.scores[i] === c.scores[j] ? 0.5 : 0;
      }
    }
    assertClose(rocAuc(c.labels, c.scores), wins / pairs, { absolute: 1e-12 }, 'AUC vs pair counting');
  });

  test('perfect ranking gives AUC 1 and AP 1; reversed ranking gives AUC 0', () => {
    const labels = [0, 0, 1, 1, 1];
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5];
    assert.equal(rocAuc(labels, scores), 1);
    assert.equal(averagePrecision(labels, scores), 1);
    assert.equal(
      rocAuc(
        labels,
        scores.map((s) => -s),
      ),
      0,
    );
  });

  test('single-class labels, bad labels and length mismatch throw descriptive errors', () => {
    assert.throws(() => rocAuc([0, 0, 0], [0.1, 0.2, 0.3]), /only negatives/);
    assert.throws(() => averagePrecision([0, 0], [0.1, 0.2]), /no positive/);
    assert.throws(() => rocAuc([0, 2, 1], [0.1, 0.2, 0.3]), /labels\[1\] must be 0 or 1, got 2/);
    assert.throws(() => rocAuc([0, 1], [0.1]), /labels has 2 entries but scores has 1/);
    assert.throws(() => averagePrecision([0, 1], [0.1, Number.NaN]), /scores\[1\] must be a finite number/);
  });
});

test('binaryCurve groups tied scores across both classes, like a stable sort of all scores', () => {
  const random = new Random(5);
  for (const n of [1, 2, 3, 17, 1000, 4097]) {
    // Few distinct values, so most scores are tied, and both classes present.
    const scores = Float64Array.from({ length: n }, () => random.int(n < 10 ? 3 : 40) / 7);
    const labels = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : i === 1 ? 0 : random.int(2)));
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
    const expected: Array<[number, number, number]> = [];
    let tp = 0;
    order.forEach((index, rank) => {
      tp += labels[index];
      if (rank === n - 1 || scores[order[rank + 1]] !== scores[index])
        expected.push([scores[index], tp, rank + 1 - tp]);
    });
    const curve = binaryCurve(labels, scores);
    const actual = Array.from(curve.thresholds, (t, k): [number, number, number] => [
      t,
      curve.truePositives[k],
      curve.falsePositives[k],
    ]);
    assert.deepEqual(actual, expected, `n = ${n}`);
  }
});

test('IncrementalAveragePrecision equals averagePrecision bit for bit over a drifting sequence, ties and jumps included', () => {
  const random = new Random(12);
  const n = 700;
  const labels = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 1 : random.next() < 0.07 ? 1 : 0));
  const scores = new Float32Array(n);
  const incremental = new IncrementalAveragePrecision(labels);
  for (let step = 0; step < 60; step++) {
    for (let i = 0; i < n; i++) {
      // Small drifts mostly; every 15th step a jump that reorders nearly everything; coarse values tie.
      const change = step % 15 === 14 ? random.normal() * 5 : random.normal() * 0.02;
      scores[i] = step % 4 === 0 ? Math.round((scores[i] + change) * 8) / 8 : scores[i] + change;
    }
    assert.equal(incremental.next(scores), averagePrecision(labels, scores), `step ${step}`);
  }
  assert.throws(() => incremental.next(scores.subarray(1)), /labels has 700 entries but scores has 699/);
  assert.throws(() => new IncrementalAveragePrecision(new Float64Array(5)), /no positive/);
});
