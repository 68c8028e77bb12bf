import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainAndValidate } from '../../shared/pipeline/modeling/train-eval';
import { averagePrecision } from '../../shared/core/metrics/average-precision';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import { Random } from '../../shared/core/util/random';
import type { FeatureMatrix } from '../../shared/ml/data/preprocess';

function dataset(rows: number, seed: number): { x: FeatureMatrix; y: Float64Array } {
  const random = new Random(seed);
  const cols = 4;
  const matrix = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) matrix[r * cols + c] = random.normal();
    y[r] = random.bernoulli(1 / (1 + Math.exp(-(2 * matrix[r * cols] - 2.5)))) ? 1 : 0;
  }
  return { x: { matrix, rows, cols }, y };
}

test('the validation curve scores every tree prefix and keeps the best one', async () => {
  const train = dataset(800, 1);
  const validation = dataset(400, 2);
  const model = await trainAndValidate(
    train.x,
    train.y,
    validation.x,
    validation.y,
    { objective: 'binary:logistic', eta: 0.3, max_depth: 3, seed: 7 },
    40,
  );
  assert.equal(model.curve.length, 40);
  assert.equal(model.ensemble.trees.length, 40);
  const v = validation.x;
  const full = averagePrecision(validation.y, predictMargin(model.ensemble, v.matrix, v.rows, v.cols));
  assert.ok(Math.abs(model.curve[39] - full) < 1e-12, 'the last point is the full model');
  assert.equal(model.bestEnsemble.trees.length, model.bestTrees);
  const truncated = averagePrecision(validation.y, predictMargin(model.bestEnsemble, v.matrix, v.rows, v.cols));
  assert.ok(Math.abs(truncated - model.bestAveragePrecision) < 1e-12, 'the best prefix scores what the curve says');
  assert.equal(model.bestAveragePrecision, Math.max(...model.curve));
  assert.ok(model.bestAveragePrecision > 0.4, `the model learned the signal (AP ${model.bestAveragePrecision})`);
});

test('training in a worker thread gives the same model as training in-process', async () => {
  const train = dataset(600, 3);
  const validation = dataset(300, 4);
  const params = {
    objective: 'binary:logistic' as const,
    eta: 0.2,
    max_depth: 4,
    subsample: 0.8,
    colsample_bytree: 0.7,
    seed: 11,
  };
  const inProcess = await trainAndValidate(train.x, train.y, validation.x, validation.y, params, 25);
  const [first, second] = await Promise.all([
    trainAndValidate(train.x, train.y, validation.x, validation.y, params, 25, { inWorker: true }),
    trainAndValidate(train.x, train.y, validation.x, validation.y, { ...params, seed: 12 }, 25, { inWorker: true }),
  ]);
  assert.deepEqual(first.modelBytes, inProcess.modelBytes, 'same engine, data and seed: identical model bytes');
  assert.deepEqual(first.curve, inProcess.curve);
  assert.notDeepEqual(second.modelBytes, first.modelBytes, 'a different seed subsamples differently');
});
