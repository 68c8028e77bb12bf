import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import { expectedMargin, shapValues } from '../../shared/ml/shap/tree-shap';
import { Random } from '../../shared/core/util/random';
import { maxAbsDiff, readGolden, readModelBytes } from './xgb-fixtures';
import { bruteForceShapley } from './shapley-oracle';

const golden = readGolden();
const { rows, cols, features } = golden;

for (const [name, file, expected] of [
  ['wasm-trained model', 'model.bin', golden.wasmModel],
  ['python-trained model', 'python-model.bin', golden.pythonModel],
] as const) {
  describe(`TreeSHAP on the ${name}`, () => {
    const ensemble = parseXGBoostBinaryModel(readModelBytes(file));
    const shap = shapValues(ensemble, features, rows, cols);

    test(`equals python xgboost ${golden.xgboostVersion} pred_contribs to 1e-5 on every row and column`, () => {
      const { diff, index } = maxAbsDiff(shap, expected.contribs);
      assert.ok(
        diff <= 1e-5,
        `max diff ${diff} at row ${Math.floor(index / (cols + 1))}, column ${index % (cols + 1)}`,
      );
    });

    test('each row sums to its margin (additivity) and the bias column is the expected margin', () => {
      const margins = predictMargin(ensemble, features, rows, cols);
      const bias = expectedMargin(ensemble);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j <= cols; j++) sum += shap[r * (cols + 1) + j];
        assert.ok(Math.abs(sum - margins[r]) <= 1e-5, `row ${r}: sum ${sum} vs margin ${margins[r]}`);
        assert.equal(shap[r * (cols + 1) + cols], bias);
      }
    });
  });
}

describe('TreeSHAP against the Shapley definition', () => {
  test('matches brute-force enumeration of all 2^8 coalitions on 12 rows', () => {
    const ensemble = parseXGBoostBinaryModel(readModelBytes('model.bin'));
    const sampleRows = [0, 1, 2, 3, 7, 11, 400, 455, 459, 460, 461, 300];
    for (const r of sampleRows) {
      const x = features.slice(r * cols, (r + 1) * cols);
      const oracle = bruteForceShapley(ensemble.trees, x, 0, cols);
      const fast = shapValues(ensemble, x, 1, cols).subarray(0, cols);
      const { diff, index } = maxAbsDiff(fast, oracle);
      assert.ok(diff <= 1e-9, `row ${r} feature ${index}: ${fast[index]} vs ${oracle[index]}`);
    }
  });

  test('additivity holds on random rows with missing values', () => {
    const ensemble = parseXGBoostBinaryModel(readModelBytes('python-model.bin'));
    const rng = new Random(11);
    const n = 200;
    const x = new Float64Array(n * cols);
    for (let i = 0; i < x.length; i++) x[i] = rng.bernoulli(0.15) ? NaN : rng.normal(0, 1.5);
    const shap = shapValues(ensemble, x, n, cols);
    const margins = predictMargin(ensemble, x, n, cols);
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let j = 0; j <= cols; j++) sum += shap[r * (cols + 1) + j];
      assert.ok(Math.abs(sum - margins[r]) <= 1e-5, `row ${r}: sum ${sum} vs margin ${margins[r]}`);
    }
  });

  test('rejects a column-count mismatch', () => {
    const ensemble = parseXGBoostBinaryModel(readModelBytes('model.bin'));
    assert.throws(
      () => shapValues(ensemble, new Float64Array(9), 1, 9),
      /features have 9 columns but the model was trained on 8/,
    );
  });
});
