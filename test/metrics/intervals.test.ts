import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { wilsonInterval } from '../../shared/core/metrics/wilson';
import { bootstrapInterval } from '../../shared/core/metrics/bootstrap';
import { brierScore } from '../../shared/core/metrics/classification';
import { rocAuc } from '../../shared/core/metrics/roc';
import { normalQuantile } from '../../shared/core/stats/normal';
import { Random } from '../../shared/core/util/random';
import { assertClose, loadFixture } from '../assert-close';

interface StatsGolden {
  wilson: Array<{ k: number; n: number; confidence: number; rate: number; lower: number; upper: number }>;
}
const golden = loadFixture<StatsGolden>('metrics', 'stats_golden.json');

describe('Wilson score interval', () => {
  test('matches the closed form evaluated with scipy.stats.norm.ppf', () => {
    for (const w of golden.wilson) {
      const interval = wilsonInterval(w.k, w.n, w.confidence);
      const what = `k=${w.k} n=${w.n} confidence=${w.confidence}`;
      assertClose(interval.rate, w.rate, { absolute: 1e-15 }, `${what} rate`);
      assertClose(interval.lower, w.lower, { absolute: 1e-12 }, `${what} lower`);
      assertClose(interval.upper, w.upper, { absolute: 1e-12 }, `${what} upper`);
    }
  });

  test('rejects impossible counts', () => {
    assert.throws(() => wilsonInterval(5, 4), /successes must be an integer in \[0, 4\], got 5/);
    assert.throws(() => wilsonInterval(0, 0), /trials must be a positive integer/);
    assert.throws(() => wilsonInterval(1, 4, 1), /confidence must be in \(0, 1\)/);
  });
});

function syntheticScores(n: number, prevalence: number, seed: number): { labels: number[]; scores: number[] } {
  const random = new Random(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = random.bernoulli(prevalence) ? 1 : 0;
    labels.push(label);
    scores.push(1 / (1 + Math.exp(-(random.normal(-2.5, 1) + 1.5 * label))));
  }
  return { labels, scores };
}

describe('bootstrap percentile interval', () => {
  const { labels, scores } = syntheticScores(2000, 0.1, 11);

  test('is reproducible for a seed and brackets the full-data estimate', async () => {
    const first = await bootstrapInterval(labels, scores, rocAuc, { iterations: 200, seed: 5 });
    const second = await bootstrapInterval(labels, scores, rocAuc, { iterations: 200, seed: 5 });
    assert.deepEqual(first, second);
    assert.equal(first.estimate, rocAuc(labels, scores));
    assert.ok(first.lower < first.estimate && first.estimate < first.upper);
    assert.equal(first.used + first.skippedSingleClass, 200);
  });

  test('Brier interval width agrees with the normal-theory standard error of a mean', async () => {
    // The Brier score is a mean of squared errors, so its sampling sd is sd(errors) / sqrt(n).
    const squared = labels.map((y, i) => (y - scores[i]) ** 2);
    const mean = squared.reduce((a, b) => a + b, 0) / squared.length;
    const variance = squared.reduce((a, b) => a + (b - mean) ** 2, 0) / (squared.length - 1);
    const expectedHalfWidth = normalQuantile(0.975) * Math.sqrt(variance / squared.length);
    const interval = await bootstrapInterval(labels, scores, brierScore, { iterations: 600, seed: 3 });
    const halfWidth = (interval.upper - interval.lower) / 2;
    // 600 resamples estimate the 2.5/97.5 % percentiles to within roughly 10 %.
    assertClose(halfWidth, expectedHalfWidth, { relative: 0.15 }, 'half width');
    assertClose((interval.upper + interval.lower) / 2, mean, { absolute: 0.3 * expectedHalfWidth }, 'centre');
  });

  test('counts resamples with a single class instead of failing', async () => {
    const interval = await bootstrapInterval([1, 0, 0, 0, 0], [0.9, 0.1, 0.2, 0.3, 0.4], rocAuc, {
      iterations: 300,
      seed: 1,
    });
    // P(no positive in 5 draws) = 0.8^5 ≈ 0.33, so about 98 of 300 are skipped.
    assert.ok(
      interval.skippedSingleClass > 60 && interval.skippedSingleClass < 140,
      `skipped ${interval.skippedSingleClass}`,
    );
    assert.equal(interval.used + interval.skippedSingleClass, 300);
    await assert.rejects(
      () => bootstrapInterval([1, 1], [0.9, 0.1], brierScore, { iterations: 5, seed: 1 }),
      /all 5 resamples had a single class/,
    );
  });
});
