/**
 * The blend weight by cross-validation: weight 0 is the booster alone and scores exactly what
 * cross-validation reported for it; weight 1 is the regression alone and scores what a logistic
 * regression fitted on each fold scores (up to the binning of its trees); on labels that are
 * logistic by construction, the regression gets most of the weight (by out-of-fold log loss). The final blend's margin is
 * the weighted sum of the two models' margins.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision } from '../../shared/core/metrics/average-precision';
import { complementOf, crossValidate, takeMatrixRows } from '../../shared/pipeline/modeling/cross-validation';
import { takeLabels } from '../../shared/pipeline/modeling/dataset';
import { blendWithLogistic, chooseLogisticBlend } from '../../shared/pipeline/modeling/logistic-blend';
import { BASE_PARAMS, imbalanceStrategies, refit, selectionData } from '../../shared/pipeline/modeling/selection';
import { linearTrees } from '../../shared/ml/xgboost/linear-trees';
import { fitLogisticRegression } from '../../shared/ml/training/logistic-regression';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import { Random } from '../../shared/core/util/random';

const random = new Random(21);
const rows = 1500;
const cols = 4;
const matrix = Float64Array.from({ length: rows * cols }, () => random.normal());
const labels = Float64Array.from({ length: rows }, (_, r) => {
  const z = -2.8 + 1.2 * matrix[r * cols] - 0.8 * matrix[r * cols + 1] + 0.4 * matrix[r * cols + 2];
  return random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
});
const data = { matrix, rows, cols };
const selection = selectionData(data, labels, { folds: 4, seed: 5 });
const strategy = imbalanceStrategies(5)[0];
const params = { ...BASE_PARAMS, seed: 5 };

test('weight 0 scores what cross-validation reported; weight 1 what a fold-fitted regression scores; logistic data favours the regression', async () => {
  const cv = await crossValidate({ ...selection, params, rounds: 60, prepare: strategy.prepare });
  const tuned = { search: 'random' as const, params, cv };
  const choice = await chooseLogisticBlend(selection, strategy, tuned);
  assert.equal(choice.byWeight.length, 11);
  const alone = choice.byWeight[0];
  assert.ok(
    Math.abs(alone.averagePrecisionMean - cv.averagePrecisionMean) < 1e-12,
    `${alone.averagePrecisionMean} vs ${cv.averagePrecisionMean}`,
  );
  const regression = selection.folds.map((heldOut) => {
    const fit = complementOf(heldOut, rows);
    const model = fitLogisticRegression(takeMatrixRows(data, fit), takeLabels(labels, fit));
    return averagePrecision(takeLabels(labels, heldOut), model.predictMargin(takeMatrixRows(data, heldOut)));
  });
  const regressionMean = regression.reduce((a, b) => a + b, 0) / regression.length;
  const linear = choice.byWeight[10].averagePrecisionMean;
  assert.ok(
    Math.abs(linear - regressionMean) < 0.01,
    `trees of the regression ${linear} vs the regression ${regressionMean}`,
  );
  assert.ok(choice.weight >= 0.5, `the regression's weight on logistic labels: ${choice.weight}`);
  assert.equal(choice.chosen.logLossMean, Math.min(...choice.byWeight.map((b) => b.logLossMean)));
});

test('the final blend is the weighted sum of the regression and the refit booster', async () => {
  const cv = await crossValidate({ ...selection, params, rounds: 30, prepare: strategy.prepare });
  const model = await refit(data, labels, strategy, { search: 'random', params, cv });
  const blend = blendWithLogistic(model.ensemble, data, labels, 0.6);
  const linear = linearTrees(fitLogisticRegression(data, labels), data);
  const m = (e: Parameters<typeof predictMargin>[0]) => predictMargin(e, matrix, rows, cols);
  const [a, b, sum] = [m(linear), m(model.ensemble), m(blend)];
  sum.forEach((v, i) => assert.ok(Math.abs(v - (0.6 * a[i] + 0.4 * b[i])) < 1e-4, `row ${i}`));
  assert.equal(blend.trees.length, linear.trees.length + model.ensemble.trees.length);
});
