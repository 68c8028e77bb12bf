import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NUDGED_MINUS_ONE, predictWithWasm, trainBooster, XGBoostParams } from '../../shared/ml/xgboost/xgboost-wasm';
import { loadXGBoostWasm, wasmHeapTop } from '../../shared/ml/xgboost/xgboost-wasm-module';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { Random } from '../../shared/core/util/random';
import { maxAbsDiff, readTrainingData } from './xgb-fixtures';

function syntheticData(seed: number, rows: number, cols: number): { data: Float32Array; labels: Float32Array } {
  const rng = new Random(seed);
  const data = new Float32Array(rows * cols);
  const labels = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let logit = -1;
    for (let c = 0; c < cols; c++) {
      const v = rng.normal();
      data[r * cols + c] = v;
      logit += (c % 3 === 0 ? 0.8 : c % 3 === 1 ? -0.5 : 0) * v;
    }
    labels[r] = rng.bernoulli(1 / (1 + Math.exp(-logit))) ? 1 : 0;
  }
  return { data, labels };
}

const SMALL: XGBoostParams = { objective: 'binary:logistic', max_depth: 3, eta: 0.3, tree_method: 'hist', seed: 1 };

describe('trainBooster', () => {
  test('trains on 100,000 x 20 rows (beyond the ~62k-row stack limit of ml-xgboost.train)', async () => {
    const rows = 100_000;
    const cols = 20;
    const { data, labels } = syntheticData(5, rows, cols);
    const bytes = await trainBooster({ data, rows, cols }, labels, { ...SMALL, max_depth: 4 }, 5);
    const ensemble = parseXGBoostBinaryModel(bytes);
    assert.equal(ensemble.trees.length, 5);
    assert.equal(ensemble.numFeature, cols);
    const check = 300;
    const ours = predictProba(ensemble, data.subarray(0, check * cols), check, cols);
    const engine = await predictWithWasm(bytes, data.subarray(0, check * cols), check, cols);
    assert.ok(maxAbsDiff(ours, engine).diff <= 1e-6);
  });

  test('a bare array is split into one row per label; same seed gives identical bytes', async () => {
    const { data, labels } = syntheticData(2, 500, 4);
    const a = await trainBooster(data, labels, { ...SMALL, subsample: 0.7 }, 4);
    const b = await trainBooster({ data, rows: 500, cols: 4 }, labels, { ...SMALL, subsample: 0.7 }, 4);
    assert.deepEqual(a, b);
    assert.equal(parseXGBoostBinaryModel(a).numFeature, 4);
  });

  test('a genuine -1 is a value, distinct from NaN (missing), although the engine reserves -1 for missing', async () => {
    // Label 1 exactly when x = -1; NaN and +1 are label 0. Had -1 been sent as missing,
    // -1 and NaN would be indistinguishable and the model could not separate them.
    const rows = 600;
    const data = new Float64Array(rows * 2);
    const labels = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const kind = r % 3;
      data[r * 2] = kind === 0 ? -1 : kind === 1 ? NaN : 1;
      data[r * 2 + 1] = (r % 7) / 7;
      labels[r] = kind === 0 ? 1 : 0;
    }
    const bytes = await trainBooster({ data, rows, cols: 2 }, labels, { ...SMALL, min_child_weight: 0 }, 20);
    const ensemble = parseXGBoostBinaryModel(bytes);
    const probe = Float64Array.from([-1, 0.5, NaN, 0.5, 1, 0.5]);
    const p = predictProba(ensemble, probe, 3, 2);
    assert.ok(p[0] > 0.9, `P(x=-1) = ${p[0]}`);
    assert.ok(p[1] < 0.1, `P(x=NaN) = ${p[1]}`);
    assert.ok(p[2] < 0.1, `P(x=1) = ${p[2]}`);
    // The engine scoring the same rows (with the same encoding) agrees.
    assert.ok(maxAbsDiff(await predictWithWasm(bytes, probe, 3, 2), p).diff <= 1e-6);
  });

  test('NUDGED_MINUS_ONE is the float32 neighbour of -1 away from zero', () => {
    assert.equal(Math.fround(NUDGED_MINUS_ONE), NUDGED_MINUS_ONE);
    assert.ok(NUDGED_MINUS_ONE < -1);
    const between = Math.fround((NUDGED_MINUS_ONE + -1) / 2);
    assert.ok(between === -1 || between === NUDGED_MINUS_ONE);
  });

  test('bad inputs are rejected before reaching the engine, naming what is wrong', async () => {
    const { data, labels } = syntheticData(3, 10, 2);
    await assert.rejects(trainBooster(data, labels.subarray(0, 3), SMALL, 2), /cannot be split into 3 rows/);
    await assert.rejects(
      trainBooster({ data, rows: 10, cols: 3 }, labels, SMALL, 2),
      /expected rows x cols = 10 x 3 = 30 values, got 20/,
    );
    const nanLabels = labels.slice();
    nanLabels[4] = NaN;
    await assert.rejects(trainBooster(data, nanLabels, SMALL, 2), /label at row 4 is NaN/);
    const twoLabels = labels.slice();
    twoLabels[6] = 2;
    await assert.rejects(
      trainBooster(data, twoLabels, SMALL, 2),
      /label at row 6 is 2; objective binary:logistic needs labels in \[0, 1\]/,
    );
    const infinite = data.slice();
    infinite[7] = Infinity;
    await assert.rejects(trainBooster(infinite, labels, SMALL, 2), /row 3, column 1 is Infinity/);
    await assert.rejects(trainBooster(data, labels, SMALL, 0), /numRound must be a positive integer/);
    await assert.rejects(
      trainBooster(data, labels, { ...SMALL, eta: -0.1 }, 2),
      /eta must be a number in \[0, Infinity\]; got -0.1/,
    );
    await assert.rejects(trainBooster(data, labels, { ...SMALL, max_depth: 2.5 }, 2), /max_depth must be an integer/);
    await assert.rejects(
      trainBooster(data, labels, { ...SMALL, subsample: 0 }, 2),
      /subsample must be a number in \(0, 1\]/,
    );
    await assert.rejects(trainBooster(data, labels, { ...SMALL, base_score: 1 }, 2), /base_score must be in \(0, 1\)/);
    const unknown = { ...SMALL, learning_rate: 0.1 } as XGBoostParams;
    await assert.rejects(trainBooster(data, labels, unknown, 2), /unknown XGBoost parameter "learning_rate"/);
  });

  test('an engine abort becomes an Error quoting XGBoost, and the engine keeps working', async () => {
    await assert.rejects(
      predictWithWasm(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), new Float32Array(2), 1, 2),
      /XGBoost \(wasm\) failed during load_model: .*wrong model format/,
    );
    const { data, labels } = syntheticData(4, 50, 2);
    assert.ok((await trainBooster(data, labels, SMALL, 2)).length > 0);
  });

  test('20 train/free cycles do not grow the wasm heap', async () => {
    const { train, labels, trainRows, cols } = readTrainingData();
    const wasm = await loadXGBoostWasm();
    const cycle = async (): Promise<void> => {
      const bytes = await trainBooster({ data: train, rows: trainRows, cols }, labels, SMALL, 5);
      await predictWithWasm(bytes, train.subarray(0, 20 * cols), 20, cols);
    };
    for (let i = 0; i < 3; i++) await cycle();
    const top = wasmHeapTop(wasm);
    const heapBytes = wasm.HEAPU8.length;
    for (let i = 0; i < 20; i++) await cycle();
    assert.equal(wasmHeapTop(wasm), top, 'sbrk break moved: memory is leaking');
    assert.equal(wasm.HEAPU8.length, heapBytes);
  });
});
