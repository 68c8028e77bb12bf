import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import {
  forEachTreePrefix,
  predictMargin,
  predictMarginByPrefix,
  predictProba,
  truncateEnsemble,
} from '../../shared/ml/xgboost/tree-ensemble';
import { predictWithWasm } from '../../shared/ml/xgboost/xgboost-wasm';
import { maxAbsDiff, readGolden, readModelBytes } from './xgb-fixtures';

const golden = readGolden();
const { rows, cols, features } = golden;
const models = [
  { name: 'wasm-trained (XGBoost 0.7x) model', file: 'model.bin' as const, expected: golden.wasmModel },
  { name: 'python-trained (XGBoost 1.7.4) model', file: 'python-model.bin' as const, expected: golden.pythonModel },
];

for (const { name, file, expected } of models) {
  describe(`predictions of the ${name} match python xgboost ${golden.xgboostVersion}`, () => {
    const ensemble = parseXGBoostBinaryModel(readModelBytes(file));

    test('margins on every row (incl. NaN, -1 and exact-threshold probes) to 1e-6', () => {
      assert.equal(ensemble.trees.length, expected.trees);
      const { diff, index } = maxAbsDiff(predictMargin(ensemble, features, rows, cols), expected.margin);
      assert.ok(diff <= 1e-6, `max |margin diff| ${diff} at row ${index}`);
    });

    test('probabilities to 1e-6', () => {
      const { diff, index } = maxAbsDiff(predictProba(ensemble, features, rows, cols), expected.proba);
      assert.ok(diff <= 1e-6, `max |proba diff| ${diff} at row ${index}`);
    });

    test('float32 input gives the same margins as float64 input', () => {
      const fromF64 = predictMargin(ensemble, features, rows, cols);
      const fromF32 = predictMargin(ensemble, Float32Array.from(features), rows, cols);
      assert.deepEqual(fromF32, fromF64);
    });

    test('margins after k trees equal python iteration_range=(0, k)', () => {
      const byPrefix = predictMarginByPrefix(ensemble, features, rows, cols, expected.prefixCounts);
      expected.prefixCounts.forEach((count, k) => {
        const { diff, index } = maxAbsDiff(byPrefix[k], expected.prefixMargins[k]);
        assert.ok(diff <= 1e-6, `${count} trees: max diff ${diff} at row ${index}`);
        const truncated = truncateEnsemble(ensemble, count);
        assert.deepEqual(predictMargin(truncated, features, rows, cols), byPrefix[k]);
        assert.deepEqual(predictMargin(ensemble, features, rows, cols, { treeLimit: count }), byPrefix[k]);
      });
    });
  });
}

describe('prefix margins', () => {
  const ensemble = parseXGBoostBinaryModel(readModelBytes('model.bin'));

  test('forEachTreePrefix visits 1..n in order and ends at the full margin', () => {
    const seen: number[] = [];
    let last = new Float64Array(0);
    forEachTreePrefix(ensemble, features, rows, cols, (count, margins) => {
      seen.push(count);
      last = Float64Array.from(margins);
    });
    assert.deepEqual(
      seen,
      ensemble.trees.map((_, i) => i + 1),
    );
    assert.deepEqual(last, predictMargin(ensemble, features, rows, cols));
  });

  test('0 trees gives the base margin; all counts by default', () => {
    const [zero] = predictMarginByPrefix(ensemble, features, rows, cols, [0]);
    assert.ok(zero.every((m) => m === ensemble.baseMargin));
    assert.equal(
      predictMarginByPrefix(ensemble, features.subarray(0, 3 * cols), 3, cols).length,
      ensemble.trees.length,
    );
  });

  test('bad tree counts and shapes are rejected with clear messages', () => {
    assert.throws(() => truncateEnsemble(ensemble, 51), /treeLimit must be an integer in \[0, 50\], got 51/);
    assert.throws(() => predictMargin(ensemble, features, rows, cols, { treeLimit: 1.5 }), /treeLimit/);
    assert.throws(() => predictMargin(ensemble, features, rows + 1, cols), /expected rows x cols/);
    assert.throws(
      () => predictMargin(ensemble, new Float64Array(14), 2, 7),
      /features have 7 columns but the model was trained on 8/,
    );
  });
});

describe('agreement with the wasm engine itself', () => {
  test("probabilities equal ml-xgboost's own predict (fed the NaN/-1 encoding) to 1e-6 on every row", async () => {
    const bytes = readModelBytes('model.bin');
    const ensemble = parseXGBoostBinaryModel(bytes);
    const wasm = await predictWithWasm(bytes, features, rows, cols);
    const { diff, index } = maxAbsDiff(predictProba(ensemble, features, rows, cols), wasm);
    assert.ok(diff <= 1e-6, `max |diff| ${diff} at row ${index}`);
  });
});
