import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baselineStatistics,
  classifyValue,
  isNumericFeature,
  SKETCH_PERCENTILES,
  type FeatureStatistics,
  type MonitoredRecord,
} from '../../shared/pipeline/monitoring/baseline-statistics';
import { assertArrayClose, assertClose } from '../assert-close';
import { featureKinds, fixture } from './model-monitor-fixture';

const statistics = baselineStatistics(fixture.records.baseline, featureKinds);
const feature = (features: FeatureStatistics[], name: string): FeatureStatistics => {
  const found = features.find((f) => f.name === name);
  assert.ok(found !== undefined, `feature ${name}`);
  return found;
};

describe('baselineStatistics against numpy/pandas', () => {
  test('statistics.json layout: version, item count, declared features in order', () => {
    assert.equal(statistics.version, 0);
    assert.equal(statistics.dataset.item_count, fixture.expected.item_count);
    assert.deepEqual(
      statistics.features.map((f) => f.name),
      [...fixture.numeric, ...fixture.categorical],
    );
  });

  for (const [name, want] of Object.entries(fixture.expected.features)) {
    if (want.kind === 'numeric') {
      test(`${name}: ${want.inferred_type} counts, moments, buckets and percentiles`, () => {
        const got = feature(statistics.features, name);
        assert.ok(isNumericFeature(got), `${name} is numeric`);
        assert.equal(got.inferred_type, want.inferred_type);
        assert.deepEqual(got.type_counts, want.type_counts);
        const stats = got.numerical_statistics;
        assert.deepEqual(stats.common, { num_present: want.num_present, num_missing: want.num_missing });
        assertClose(stats.sum, want.sum, { relative: 1e-13 }, `${name} sum`);
        assertClose(stats.mean, want.mean, { relative: 1e-13 }, `${name} mean`);
        assertClose(stats.std_dev, want.std_dev, { relative: 1e-12 }, `${name} population std_dev`);
        assert.deepEqual([stats.min, stats.max], [want.min, want.max]);
        const buckets = stats.distribution.kll.buckets;
        assert.deepEqual(
          buckets.map((b) => b.count),
          want.bucket_counts,
        );
        assertArrayClose(
          [buckets[0].lower_bound, ...buckets.map((b) => b.upper_bound)],
          want.bucket_edges,
          { absolute: 0 },
          `${name} bucket edges`,
        );
        const sketch = stats.distribution.kll.sketch;
        assert.deepEqual(sketch.parameters, { c: 1, k: 101, exact: true });
        assert.equal(sketch.data.length, 1);
        assertArrayClose(sketch.data[0], want.percentiles, { absolute: 0 }, `${name} percentiles`);
      });
    } else {
      test(`${name}: String counts in value_counts order`, () => {
        const got = feature(statistics.features, name);
        assert.ok(!isNumericFeature(got), `${name} is categorical`);
        assert.equal(got.inferred_type, want.inferred_type);
        const stats = got.string_statistics;
        assert.deepEqual(stats.common, { num_present: want.num_present, num_missing: want.num_missing });
        assert.equal(stats.distinct_count, want.distinct_count);
        const buckets = stats.distribution.categorical.buckets;
        assert.deepEqual(Object.fromEntries(buckets.map((b) => [b.value, b.count])), want.counts);
        for (let i = 1; i < buckets.length; i++) {
          const [a, b] = [buckets[i - 1], buckets[i]];
          assert.ok(
            a.count > b.count || (a.count === b.count && a.value < b.value),
            `${name} bucket ${i} ordered by count, then value`,
          );
        }
      });
    }
  }

  test('survives a JSON round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(statistics)), statistics);
  });
});

describe('value classification and type inference', () => {
  test('missing, integral, fractional and text values, including numbers sent as text', () => {
    assert.deepEqual(
      [null, undefined, '', Number.NaN].map((v) => classifyValue(v, 'x').kind),
      ['missing', 'missing', 'missing', 'missing'],
    );
    assert.deepEqual(classifyValue(' -42 ', 'x'), { kind: 'integral', number: -42, text: ' -42 ' });
    assert.deepEqual(
      ['3.5', '.5', '1e3', '2.'].map((v) => classifyValue(v, 'x').kind),
      ['fractional', 'fractional', 'fractional', 'fractional'],
    );
    assert.deepEqual(classifyValue(7, 'x'), { kind: 'integral', number: 7, text: '7' });
    assert.deepEqual(
      ['high', '1,5', '0x10', ' '].map((v) => classifyValue(v, 'x').kind),
      ['string', 'string', 'string', 'string'],
    );
  });

  test('bad values are named with their record and column', () => {
    assert.throws(
      () => baselineStatistics([{ age: 1 }, { age: Infinity }], { numeric: ['age'], categorical: [] }),
      /record 1, column 'age': Infinity is not a finite number/,
    );
    const bad = [{ flag: true }] as unknown as MonitoredRecord[];
    assert.throws(
      () => baselineStatistics(bad, { numeric: [], categorical: ['flag'] }),
      /record 0, column 'flag': expected a number, a string or null, got boolean true/,
    );
    assert.throws(
      () => baselineStatistics([], { numeric: ['age'], categorical: ['age'] }),
      /age listed as both numeric and categorical/,
    );
  });

  test('numbers sent as text give the same statistics as numbers', () => {
    const asNumbers = fixture.records.clean.map((r) => ({ bmi: r.bmi }));
    const asText = asNumbers.map((r) => ({ bmi: r.bmi === null || r.bmi === undefined ? '' : String(r.bmi) }));
    const kinds = { numeric: ['bmi'], categorical: [] };
    assert.deepEqual(baselineStatistics(asText, kinds), baselineStatistics(asNumbers, kinds));
  });

  test('one text value makes a numeric column String; no value makes it Unknown', () => {
    const records: MonitoredRecord[] = [
      { a: 1, b: null, c: 0 },
      { a: 'n/a', b: '', c: 1 },
      { a: 2.5, c: 1 },
    ];
    const stats = baselineStatistics(records, { numeric: ['a', 'b'], categorical: ['c'] });
    const [a, b, c] = stats.features;
    assert.equal(a.inferred_type, 'String');
    assert.deepEqual(a.type_counts, { integral: 1, fractional: 1, string: 1 });
    assert.ok(!isNumericFeature(a));
    assert.deepEqual(a.string_statistics.distribution.categorical.buckets.map((x) => x.value).sort(), [
      '1',
      '2.5',
      'n/a',
    ]);
    assert.equal(b.inferred_type, 'Unknown');
    assert.ok(!isNumericFeature(b));
    assert.deepEqual(b.string_statistics.common, { num_present: 0, num_missing: 3 });
    assert.equal(c.inferred_type, 'String', 'declared categorical flags stay categories');
    assert.ok(!isNumericFeature(c));
    assert.deepEqual(c.string_statistics.distribution.categorical.buckets, [
      { value: '1', count: 2 },
      { value: '0', count: 1 },
    ]);
  });

  test('undeclared columns are inferred and listed last; declared columns no record has are left out', () => {
    const stats = baselineStatistics(
      [
        { zip: 10115, note: 'x', age: 3 },
        { zip: 20095, age: 4 },
      ],
      { numeric: ['age', 'bmi'], categorical: [] },
    );
    assert.deepEqual(
      stats.features.map((f) => [f.name, f.inferred_type]),
      [
        ['age', 'Integral'],
        ['zip', 'Integral'],
        ['note', 'String'],
      ],
    );
    assert.deepEqual(baselineStatistics([], featureKinds), { version: 0, dataset: { item_count: 0 }, features: [] });
  });

  test("a constant column gets numpy.histogram's unit-wide buckets and constant percentiles", () => {
    const [only] = baselineStatistics([{ v: 5 }, { v: 5 }], { numeric: ['v'], categorical: [] }).features;
    assert.ok(isNumericFeature(only));
    const kll = only.numerical_statistics.distribution.kll;
    assert.equal(kll.buckets[0].lower_bound, 4.5);
    assert.equal(kll.buckets[9].upper_bound, 5.5);
    assert.equal(only.numerical_statistics.std_dev, 0);
    assert.deepEqual(
      kll.sketch.data[0],
      SKETCH_PERCENTILES.map(() => 5),
    );
  });
});
