import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../shared/core/util/random';
import { minimizeBounded } from '../../shared/core/tuning/bounded-lbfgs';
import {
  choleskyWithJitter,
  inverseFromCholesky,
  logDeterminant,
  solveLower,
  solveLowerTransposed,
} from '../../shared/core/tuning/cholesky';
import { latinHypercube } from '../../shared/core/tuning/latin-hypercube';

function randomSpd(n: number, random: Random): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => random.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}

describe('cholesky', () => {
  test('L·Lᵀ reproduces A, solves invert A, inverse·A = I, log det matches the product of pivots', () => {
    const n = 7;
    const a = randomSpd(n, new Random(1));
    const factor = choleskyWithJitter(a, n);
    assert.equal(factor.jitter, 0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += factor.lower[i * n + k] * factor.lower[j * n + k];
        assert.ok(Math.abs(s - a[i * n + j]) < 1e-10);
      }
    const b = Float64Array.from({ length: n }, (_, i) => i - 3);
    const x = solveLowerTransposed(factor, solveLower(factor, b));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * x[k];
      assert.ok(Math.abs(s - b[i]) < 1e-9);
    }
    const inverse = inverseFromCholesky(factor);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += inverse[i * n + k] * a[k * n + j];
        assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-9);
      }
    // det of a 2×2 is known in closed form.
    const two = choleskyWithJitter(Float64Array.from([4, 2, 2, 3]), 2);
    assert.ok(Math.abs(logDeterminant(two) - Math.log(8)) < 1e-14);
  });

  test('a singular matrix gets jitter; an indefinite one is rejected', () => {
    const singular = choleskyWithJitter(Float64Array.from([1, 1, 1, 1]), 2);
    assert.ok(singular.jitter > 0);
    assert.throws(() => choleskyWithJitter(Float64Array.from([1, 2, 2, 1]), 2), /not positive definite/);
    assert.throws(() => choleskyWithJitter(new Float64Array(3), 2), /expected 2×2/);
  });
});

describe('minimizeBounded', () => {
  const rosenbrock = (x: Float64Array) => ({
    value: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
    gradient: Float64Array.from([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)]),
  });

  test('finds the Rosenbrock minimum (1, 1) inside the box', () => {
    const result = minimizeBounded(rosenbrock, [-1.2, 1], [-2, -2], [2, 2], { maxIterations: 500 });
    assert.ok(Math.abs(result.point[0] - 1) < 1e-5 && Math.abs(result.point[1] - 1) < 1e-5, `${result.point}`);
  });

  test('stops on the active bound: min (x−2)² + (y+1)² over [0,1]² is (1, 0)', () => {
    const result = minimizeBounded(
      (x) => ({
        value: (x[0] - 2) ** 2 + (x[1] + 1) ** 2,
        gradient: Float64Array.from([2 * (x[0] - 2), 2 * (x[1] + 1)]),
      }),
      [0.5, 0.5],
      [0, 0],
      [1, 1],
    );
    assert.deepEqual(Array.from(result.point), [1, 0]);
    assert.equal(result.value, 2);
  });

  test('treats throwing regions as infeasible and rejects an infeasible start', () => {
    const guarded = (x: Float64Array) => {
      if (x[0] > 0.8) throw new Error('outside the domain');
      return { value: (x[0] - 1) ** 2, gradient: Float64Array.from([2 * (x[0] - 1)]) };
    };
    const result = minimizeBounded(guarded, [0], [-1], [2]);
    assert.ok(result.point[0] <= 0.8 && result.point[0] > 0.5);
    assert.throws(() => minimizeBounded(guarded, [1], [-1], [2]), /not finite at the start point/);
  });
});

describe('latinHypercube', () => {
  test('each stratum of each dimension holds exactly one point', () => {
    const points = latinHypercube(9, 4, new Random(3));
    for (let k = 0; k < 4; k++) {
      const strata = points.map((p) => Math.floor(p[k] * 9)).sort((a, b) => a - b);
      assert.deepEqual(strata, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
    assert.deepEqual(
      latinHypercube(9, 4, new Random(3)).map((p) => Array.from(p)),
      points.map((p) => Array.from(p)),
    );
  });
});
