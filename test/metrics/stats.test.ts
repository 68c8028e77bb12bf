import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf, normalQuantile, normalSurvival } from '../../shared/core/stats/normal';
import { chiSquareCdf, chiSquareSurvival } from '../../shared/core/stats/chi-square';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../../shared/core/stats/gamma';
import { quantiles } from '../../shared/core/stats/quantile';
import { countIntoBins, normalizeCounts } from '../../shared/core/stats/histogram';
import { assertArrayClose, assertClose, loadFixture } from './assert-close';

interface StatsGolden {
  normal_ppf: Array<{ p: number; x: number }>;
  normal_cdf: Array<{ z: number; cdf: number; sf: number }>;
  chi2_sf: Array<{ x: number; dof: number; sf: number }>;
  gammaln: Array<{ x: number; value: number }>;
  quantiles: Array<{ values: number[]; levels: number[]; result: number[] }>;
}
const golden = loadFixture<StatsGolden>('metrics', 'stats_golden.json');

describe('special functions match scipy', () => {
  test('normalQuantile vs scipy.stats.norm.ppf (relative 1e-13)', () => {
    for (const { p, x } of golden.normal_ppf) assertClose(normalQuantile(p), x, { relative: 1e-13, absolute: 1e-15 }, `ppf(${p})`);
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.throws(() => normalQuantile(1.5), /probability must be in \[0, 1\], got 1.5/);
  });

  test('normalCdf / normalSurvival vs scipy (relative 1e-12, including far tails)', () => {
    // Absolute 1e-300: scipy's ndtr flushes Φ(-38) ≈ 2.9e-316 to 0, we return the subnormal.
    for (const { z, cdf, sf } of golden.normal_cdf) {
      assertClose(normalCdf(z), cdf, { relative: 1e-12, absolute: 1e-300 }, `cdf(${z})`);
      assertClose(normalSurvival(z), sf, { relative: 1e-12, absolute: 1e-300 }, `sf(${z})`);
    }
  });

  test('chiSquareSurvival vs scipy.stats.chi2.sf (relative 1e-10)', () => {
    for (const { x, dof, sf } of golden.chi2_sf) assertClose(chiSquareSurvival(x, dof), sf, { relative: 1e-10, absolute: 1e-300 }, `sf(${x}, ${dof})`);
    assert.throws(() => chiSquareSurvival(1, 0), /degrees of freedom must be finite and > 0, got 0/);
  });

  test('logGamma vs scipy.special.gammaln (absolute 1e-12 + relative 1e-13)', () => {
    for (const { x, value } of golden.gammaln) assertClose(logGamma(x), value, { absolute: 1e-12, relative: 1e-13 }, `gammaln(${x})`);
  });

  test('P + Q = 1 and the chi-square CDF with 2 dof is 1 - exp(-x/2)', () => {
    for (const [a, x] of [[0.5, 0.3], [3, 2], [3, 7], [40, 35], [40, 60]]) {
      assertClose(regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, { absolute: 1e-14 }, `P+Q at a=${a} x=${x}`);
    }
    for (const x of [0.01, 1, 5, 30]) assertClose(chiSquareCdf(x, 2), -Math.expm1(-x / 2), { relative: 1e-13 }, `chi2 cdf(${x}, 2)`);
  });
});

describe('quantiles and histograms', () => {
  test('quantiles match numpy.quantile (linear) exactly', () => {
    for (const q of golden.quantiles) assertArrayClose(quantiles(q.values, q.levels), q.result, { absolute: 0 }, `n=${q.values.length}`);
  });

  test('countIntoBins uses open outer bins and right-closed inner bins', () => {
    const counts = countIntoBins([-100, 1, 1.5, 2, 2.0001, 100], [1, 2]);
    assert.deepEqual([...counts], [2, 2, 2]);
    assert.deepEqual([...normalizeCounts([1, 3])], [0.25, 0.75]);
    assert.throws(() => countIntoBins([1], [2, 1]), /strictly increasing/);
    assert.throws(() => countIntoBins([1, Number.NaN], [2]), /values\[1\] must be a number/);
    assert.throws(() => normalizeCounts([0, 0]), /sum to 0/);
  });
});
