import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  complementOf,
  crossValidate,
  stratifiedKFold,
  summarizeFoldCurves,
  takeMatrixRows,
  PrepareTraining,
} from '../../shared/pipeline/modeling/cross-validation';
import { takeLabels } from '../../shared/pipeline/modeling/dataset';
import { averagePrecision } from '../../shared/core/metrics/average-precision';
import { trainLocalBooster } from '../../shared/ml/training/local-booster';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import type { XGBoostParams } from '../../shared/ml/xgboost/xgboost-params';
import { Random } from '../../shared/core/util/random';

function rareLabels(n: number, rate: number, seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: n }, () => (random.next() < rate ? 1 : 0));
}

describe('stratifiedKFold', () => {
  for (const [n, k, seed] of [
    [1000, 5, 1],
    [503, 5, 7],
    [97, 3, 2],
    [60, 10, 11],
  ] as const) {
    test(`${n} rows, ${k} folds: disjoint, covering, stratified, sorted`, () => {
      const labels = rareLabels(n, 0.2, seed);
      const folds = stratifiedKFold(labels, { folds: k, seed });
      assert.equal(folds.length, k);
      const seen = new Uint8Array(n);
      for (const fold of folds) {
        for (let i = 0; i < fold.length; i++) {
          assert.equal(seen[fold[i]], 0, `row ${fold[i]} is in two folds`);
          seen[fold[i]] = 1;
          if (i > 0) assert.ok(fold[i] > fold[i - 1], 'sorted ascending');
        }
      }
      assert.ok(
        seen.every((s) => s === 1),
        'every row is in a fold',
      );
      const positives = labels.reduce((a, b) => a + b, 0);
      const sizes = folds.map((f) => f.length);
      const foldPositives = folds.map((f) => Array.from(f).reduce((sum, row) => sum + labels[row], 0));
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
      assert.ok(Math.max(...foldPositives) - Math.min(...foldPositives) <= 1, `positives per fold ${foldPositives}`);
      assert.equal(
        foldPositives.reduce((a, b) => a + b, 0),
        positives,
      );
    });
  }

  test('the seed decides the folds; the same seed gives the same folds', () => {
    const labels = rareLabels(400, 0.1, 3);
    assert.deepEqual(stratifiedKFold(labels, { seed: 5 }), stratifiedKFold(labels, { seed: 5 }));
    assert.notDeepEqual(stratifiedKFold(labels, { seed: 5 }), stratifiedKFold(labels, { seed: 6 }));
  });

  test('refuses too few folds, a class smaller than the folds, and bad labels', () => {
    assert.throws(() => stratifiedKFold([0, 1, 0, 1], { folds: 1, seed: 1 }), /folds must be an integer >= 2/);
    assert.throws(
      () => stratifiedKFold([0, 0, 0, 0, 0, 1, 1], { folds: 5, seed: 1 }),
      /class 1 has 2 rows, fewer than the 5 folds/,
    );
    assert.throws(() => stratifiedKFold([0, NaN, 1], { folds: 2, seed: 1 }), /label at row 1 is NaN/);
  });

  test('complementOf gives the other rows in order', () => {
    assert.deepEqual(Array.from(complementOf(Int32Array.from([0, 3, 4]), 6)), [1, 2, 5]);
    assert.deepEqual(Array.from(complementOf(new Int32Array(0), 3)), [0, 1, 2]);
  });
});

test('summarizeFoldCurves: the trees maximising the mean curve, each fold there, sample sd', () => {
  const result = summarizeFoldCurves([
    [0.1, 0.3, 0.2],
    [0.2, 0.2, 0.5],
    [0.3, 0.4, 0.2],
  ]);
  // Means: 0.2, 0.3, 0.3; the first maximum is after 2 trees.
  assert.deepEqual(
    result.meanCurve.map((v) => Number(v.toFixed(12))),
    [0.2, 0.3, 0.3],
  );
  assert.equal(result.rounds, 2);
  assert.deepEqual(result.foldAveragePrecision, [0.3, 0.2, 0.4]);
  assert.ok(Math.abs(result.averagePrecisionMean - 0.3) < 1e-15);
  assert.ok(Math.abs(result.averagePrecisionSd - 0.1) < 1e-15, `sd ${result.averagePrecisionSd}`);
});

test('crossValidate: each fold AP equals training on the fold complement and scoring the held-out rows', async () => {
  const random = new Random(42);
  const rows = 600;
  const cols = 4;
  const matrix = Float64Array.from({ length: rows * cols }, () => random.normal());
  const labels = Float64Array.from({ length: rows }, (_, r) => {
    const z = -2.5 + 1.5 * matrix[r * cols] - matrix[r * cols + 1];
    return random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  const data = { matrix, rows, cols };
  const folds = stratifiedKFold(labels, { folds: 4, seed: 9 });
  const params: XGBoostParams = { objective: 'binary:logistic', tree_method: 'hist', eta: 0.3, max_depth: 3, seed: 4 };
  const prepare: PrepareTraining = (train, y, p) => ({ train, labels: y, params: p });
  const cv = await crossValidate({ data, labels, folds, params, rounds: 20, prepare, inWorker: false });

  const curves = await Promise.all(
    folds.map(async (heldOut) => {
      const fit = complementOf(heldOut, rows);
      const x = takeMatrixRows(data, fit);
      const trained = await trainLocalBooster(
        { data: x.matrix, rows: x.rows, cols },
        Float32Array.from(takeLabels(labels, fit)),
        params,
        20,
      );
      const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
      const held = takeMatrixRows(data, heldOut);
      return Array.from({ length: 20 }, (_, t) =>
        averagePrecision(
          takeLabels(labels, heldOut),
          predictProba(ensemble, held.matrix, held.rows, cols, { treeLimit: t + 1 }),
        ),
      );
    }),
  );
  const mean = curves[0].map((_, t) => curves.reduce((s, c) => s + c[t], 0) / curves.length);
  const best = mean.indexOf(Math.max(...mean));
  assert.equal(cv.rounds, best + 1);
  cv.foldAveragePrecision.forEach((ap, f) =>
    assert.ok(Math.abs(ap - curves[f][best]) < 1e-12, `fold ${f}: ${ap} vs ${curves[f][best]}`),
  );
  assert.ok(cv.averagePrecisionMean > 0.3, `the model learns (${cv.averagePrecisionMean})`);
});
