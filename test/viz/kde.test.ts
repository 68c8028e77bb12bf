import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianKde, kdeCurve, linspace, scottBandwidth } from '../../shared/core/viz/kde';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';

interface KdeCase {
  name: string;
  samples: number[];
  grid: number[];
  bandwidth: number;
  density: number[];
}

const golden = loadFixture<{ scipy_version: string; cases: KdeCase[] }>('viz', 'kde.json');

describe('gaussianKde against scipy.stats.gaussian_kde', () => {
  for (const c of golden.cases) {
    test(`${c.name} (${c.samples.length} samples)`, () => {
      assertClose(scottBandwidth(c.samples), c.bandwidth, { relative: 1e-12 }, `${c.name} bandwidth`);
      assertArrayClose(
        gaussianKde(c.samples, c.grid),
        c.density,
        { relative: 1e-9, absolute: 1e-300 },
        `${c.name} density`,
      );
    });
  }
});

describe('gaussianKde closed forms', () => {
  test('two samples: mean of two normal densities with h = sqrt(2)·2^(-1/5)', () => {
    const h = Math.SQRT2 * Math.pow(2, -0.2);
    const phi = (u: number) => Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
    const grid = [-2, 0, 1, 2, 3.5, 7];
    const expected = grid.map((x) => (phi((x - 1) / h) + phi((x - 3) / h)) / (2 * h));
    assertArrayClose(gaussianKde([1, 3], grid), expected, { relative: 1e-13 }, 'density');
  });

  test('the curve integrates to ~1 and its mean equals the sample mean', () => {
    const samples = [2, 3, 3, 5, 8, 13, 21, 22, 22, 30];
    const curve = kdeCurve(samples, { points: 2001, padBandwidths: 6 });
    let mass = 0;
    let first = 0;
    for (let i = 1; i < curve.x.length; i++) {
      const dx = curve.x[i] - curve.x[i - 1];
      mass += ((curve.density[i] + curve.density[i - 1]) / 2) * dx;
      first += ((curve.x[i] * curve.density[i] + curve.x[i - 1] * curve.density[i - 1]) / 2) * dx;
    }
    assertClose(mass, 1, { absolute: 1e-6 }, 'integral of the density');
    assertClose(first, samples.reduce((a, b) => a + b) / samples.length, { absolute: 1e-4 }, 'mean of the density');
  });

  test('an explicit bandwidth is used as given', () => {
    assertClose(
      gaussianKde([0, 0.5], [0], 1)[0],
      (1 + Math.exp(-0.125)) / (2 * Math.sqrt(2 * Math.PI)),
      { relative: 1e-14 },
      'density at 0',
    );
  });
});

describe('kde input checks', () => {
  test('rejects missing values, naming the sample', () => {
    assert.throws(() => gaussianKde([1, NaN, 3], [0]), /sample 1 is NaN/);
  });
  test('rejects constant and too-small samples', () => {
    assert.throws(() => scottBandwidth([4, 4, 4]), /all 3 samples are equal/);
    assert.throws(() => gaussianKde([4], [0]), /at least 2 samples/);
  });
  test('linspace includes both ends', () => {
    assert.deepEqual(Array.from(linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
    assert.throws(() => linspace(0, 1, 1), /count must be an integer >= 2/);
  });
});
