/**
 * A logistic regression written as XGBoost trees: exact at training values where a column has
 * few of them, within the group width where it has many, loaded and predicted identically by
 * python-xgboost, explained by TreeSHAP to its margin; and the weighted sum of two models is the
 * weighted sum of their margins.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureMatrix } from '../../shared/ml/data/preprocess';
import { weightedSum } from '../../shared/ml/xgboost/ensemble-sum';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { writeXGBoostBinaryModel } from '../../shared/ml/training/hist-booster/model-writer';
import { linearTrees } from '../../shared/ml/xgboost/linear-trees';
import { fitLogisticRegression } from '../../shared/ml/training/logistic-regression';
import { predictMargin, predictProba, type TreeEnsemble } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { Random } from '../../shared/core/util/random';
import { pythonXGBoostPredict, pythonXGBoostSkip } from './python-xgboost';

/** Column 0 continuous (many values), 1 integer ages 0..80 standardised, 2 a 0/1 flag; logistic labels. */
function dataset(rows: number, seed: number): { x: FeatureMatrix; y: Float64Array } {
  const random = new Random(seed);
  const cols = 3;
  const matrix = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const glucose = random.normal();
    const age = (random.int(81) - 40) / 23;
    const flag = random.bernoulli(0.2) ? 1 : 0;
    matrix.set([glucose, age, flag], r * cols);
    y[r] = random.bernoulli(1 / (1 + Math.exp(-(-3 + 0.6 * glucose + 1.5 * age + 0.8 * flag)))) ? 1 : 0;
  }
  return { x: { matrix, rows, cols }, y };
}

const margins = (x: FeatureMatrix, ensemble: TreeEnsemble) => predictMargin(ensemble, x.matrix, x.rows, x.cols);

test('exact at the training values of columns with few of them; within the group width otherwise', () => {
  const { x, y } = dataset(3000, 7);
  const logistic = fitLogisticRegression(x, y);
  const ensemble = linearTrees(logistic, x);
  assert.equal(ensemble.trees.length, 3);
  assert.ok(
    ensemble.trees.every((t) => t.maxDepth <= 8),
    'at most 256 leaves per tree',
  );
  // Without the continuous column, trees and regression agree to float32 rounding.
  const xNoGlucose = { ...x, matrix: x.matrix.map((v, i) => (i % 3 === 0 ? 0 : v)) };
  const exact = fitLogisticRegression(xNoGlucose, y);
  const exactTrees = margins(xNoGlucose, linearTrees(exact, xNoGlucose));
  const exactLr = exact.predictMargin(xNoGlucose);
  exactTrees.forEach((m, i) => assert.ok(Math.abs(m - exactLr[i]) < 1e-5, `row ${i}: ${m} vs ${exactLr[i]}`));
  // With it, the error is at most |coef| × half a group's width: 3000 rows in 256 groups of a normal.
  const trees = margins(x, ensemble);
  const lr = logistic.predictMargin(x);
  let worst = 0;
  trees.forEach((m, i) => (worst = Math.max(worst, Math.abs(m - lr[i]))));
  assert.ok(worst < Math.abs(logistic.coef[0]) * 0.5, `worst ${worst}`);
  const mean = trees.reduce((s, m, i) => s + Math.abs(m - lr[i]), 0) / trees.length;
  assert.ok(mean < 0.01, `mean |difference| ${mean}`);
});

test('a missing value takes the path of 0 (the standardised mean); outside the range, the outermost leaf', () => {
  const { x, y } = dataset(500, 3);
  const logistic = fitLogisticRegression(x, y);
  const ensemble = linearTrees(logistic, x);
  const at = (row: number[]) => predictMargin(ensemble, Float64Array.from(row), 1, 3)[0];
  assert.ok(Math.abs(at([NaN, 0.5, 1]) - at([0, 0.5, 1])) < Math.abs(logistic.coef[0]) * 0.2);
  assert.equal(at([1e6, 0.5, 1]), at([Math.max(...Array.from({ length: 500 }, (_, r) => x.matrix[r * 3])), 0.5, 1]));
});

test(
  'python-xgboost loads the bytes and predicts the same; TreeSHAP sums to the margin',
  { skip: pythonXGBoostSkip() },
  () => {
    const { x, y } = dataset(2000, 11);
    const ensemble = linearTrees(fitLogisticRegression(x, y), x);
    const bytes = writeXGBoostBinaryModel(ensemble);
    const ours = predictProba(parseXGBoostBinaryModel(bytes), x.matrix, x.rows, x.cols);
    const theirs = pythonXGBoostPredict(bytes, x.matrix, x.cols);
    ours.forEach((p, i) => assert.ok(Math.abs(p - theirs[i]) < 1e-6, `row ${i}: ${p} vs ${theirs[i]}`));
    const phi = shapValues(ensemble, x.matrix, x.rows, x.cols);
    const m = predictMargin(ensemble, x.matrix, x.rows, x.cols);
    for (let r = 0; r < x.rows; r++) {
      const sum = phi.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - m[r]) < 1e-4, `row ${r}: ${sum} vs ${m[r]}`);
    }
  },
);

test(
  'a weighted sum of two models is the weighted sum of their margins, and python-xgboost agrees',
  { skip: pythonXGBoostSkip() },
  async () => {
    const { x, y } = dataset(1500, 5);
    const linear = linearTrees(fitLogisticRegression(x, y), x);
    const boosted = (
      await trainHistBooster(
        { data: x.matrix, rows: x.rows, cols: x.cols },
        Float32Array.from(y),
        { max_depth: 3, seed: 1 },
        20,
      )
    ).ensemble;
    const blend = weightedSum([
      { ensemble: linear, weight: 0.7 },
      { ensemble: boosted, weight: 0.3 },
    ]);
    assert.equal(blend.trees.length, linear.trees.length + boosted.trees.length);
    const a = margins(x, linear);
    const b = margins(x, boosted);
    const sum = margins(x, blend);
    sum.forEach((m, i) => assert.ok(Math.abs(m - (0.7 * a[i] + 0.3 * b[i])) < 1e-4, `row ${i}`));
    const bytes = writeXGBoostBinaryModel(blend);
    const theirs = pythonXGBoostPredict(bytes, x.matrix, x.cols);
    const ours = predictProba(blend, x.matrix, x.rows, x.cols);
    ours.forEach((p, i) => assert.ok(Math.abs(p - theirs[i]) < 1e-6, `row ${i}: ${p} vs ${theirs[i]}`));
    assert.deepEqual(
      weightedSum([
        { ensemble: linear, weight: 1 },
        { ensemble: boosted, weight: 0 },
      ]).trees,
      linear.trees,
    );
    assert.throws(() => weightedSum([{ ensemble: linear, weight: -1 }]), /weights must be finite and >= 0/);
  },
);
