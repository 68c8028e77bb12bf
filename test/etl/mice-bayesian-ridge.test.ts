import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitBayesianRidge, symmetricEigen } from '../../shared/ml/impute/bayesian-ridge';
import { assertClose } from '../assert-close';

interface RidgeCase {
  name: string;
  X: number[][];
  y: number[];
  X_test: number[][];
  coef: number[];
  intercept: number;
  alpha: number;
  lambda: number;
  n_iter: number;
  sigma: number[][];
  predict_mean: number[];
  predict_std: number[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'mice', 'bayesian_ridge.json'), 'utf8')) as {
  cases: RidgeCase[];
};

function toColumns(matrix: number[][]): Float64Array[] {
  const p = matrix[0].length;
  return Array.from({ length: p }, (_, j) => Float64Array.from(matrix, (row) => row[j]));
}

describe('fitBayesianRidge vs sklearn 1.2 BayesianRidge()', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      const model = fitBayesianRidge(toColumns(c.X), Float64Array.from(c.y));
      // n <= p: sklearn uses the dual (n×n) formula; near-interpolation amplifies rounding differences
      const coefTolerance = c.X.length <= c.coef.length ? 1e-7 : 1e-8;
      c.coef.forEach((expected, j) =>
        assertClose(model.coef[j], expected, { absolute: coefTolerance, relative: coefTolerance }, `coef[${j}]`),
      );
      assertClose(model.intercept, c.intercept, { absolute: 1e-8, relative: 1e-8 }, 'intercept');
      assertClose(model.alpha, c.alpha, { absolute: 1e-7, relative: 1e-7 }, 'alpha');
      assertClose(model.lambda, c.lambda, { absolute: 1e-7, relative: 1e-7 }, 'lambda');
      assert.equal(model.iterations, c.n_iter);
      const prediction = model.predictWithStd(toColumns(c.X_test));
      c.predict_mean.forEach((expected, i) =>
        assertClose(prediction.mean[i], expected, { absolute: 1e-8, relative: 1e-8 }, `mean[${i}]`),
      );
      // sklearn's sigma_ for n <= p depends on an arbitrary null-space vector (see posteriorCovariance)
      if (c.X.length <= c.coef.length) return;
      c.predict_std.forEach((expected, i) =>
        assertClose(prediction.std[i], expected, { absolute: 1e-6, relative: 1e-6 }, `std[${i}]`),
      );
      const p = c.coef.length;
      c.sigma.forEach((row, j) =>
        row.forEach((expected, k) =>
          assertClose(model.sigma[j * p + k], expected, { absolute: 1e-6, relative: 1e-6 }, `sigma[${j}][${k}]`),
        ),
      );
    });
  }
});

test('n <= p: sigma is the full posterior covariance, sigma · (lambda·I + alpha·XcᵀXc) = I', () => {
  const c = fixture.cases.find((entry) => entry.X.length <= entry.coef.length) as RidgeCase;
  const columns = toColumns(c.X);
  const model = fitBayesianRidge(columns, Float64Array.from(c.y));
  const p = columns.length;
  const centred = columns.map((column) => {
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    return column.map((v) => v - mean);
  });
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let product = 0;
      for (let m = 0; m < p; m++) {
        const gram = centred[m].reduce((sum, v, i) => sum + v * centred[k][i], 0);
        product += model.sigma[j * p + m] * ((m === k ? model.lambda : 0) + model.alpha * gram);
      }
      assert.ok(Math.abs(product - (j === k ? 1 : 0)) < 1e-6, `(${j}, ${k}): ${product}`);
    }
  }
});

describe('symmetricEigen', () => {
  test('reconstructs the matrix and yields orthonormal vectors (A·v = λ·v)', () => {
    const a = Float64Array.from([4, 1, -2, 1, 3, 0.5, -2, 0.5, 5]);
    const { values, vectors } = symmetricEigen(a, 3);
    for (let m = 0; m < 3; m++) {
      for (let j = 0; j < 3; j++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += a[j * 3 + k] * vectors[k * 3 + m];
        assert.ok(Math.abs(av - values[m] * vectors[j * 3 + m]) < 1e-12);
      }
      for (let other = 0; other < 3; other++) {
        let d = 0;
        for (let j = 0; j < 3; j++) d += vectors[j * 3 + m] * vectors[j * 3 + other];
        assert.ok(Math.abs(d - (m === other ? 1 : 0)) < 1e-12);
      }
    }
    // trace is the sum of eigenvalues
    assert.ok(Math.abs(values[0] + values[1] + values[2] - 12) < 1e-12);
  });
});

describe('fitBayesianRidge input validation', () => {
  test('names the feature and row of a non-finite value', () => {
    const x = Float64Array.from([1, 2, NaN, 4]);
    assert.throws(() => fitBayesianRidge([x], Float64Array.from([1, 2, 3, 4])), /feature 0 .*row 2/);
  });
  test('rejects a target of the wrong length', () => {
    assert.throws(
      () => fitBayesianRidge([Float64Array.from([1, 2, 3])], Float64Array.from([1, 2])),
      /target has 2 values but the features have 3 rows/,
    );
  });
});
