import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rocAuc } from '../../shared/core/metrics/roc';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { predictMargin, predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { Random } from '../../shared/core/util/random';
import { pythonXGBoostPredict, pythonXGBoostSkip } from './python-xgboost';

/** Rows with a nonlinear signal in features 0-2, noise in the rest, ~10 % missing in feature 1. */
function synthetic(rows: number, cols: number, seed: number): { data: Float64Array; labels: Float32Array } {
  const random = new Random(seed);
  const data = new Float64Array(rows * cols);
  const labels = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = c === 3 ? random.int(3) : random.normal();
    const a = data[r * cols];
    const b = data[r * cols + 1];
    const logit = 1.5 * a - b * b + (data[r * cols + 2] > 0.5 ? 1 : -0.5) + 0.5 * data[r * cols + 3];
    labels[r] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    if (random.next() < 0.1) data[r * cols + 1] = NaN;
  }
  return { data, labels };
}

const PARAMS = {
  eta: 0.3,
  max_depth: 4,
  subsample: 0.8,
  colsample_bytree: 0.8,
  gamma: 0.5,
  min_child_weight: 2,
  seed: 7,
};

test('one split on a hand-checked dataset: loss change, leaves, cover and threshold are exact', async () => {
  // margin 0 → p = 0.5: gradients ±0.5, hessians 0.25. Split x < 3: G_L = 1, H_L = 0.5, G_R = −1, H_R = 0.5.
  // loss change = 1/1.5 + 1/1.5 − 0/2 = 4/3; leaves −G/(H+λ) = ∓2/3 (eta 1).
  const result = await trainHistBooster(
    { data: Float64Array.of(1, 2, 3, 4), rows: 4, cols: 1 },
    Float32Array.of(0, 0, 1, 1),
    { eta: 1, max_depth: 1, min_child_weight: 0, lambda: 1 },
    1,
  );
  const tree = result.ensemble.trees[0];
  assert.equal(tree.numNodes, 3);
  assert.deepEqual([...tree.leftChild], [1, -1, -1]);
  assert.equal(tree.splitThreshold[0], 3);
  assert.equal(tree.lossChange[0], Math.fround(4 / 3));
  assert.deepEqual([...tree.leafValue], [0, Math.fround(-2 / 3), Math.fround(2 / 3)]);
  assert.deepEqual([...tree.cover], [1, 0.5, 0.5]);
  assert.equal(Math.abs(tree.baseWeight[0]), 0);
});

test('base_score starts every margin at its float32 log-odds, which shifts gradients and leaves', async () => {
  // p = 0.2 everywhere: gradients p − y are 0.2 and −0.8, hessians 0.16. Split x < 3: G_L = 0.4, H_L = 0.32,
  // G_R = −1.6, H_R = 0.32; leaves −G/(H+λ) = −0.4/1.32 and 1.6/1.32.
  const result = await trainHistBooster(
    { data: Float64Array.of(1, 2, 3, 4), rows: 4, cols: 1 },
    Float32Array.of(0, 0, 1, 1),
    { eta: 1, max_depth: 1, min_child_weight: 0, lambda: 1, base_score: 0.2 },
    1,
  );
  const margin = Math.fround(-Math.log(Math.fround(Math.fround(1 / 0.2) - 1)));
  assert.equal(result.ensemble.baseMargin, margin);
  const leaves = result.ensemble.trees[0].leafValue;
  assert.ok(
    Math.abs(leaves[1] + 0.4 / 1.32) < 1e-6 && Math.abs(leaves[2] - 1.6 / 1.32) < 1e-6,
    `leaves ${leaves[1]}, ${leaves[2]}`,
  );
  assert.equal(result.trainingMargins[0], Math.fround(margin + leaves[1]));
  assert.deepEqual(parseXGBoostBinaryModel(result.modelBytes), result.ensemble);
});

test('gamma prunes a split whose loss change is below it, and min_child_weight blocks thin children', async () => {
  const x = { data: Float64Array.of(1, 2, 3, 4), rows: 4, cols: 1 };
  const y = Float32Array.of(0, 0, 1, 1);
  const pruned = await trainHistBooster(x, y, { eta: 1, max_depth: 1, min_child_weight: 0, gamma: 1.4 }, 1);
  assert.equal(pruned.ensemble.trees[0].numNodes, 1);
  const kept = await trainHistBooster(x, y, { eta: 1, max_depth: 1, min_child_weight: 0, gamma: 1.3 }, 1);
  assert.equal(kept.ensemble.trees[0].numNodes, 3);
  const heavy = await trainHistBooster(x, y, { eta: 1, max_depth: 1, min_child_weight: 0.6 }, 1);
  assert.equal(heavy.ensemble.trees[0].numNodes, 1);
});

test('bad input is rejected naming the problem', async () => {
  const x = { data: Float64Array.of(1, Infinity), rows: 2, cols: 1 };
  await assert.rejects(trainHistBooster(x, Float32Array.of(0, 1), {}, 1), /row 1, column 0 is Infinity/);
  await assert.rejects(
    trainHistBooster({ data: Float64Array.of(1, 2), rows: 2, cols: 1 }, Float32Array.of(0, 2), {}, 1),
    /label at row 1 is 2/,
  );
  await assert.rejects(
    trainHistBooster({ data: Float64Array.of(1, 2), rows: 2, cols: 1 }, Float32Array.of(0, 1), { max_bin: 1 }, 1),
    /max_bin/,
  );
});

test('training margins equal the tree evaluator on the raw training data, and the bytes round-trip', async () => {
  const { data, labels } = synthetic(3000, 6, 1);
  const result = await trainHistBooster({ data, rows: 3000, cols: 6 }, labels, PARAMS, 20);
  assert.deepEqual(Float32Array.from(predictMargin(result.ensemble, data, 3000, 6)), result.trainingMargins);
  assert.deepEqual(parseXGBoostBinaryModel(result.modelBytes), result.ensemble);
  assert.ok(
    result.ensemble.trees.some((t) => t.defaultLeft.some((d, n) => d === 1 && t.leftChild[n] !== -1)),
    'some split sends missing left',
  );
});

test('same seed gives the same bytes; 1 and 2 workers give the same bytes; another seed differs', async () => {
  const { data, labels } = synthetic(4000, 6, 2);
  const matrix = { data, rows: 4000, cols: 6 };
  const one = await trainHistBooster(matrix, labels, PARAMS, 15);
  const again = await trainHistBooster(matrix, labels, PARAMS, 15);
  const two = await trainHistBooster(matrix, labels, PARAMS, 15, { workers: 2 });
  const other = await trainHistBooster(matrix, labels, { ...PARAMS, seed: 8 }, 15);
  assert.deepEqual(again.modelBytes, one.modelBytes);
  assert.deepEqual(two.modelBytes, one.modelBytes);
  assert.notDeepEqual(other.modelBytes, one.modelBytes);
});

for (const baseScore of [0.5, 0.08]) {
  test(
    `python xgboost loads our bytes and predicts the same probabilities (base_score ${baseScore})`,
    { skip: pythonXGBoostSkip() },
    async () => {
      const { data, labels } = synthetic(2000, 6, 3);
      const result = await trainHistBooster(
        { data, rows: 2000, cols: 6 },
        labels,
        { ...PARAMS, base_score: baseScore },
        20,
      );
      const python = pythonXGBoostPredict(result.modelBytes, data, 6);
      const ours = predictProba(result.ensemble, data, 2000, 6);
      let worst = 0;
      for (let i = 0; i < 2000; i++) worst = Math.max(worst, Math.abs(python[i] - ours[i]));
      assert.ok(worst <= 1e-6, `largest |python - ours| = ${worst}`);
    },
  );
}

test('validation AUC is within 0.01 of ml-xgboost hist with the same parameters', async () => {
  const { data, labels } = synthetic(6000, 6, 4);
  const trainRows = 4000;
  const train = { data: data.subarray(0, trainRows * 6), rows: trainRows, cols: 6 };
  const trainLabels = labels.subarray(0, trainRows);
  const validation = data.subarray(trainRows * 6);
  const validationLabels = labels.subarray(trainRows);
  const params = { eta: 0.1, max_depth: 4, subsample: 0.8, colsample_bytree: 0.8, seed: 5 };
  const ours = await trainHistBooster(train, trainLabels, params, 60);
  const reference = parseXGBoostBinaryModel(
    await trainBooster(train, trainLabels, { ...params, objective: 'binary:logistic', tree_method: 'hist' }, 60),
  );
  const oursAuc = rocAuc(validationLabels, predictProba(ours.ensemble, validation, 2000, 6));
  const referenceAuc = rocAuc(validationLabels, predictProba(reference, validation, 2000, 6));
  assert.ok(Math.abs(oursAuc - referenceAuc) <= 0.01, `AUC ours ${oursAuc} vs ml-xgboost ${referenceAuc}`);
});
