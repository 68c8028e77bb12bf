import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ksTwoSample } from '../../shared/pipeline/monitoring/drift-stats';
import { kolmogorovSurvival, smirnovSurvival } from '../../shared/core/stats/kolmogorov';
import { assertClose, loadFixture } from '../assert-close';

interface KsGolden {
  cases: Array<{ name: string; a: number[]; b: number[]; statistic: number; p_value: number }>;
  kstwo_sf: Array<{ n: number; x: number; sf: number }>;
  smirnov_sf: Array<{ n: number; x: number; sf: number }>;
}
const golden = loadFixture<KsGolden>('drift', 'ks_golden.json');

// p-values: relative 1e-6 (the brief's target) plus absolute 1e-300 so exact zeros compare.
const P_TOLERANCE = { relative: 1e-6, absolute: 1e-300 };

describe('ksTwoSample matches scipy.stats.ks_2samp (method=auto)', () => {
  for (const c of golden.cases) {
    test(`${c.name} (${c.a.length} vs ${c.b.length})`, () => {
      const result = ksTwoSample(c.a, c.b);
      assertClose(result.statistic, c.statistic, { absolute: 1e-12 }, 'statistic');
      assertClose(result.pValue, c.p_value, P_TOLERANCE, 'p-value');
      assert.equal(result.method, Math.max(c.a.length, c.b.length) <= 10000 ? 'exact' : 'asymp');
      const swapped = ksTwoSample(c.b, c.a);
      assertClose(swapped.pValue, result.pValue, { relative: 1e-12, absolute: 1e-300 }, 'symmetric in its arguments');
    });
  }

  test('rejects empty or non-numeric samples', () => {
    assert.throws(() => ksTwoSample([], [1, 2]), /sample a is empty/);
    assert.throws(() => ksTwoSample([1, Number.NaN], [1, 2]), /a\[1\] must be a number/);
    assert.throws(() => ksTwoSample([1, 2], [Infinity]), /sample b contains a non-finite value/);
  });
});

describe('Kolmogorov distributions match scipy', () => {
  test('kstwo.sf over every method region (relative 1e-6)', () => {
    for (const { n, x, sf } of golden.kstwo_sf)
      assertClose(kolmogorovSurvival(n, x), sf, P_TOLERANCE, `kstwo.sf(${x}, ${n})`);
  });

  test('scipy.special.smirnov (relative 1e-9)', () => {
    for (const { n, x, sf } of golden.smirnov_sf)
      assertClose(smirnovSurvival(n, x), sf, { relative: 1e-9 }, `smirnov(${n}, ${x})`);
  });
});
