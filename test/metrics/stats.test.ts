import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalCdf,
  normalLowerTailRatio,
  normalPdf,
  normalQuantile,
  normalSurvival,
} from '../../shared/core/stats/normal';
import { chiSquareCdf, chiSquareSurvival } from '../../shared/core/stats/chi-square';
import { logGamma, regularizedGammaP, regularizedGammaQ } from '../../shared/core/stats/gamma';
import { quantiles } from '../../shared/core/stats/quantile';
import { countIntoBins, normalizeCounts } from '../../shared/core/stats/histogram';
import { meanSd, sumOfSquares } from '../../shared/core/stats/mean-sd';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';

interface StatsGolden {
  normal_ppf: Array<{ p: number; x: number }>;
  normal_cdf: Array<{ z: number; cdf: number; sf: number }>;
  chi2_sf: Array<{ x: number; dof: number; sf: number }>;
  gammaln: Array<{ x: number; value: number }>;
  quantiles: Array<{ values: number[]; levels: number[]; result: number[] }>;
}
const golden = loadFixture<StatsGolden>('metrics', 'stats_golden.json');
/** scipy.stats.norm cdf and pdf on z in [-37, 8] (written for the tuner's expected improvement). */
const normalGolden = loadFixture<{ normal: { z: number; cdf: number; pdf: number }[] }>('gp', 'ei_golden.json').normal;

describe('special functions match scipy', () => {
  test('normalQuantile vs scipy.stats.norm.ppf (relative 1e-13)', () => {
    for (const { p, x } of golden.normal_ppf)
      assertClose(normalQuantile(p), x, { relative: 1e-13, absolute: 1e-15 }, `ppf(${p})`);
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

  test('normalCdf / normalPdf vs scipy on z in [-37, 8] (relative 1e-12)', () => {
    for (const { z, cdf, pdf } of normalGolden) {
      assertClose(normalCdf(z), cdf, { relative: 1e-12, absolute: 1e-300 }, `cdf(${z})`);
      assertClose(normalPdf(z), pdf, { relative: 1e-12, absolute: 1e-300 }, `pdf(${z})`);
    }
  });

  test('normalLowerTailRatio is scipy cdf(-t) / pdf(t), and the asymptotic series where both underflow', () => {
    for (const { z, cdf, pdf } of normalGolden.filter((g) => g.z <= 0)) {
      assertClose(normalLowerTailRatio(-z), cdf / pdf, { relative: 1e-12 }, `ratio(${-z})`);
    }
    // R(t) = 1/t - 1/t³ + 3/t⁵ - 15/t⁷ + …; eight terms leave < 1e-16 relative error at t >= 30.
    for (const t of [30, 40, 100, 1e4]) {
      let term = 1 / t;
      let series = 0;
      for (let k = 0; k < 8; k++) {
        series += term;
        term *= -(2 * k + 1) / (t * t);
      }
      assertClose(normalLowerTailRatio(t), series, { relative: 1e-14 }, `ratio(${t})`);
    }
    assert.equal(normalLowerTailRatio(Infinity), 0);
    assert.throws(() => normalLowerTailRatio(-1), /t must be >= 0, got -1/);
  });

  test('NaN is an error in every normal function, infinities are their limits', () => {
    assert.throws(() => normalCdf(NaN), /normalCdf: z is NaN/);
    assert.throws(() => normalPdf(NaN), /normalPdf: z is NaN/);
    assert.throws(() => normalSurvival(NaN), /normalCdf: z is NaN/);
    assert.throws(() => normalQuantile(NaN), /got NaN/);
    assert.throws(() => normalLowerTailRatio(NaN), /got NaN/);
    assert.deepEqual(
      [normalCdf(-Infinity), normalCdf(Infinity), normalPdf(-Infinity), normalPdf(Infinity)],
      [0, 1, 0, 0],
    );
  });

  test('chiSquareSurvival vs scipy.stats.chi2.sf (relative 1e-10)', () => {
    for (const { x, dof, sf } of golden.chi2_sf)
      assertClose(chiSquareSurvival(x, dof), sf, { relative: 1e-10, absolute: 1e-300 }, `sf(${x}, ${dof})`);
    assert.throws(() => chiSquareSurvival(1, 0), /degrees of freedom must be finite and > 0, got 0/);
  });

  test('logGamma vs scipy.special.gammaln (absolute 1e-12 + relative 1e-13)', () => {
    for (const { x, value } of golden.gammaln)
      assertClose(logGamma(x), value, { absolute: 1e-12, relative: 1e-13 }, `gammaln(${x})`);
  });

  test('P + Q = 1 and the chi-square CDF with 2 dof is 1 - exp(-x/2)', () => {
    for (const [a, x] of [
      [0.5, 0.3],
      [3, 2],
      [3, 7],
      [40, 35],
      [40, 60],
    ]) {
      assertClose(regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, { absolute: 1e-14 }, `P+Q at a=${a} x=${x}`);
    }
    for (const x of [0.01, 1, 5, 30])
      assertClose(chiSquareCdf(x, 2), -Math.expm1(-x / 2), { relative: 1e-13 }, `chi2 cdf(${x}, 2)`);
  });
});

describe('mean and spread', () => {
  test('sumOfSquares is two-pass: exact where Σx² − n·mean² would cancel', () => {
    assert.deepEqual(sumOfSquares([1, 2, 3, 4]), { sum: 10, mean: 2.5, squares: 5 });
    assert.deepEqual(sumOfSquares(Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3])), {
      sum: 3e9 + 6,
      mean: 1e9 + 2,
      squares: 2,
    });
    assert.equal(meanSd([1e9 + 1, 1e9 + 2, 1e9 + 3]).sd, 1);
    assert.throws(() => sumOfSquares([]), /no values/);
  });
});

describe('quantiles and histograms', () => {
  test('quantiles match numpy.quantile (linear) exactly', () => {
    for (const q of golden.quantiles)
      assertArrayClose(quantiles(q.values, q.levels), q.result, { absolute: 0 }, `n=${q.values.length}`);
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
