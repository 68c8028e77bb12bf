import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_GP_BOUNDS,
  GaussianProcess,
  GpHyperparameters,
  logMarginalLikelihoodWithGradient,
} from '../../shared/core/tuning/gaussian-process';
import { assertClose } from '../assert-close';

interface FixedCase {
  name: string;
  lengthScaleMode: 'ard' | 'isotropic';
  X: number[][];
  y: number[];
  hyperparameters: GpHyperparameters;
  XTest: number[][];
  mean: number[];
  std: number[];
  latentStd: number[];
  lml: { hyperparameters: GpHyperparameters; logMarginalLikelihood: number }[];
}

interface OptimizedCase {
  name: string;
  lengthScaleMode: 'ard' | 'isotropic';
  X: number[][];
  y: number[];
  bounds: { amplitude: [number, number]; lengthScale: [number, number]; noise: [number, number] };
  sklearnOptimum: GpHyperparameters;
  sklearnOptimumLogMarginalLikelihood: number;
}

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'gp', 'gp_golden.json'), 'utf8')) as {
  fixed: FixedCase[];
  optimized: OptimizedCase[];
};

describe('GaussianProcess with fixed hyperparameters vs scikit-learn (optimizer=None)', () => {
  for (const c of golden.fixed) {
    test(`${c.name}: posterior mean and std match to 1e-8`, () => {
      const gp = new GaussianProcess(c.X, c.y, c.hyperparameters);
      c.XTest.forEach((x, i) => {
        const withNoise = gp.predict(x, { includeNoise: true });
        const latent = gp.predict(x);
        assertClose(withNoise.mean, c.mean[i], { absolute: 1e-8 }, `mean[${i}]`);
        assertClose(latent.mean, c.mean[i], { absolute: 1e-8 }, `latent mean[${i}]`);
        assertClose(withNoise.std, c.std[i], { absolute: 1e-8 }, `std[${i}]`);
        assertClose(latent.std, c.latentStd[i], { absolute: 1e-7 }, `latent std[${i}]`);
      });
    });

    test(`${c.name}: log marginal likelihood matches at every recorded theta to 1e-8`, () => {
      for (const [k, entry] of c.lml.entries()) {
        const { value } = logMarginalLikelihoodWithGradient(c.X, c.y, entry.hyperparameters);
        assertClose(value, entry.logMarginalLikelihood, { absolute: 1e-8 }, `lml[${k}]`);
        const gp = new GaussianProcess(c.X, c.y, entry.hyperparameters);
        assertClose(
          gp.logMarginalLikelihood,
          entry.logMarginalLikelihood,
          { absolute: 1e-8 },
          `gp.logMarginalLikelihood[${k}]`,
        );
      }
    });

    test(`${c.name}: analytic gradient equals central finite differences`, () => {
      const hyper = c.lml[1].hyperparameters;
      const { gradient } = logMarginalLikelihoodWithGradient(c.X, c.y, hyper);
      const theta = [Math.log(hyper.amplitude), ...hyper.lengthScales.map(Math.log), Math.log(hyper.noise)];
      const h = 1e-6;
      const at = (t: number[]): number =>
        logMarginalLikelihoodWithGradient(c.X, c.y, {
          amplitude: Math.exp(t[0]),
          lengthScales: t.slice(1, -1).map(Math.exp),
          noise: Math.exp(t[t.length - 1]),
        }).value;
      theta.forEach((_, k) => {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[k] += h;
        minus[k] -= h;
        assertClose(gradient[k], (at(plus) - at(minus)) / (2 * h), { absolute: 1e-6 }, `d lml / d theta[${k}]`);
      });
    });
  }
});

describe('GaussianProcess.fit vs scikit-learn optimum (both multi-restart)', () => {
  for (const c of golden.optimized) {
    test(`${c.name}: our optimum LML >= sklearn's - 1e-3`, () => {
      const gp = GaussianProcess.fit(c.X, c.y, {
        lengthScaleMode: c.lengthScaleMode,
        bounds: c.bounds,
        restarts: 10,
        seed: 1,
      });
      assert.ok(
        gp.logMarginalLikelihood >= c.sklearnOptimumLogMarginalLikelihood - 1e-3,
        `ours ${gp.logMarginalLikelihood} vs sklearn ${c.sklearnOptimumLogMarginalLikelihood}`,
      );
      const expectedScales = c.lengthScaleMode === 'ard' ? c.X[0].length : 1;
      assert.equal(gp.hyperparameters.lengthScales.length, expectedScales);
      // The optimum must respect the bounds it was given.
      for (const l of gp.hyperparameters.lengthScales)
        assert.ok(l >= c.bounds.lengthScale[0] * (1 - 1e-12) && l <= c.bounds.lengthScale[1] * (1 + 1e-12));
      console.log(
        `  ${c.name}: ours ${gp.logMarginalLikelihood.toFixed(6)} sklearn ${c.sklearnOptimumLogMarginalLikelihood.toFixed(6)}`,
      );
    });
  }
});

describe('GaussianProcess edge cases', () => {
  test('interpolates a noise-free training point: mean equals target, latent std near zero', () => {
    const X = [[0.1], [0.5], [0.9]];
    const y = [1, -2, 3];
    const gp = new GaussianProcess(X, y, { amplitude: 1, lengthScales: [0.3], noise: 1e-10 });
    const p = gp.predict([0.5]);
    assertClose(p.mean, -2, { absolute: 1e-6 }, 'mean at training point');
    assert.ok(p.std < 1e-3, `std ${p.std}`);
  });

  test('far from the data the prior returns: mean → target mean, std → sqrt(amplitude)·scale', () => {
    const X = [[0], [0.1]];
    const y = [1, 3];
    const gp = new GaussianProcess(X, y, { amplitude: 2, lengthScales: [0.05], noise: 1e-3 });
    const p = gp.predict([100]);
    assertClose(p.mean, 2, { absolute: 1e-12 }, 'prior mean');
    assertClose(p.std, Math.sqrt(2) * 1, { absolute: 1e-12 }, 'prior std (target scale 1)');
  });

  test('duplicate inputs and constant targets still fit', () => {
    const X = [
      [0.2, 0.2],
      [0.2, 0.2],
      [0.7, 0.1],
    ];
    const gp = GaussianProcess.fit(X, [5, 5, 5], { seed: 3, bounds: DEFAULT_GP_BOUNDS });
    assertClose(gp.predict([0.4, 0.4]).mean, 5, { absolute: 1e-9 }, 'constant mean');
  });

  test('bad input is rejected with a message naming the problem', () => {
    assert.throws(
      () => new GaussianProcess([[0], [1]], [1], { amplitude: 1, lengthScales: [1], noise: 1 }),
      /2 input rows but 1 targets/,
    );
    assert.throws(
      () => new GaussianProcess([[0], [NaN]], [1, 2], { amplitude: 1, lengthScales: [1], noise: 1 }),
      /row 1 coordinate 0/,
    );
    assert.throws(
      () => new GaussianProcess([[0, 1]], [1], { amplitude: 1, lengthScales: [1, 1, 1], noise: 1 }),
      /lengthScales needs 1/,
    );
    assert.throws(() => new GaussianProcess([[0]], [1], { amplitude: -1, lengthScales: [1], noise: 1 }), /amplitude/);
    const gp = new GaussianProcess([[0, 1]], [1], { amplitude: 1, lengthScales: [1], noise: 1 });
    assert.throws(() => gp.predict([0]), /1 coordinates, expected 2/);
  });
});
