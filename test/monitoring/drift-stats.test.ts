import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareCategorical,
  jensenShannonDistance,
  linfDistance,
  psi,
  psiSeverity,
  PSI_DEFAULT_EPSILON,
} from '../../shared/pipeline/monitoring/drift-stats';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';

interface DriftGolden {
  psi_epsilon: number;
  psi: Array<{
    name: string;
    bins: number;
    baseline: number[];
    current: number[];
    edges: number[];
    baseline_counts: number[];
    current_counts: number[];
    contributions: number[];
    value: number;
  }>;
  chi2: Array<{
    name: string;
    baseline: Record<string, number>;
    current: Record<string, number>;
    categories: string[];
    statistic: number;
    p_value: number;
    dof: number;
  }>;
  distances: Array<{ name: string; p: number[]; q: number[]; js_e: number; js_2: number; linf: number }>;
}
const golden = loadFixture<DriftGolden>('drift', 'drift_golden.json');
const asMap = (record: Record<string, number>): Map<string, number> => new Map(Object.entries(record));

describe('PSI with baseline-quantile bins', () => {
  test('uses the epsilon the fixture generator used', () => assert.equal(PSI_DEFAULT_EPSILON, golden.psi_epsilon));

  for (const c of golden.psi) {
    test(`${c.name}: edges, counts and value match the numpy oracle`, () => {
      const result = psi(c.baseline, c.current, { bins: c.bins });
      assertArrayClose(
        result.bins.slice(1).map((b) => b.lower),
        c.edges,
        { absolute: 0 },
        'edges',
      );
      assertArrayClose(
        result.bins.map((b) => b.baselineCount),
        c.baseline_counts,
        { absolute: 0 },
        'baseline counts',
      );
      assertArrayClose(
        result.bins.map((b) => b.currentCount),
        c.current_counts,
        { absolute: 0 },
        'current counts',
      );
      assertArrayClose(
        result.bins.map((b) => b.contribution),
        c.contributions,
        { absolute: 1e-12 },
        'contributions',
      );
      assertClose(result.value, c.value, { absolute: 1e-9 }, 'psi');
      assert.equal(result.severity, psiSeverity(c.value));
      assert.equal(result.bins[0].lower, -Infinity);
      assert.equal(result.bins[result.bins.length - 1].upper, Infinity);
    });
  }

  test('severity thresholds: 0.1 moderate, 0.25 major', () => {
    assert.deepEqual([0, 0.0999, 0.1, 0.2499, 0.25, 3].map(psiSeverity), [
      'none',
      'none',
      'moderate',
      'moderate',
      'major',
      'major',
    ]);
  });

  test('identical samples have PSI 0 and bad input is named', () => {
    assert.equal(psi([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { bins: 4 }).value, 0);
    assert.throws(() => psi([1, 2], [], {}), /current sample is empty/);
    assert.throws(() => psi([1, 2], [1], { bins: 1 }), /bins must be an integer >= 2, got 1/);
    assert.throws(() => psi([1, 2], [Number.NaN]), /currentValues\[0\] must be a number/);
  });
});

describe('categorical drift statistics', () => {
  for (const c of golden.chi2) {
    test(`chi2_contingency ${c.name}`, () => {
      const result = chiSquareCategorical(asMap(c.baseline), asMap(c.current));
      assert.deepEqual(result.categories, c.categories);
      assert.equal(result.dof, c.dof);
      assertClose(result.statistic, c.statistic, { relative: 1e-12, absolute: 1e-12 }, 'statistic');
      assertClose(result.pValue, c.p_value, { relative: 1e-9, absolute: 1e-300 }, 'p-value');
    });
  }

  for (const c of golden.distances) {
    test(`Jensen-Shannon and L-infinity: ${c.name}`, () => {
      assertClose(jensenShannonDistance(c.p, c.q), c.js_e, { absolute: 1e-12 }, 'JS base e');
      assertClose(jensenShannonDistance(c.p, c.q, { base: 2 }), c.js_2, { absolute: 1e-12 }, 'JS base 2');
      assertClose(linfDistance(c.p, c.q), c.linf, { absolute: 1e-15 }, 'L-inf');
    });
  }

  test('Map inputs align categories by name, in any insertion order', () => {
    const baseline = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    const current = new Map([
      ['c', 2],
      ['b', 1],
      ['a', 1],
    ]);
    assertClose(linfDistance(baseline, current), 0.75 - 0.25, { absolute: 1e-15 }, 'linf');
    assertClose(
      jensenShannonDistance(baseline, current),
      jensenShannonDistance([3, 1, 0], [1, 1, 2]),
      { absolute: 1e-15 },
      'js',
    );
  });

  test('bad categorical input is reported with the category name', () => {
    assert.throws(
      () =>
        chiSquareCategorical(
          new Map([
            ['a', 1],
            ['b', 0],
          ]),
          new Map([
            ['a', 2],
            ['b', 0],
          ]),
        ),
      /category 'b' has zero count in both/,
    );
    assert.throws(
      () => chiSquareCategorical(new Map([['a', -1]]), new Map([['a', 2]])),
      /baseline count for category 'a' must be a finite number >= 0, got -1/,
    );
    assert.throws(() => linfDistance([1, 2], [1, 2, 3]), /baseline has 2 bins but current has 3/);
    assert.throws(() => jensenShannonDistance([0, 0], [1, 2]), /baseline sum to 0/);
  });
});
