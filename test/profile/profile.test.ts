/**
 * The column statistics' building blocks (shared/core/profile and shared/core/stats) against pandas and
 * numpy on one deterministic table with nulls, ties, 0/1 flags and values on histogram edges
 * (scripts/fixtures/make_profile_golden.py): describe(), quantile(), value_counts() and numpy.histogram.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { equalWidthHistogram } from '../../shared/core/profile/equal-width-histogram';
import { readCategoryColumn, readNumericColumn } from '../../shared/core/profile/columns';
import { valueCounts } from '../../shared/core/profile/frequencies';
import { quantileSorted, sortedCopy } from '../../shared/core/stats/quantile';
import { sumOfSquares } from '../../shared/core/stats/mean-sd';
import { profileInputTable, readFixture } from './profile-input';
import { assertClose } from '../assert-close';

interface ExpectedNumeric {
  count: number;
  nulls: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  quantiles: Record<string, number>;
  histogram: { edges: number[]; counts: number[] };
}
interface ExpectedCategorical {
  count: number;
  nulls: number;
  counts: Record<string, number>;
  proportions: Record<string, number>;
}

const expected = readFixture<Record<string, ExpectedNumeric & ExpectedCategorical>>('profile_expected.json');
const LEVELS: Record<string, number> = { p01: 0.01, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };
const TIGHT = { absolute: 1e-12, relative: 1e-12 };
const table = profileInputTable();

/** The present (non-null) values of a numeric column, in row order. */
function presentValues(name: string): Float64Array {
  const column = readNumericColumn(table, name, 'profile test');
  return column.values.filter((_, i) => column.valid[i] === 1);
}

describe('numeric column statistics vs pandas describe / quantile and numpy.histogram', () => {
  for (const name of ['age', 'bmi', 'avg_glucose_level', 'stroke', 'noise']) {
    test(name, () => {
      const want = expected[name];
      const column = readNumericColumn(table, name, 'profile test');
      const present = presentValues(name);
      assert.deepEqual([present.length, column.nullCount], [want.count, want.nulls]);
      const sorted = sortedCopy(present);
      assert.deepEqual([sorted[0], sorted[sorted.length - 1]], [want.min, want.max]);
      const { mean, squares } = sumOfSquares(present);
      assertClose(mean, want.mean, TIGHT, `${name} mean`);
      assertClose(Math.sqrt(squares / (present.length - 1)), want.std, TIGHT, `${name} std (ddof 1)`);
      for (const [key, level] of Object.entries(LEVELS)) {
        assertClose(quantileSorted(sorted, level), want.quantiles[key], TIGHT, `${name} ${key}`);
      }
      const histogram = equalWidthHistogram(present, 20, name);
      histogram.edges.forEach((edge, i) =>
        assertClose(edge, want.histogram.edges[i], { absolute: 1e-15, relative: 1e-15 }, `${name} edge ${i}`),
      );
      assert.deepEqual(histogram.counts, want.histogram.counts);
    });
  }
});

describe('category counts vs pandas value_counts', () => {
  for (const name of ['gender', 'smoking_status']) {
    test(name, () => {
      const want = expected[`${name}:categorical`];
      const { frequencies, nulls } = valueCounts(readCategoryColumn(table, name, 'profile test').values);
      assert.deepEqual([frequencies.reduce((sum, f) => sum + f.count, 0), nulls], [want.count, want.nulls]);
      assert.deepEqual(Object.fromEntries(frequencies.map((f) => [f.value, f.count])), want.counts);
      for (const f of frequencies) assertClose(f.proportion, want.proportions[f.value], TIGHT, `${name} ${f.value}`);
      for (let i = 1; i < frequencies.length; i++) {
        assert.ok(frequencies[i - 1].count >= frequencies[i].count, 'ordered by frequency');
      }
    });
  }

  test('a 0/1 flag read as categories counts as pandas counts the integers', () => {
    const want = expected['hypertension:categorical'];
    const { frequencies } = valueCounts(readCategoryColumn(table, 'hypertension', 'profile test').values);
    assert.deepEqual(Object.fromEntries(frequencies.map((f) => [f.value, f.count])), want.counts);
  });
});

describe('edge cases', () => {
  test('a zero-width range is widened as numpy does, to [v - 0.5, v + 0.5]', () => {
    assert.deepEqual(equalWidthHistogram([3], 2), { edges: [2.5, 3, 3.5], counts: [0, 1] });
  });

  test('the maximum falls in the last bin, inner edges open the next bin', () => {
    // numpy.histogram([0, 1, 1, 2, 4], bins=4) -> [1, 2, 1, 1] over the edges 0, 1, 2, 3, 4.
    assert.deepEqual(equalWidthHistogram([0, 1, 1, 2, 4], 4).counts, [1, 2, 1, 1]);
  });

  test('null-only columns read with every row invalid', () => {
    const empty = new Table({ empty: vectorFromArray([null, null], new Float64()) });
    const column = readNumericColumn(empty, 'empty', 'profile test');
    assert.deepEqual([column.nullCount, Array.from(column.valid)], [2, [0, 0]]);
  });

  test('bad requests name the column and the caller', () => {
    assert.throws(() => readNumericColumn(table, 'weight', 'profile test'), /profile test.*column 'weight' is missing/);
    assert.throws(() => readNumericColumn(table, 'gender', 'profile test'), /column 'gender' has type Utf8/);
  });
});
