import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { equalWidthHistogram } from '../../shared/core/profile/equal-width-histogram';
import { CategoricalProfile, NumericProfile, profileTable } from '../../shared/core/profile/profile';
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
const numeric = ['age', 'bmi', 'avg_glucose_level', 'stroke', 'noise'];
const categorical = ['gender', 'smoking_status', 'hypertension'];
const profile = profileTable(profileInputTable(), { numeric, categorical });

describe('profileTable vs pandas', () => {
  for (const name of numeric) {
    test(`numeric column ${name}`, () => {
      const actual = profile.columns[name] as NumericProfile;
      const want = expected[name];
      assert.equal(actual.kind, 'numeric');
      assert.equal(actual.count, want.count);
      assert.equal(actual.nulls, want.nulls);
      assert.equal(actual.min, want.min);
      assert.equal(actual.max, want.max);
      assertClose(actual.mean, want.mean, { absolute: 1e-12, relative: 1e-12 }, `${name} mean`);
      assertClose(actual.std, want.std, { absolute: 1e-12, relative: 1e-12 }, `${name} std`);
      assert.ok(actual.quantiles !== null);
      for (const [key, value] of Object.entries(want.quantiles)) {
        assertClose(
          actual.quantiles[key as keyof typeof actual.quantiles],
          value,
          { absolute: 1e-12, relative: 1e-12 },
          `${name} ${key}`,
        );
      }
      assert.ok(actual.histogram !== null);
      actual.histogram.edges.forEach((edge, i) =>
        assertClose(edge, want.histogram.edges[i], { absolute: 1e-15, relative: 1e-15 }, `${name} edge ${i}`),
      );
      assert.deepEqual(actual.histogram.counts, want.histogram.counts);
    });
  }

  for (const name of categorical) {
    test(`categorical column ${name}`, () => {
      const actual = profile.columns[name] as CategoricalProfile;
      const want = expected[`${name}:categorical`];
      assert.equal(actual.kind, 'categorical');
      assert.equal(actual.count, want.count);
      assert.equal(actual.nulls, want.nulls);
      assert.equal(actual.distinct, Object.keys(want.counts).length);
      assert.deepEqual(Object.fromEntries(actual.frequencies.map((f) => [f.value, f.count])), want.counts);
      for (const f of actual.frequencies)
        assertClose(
          f.proportion,
          want.proportions[f.value],
          { absolute: 1e-12, relative: 1e-12 },
          `${name} ${f.value}`,
        );
      for (let i = 1; i < actual.frequencies.length; i++) {
        assert.ok(actual.frequencies[i - 1].count >= actual.frequencies[i].count, 'ordered by frequency');
      }
    });
  }

  test('the profile survives JSON serialisation unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile);
    assert.equal(profile.rowCount, 400);
  });
});

describe('profile edge cases', () => {
  test('all-null and single-value numeric columns give nulls, not NaN', () => {
    const table = new Table({
      empty: vectorFromArray([null, null], new Float64()),
      single: vectorFromArray([3, null], new Float64()),
    });
    const p = profileTable(table, { numeric: ['empty', 'single'], categorical: [] });
    const empty = p.columns.empty as NumericProfile;
    assert.deepEqual([empty.count, empty.nulls, empty.mean, empty.histogram], [0, 2, null, null]);
    const single = p.columns.single as NumericProfile;
    assert.deepEqual([single.count, single.mean, single.std], [1, 3, null]);
    // numpy widens a zero-width range to [v - 0.5, v + 0.5].
    assert.deepEqual(equalWidthHistogram([3], 2), { edges: [2.5, 3, 3.5], counts: [0, 1] });
  });

  test('bad requests name the column', () => {
    const table = profileInputTable();
    assert.throws(() => profileTable(table, { numeric: ['weight'], categorical: [] }), /column 'weight' is missing/);
    assert.throws(() => profileTable(table, { numeric: ['gender'], categorical: [] }), /column 'gender' has type Utf8/);
    assert.throws(() => profileTable(table, { numeric: ['age'], categorical: ['age'] }), /age listed as both/);
  });

  test('histogram: the maximum falls in the last bin, inner edges open the next bin', () => {
    // Edges 0, 1, 2, 3, 4 (numpy.histogram([0,1,1,2,4], bins=4) -> [1, 2, 1, 1]).
    assert.deepEqual(equalWidthHistogram([0, 1, 1, 2, 4], 4).counts, [1, 2, 1, 1]);
  });
});
