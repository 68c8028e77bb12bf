import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { columnValueCounts, rateByAgeGroup, rateByCategory, targetBalance } from '../../shared/pipeline/eda/rates';
import { valueCounts } from '../../shared/core/profile/frequencies';
import { ageGroupOf } from '../../shared/pipeline/gold/gold-transforms';
import { wilsonInterval } from '../../shared/core/metrics/wilson';
import { assertClose } from '../assert-close';

// Male: 10 rows, 2 strokes; Female: 20 rows, 1 stroke; null gender: 3 rows, 0 strokes.
const gender: (string | null)[] = [
  ...new Array<string>(10).fill('Male'),
  ...new Array<string>(20).fill('Female'),
  null,
  null,
  null,
];
const stroke = gender.map((_, i) => (i === 0 || i === 5 || i === 12 ? 1 : 0));
const ages = gender.map((_, i) => [17.99, 18, 80, 0.08, 50, 64.99][i % 6]);
const table = new Table({
  gender: vectorFromArray(gender, new Utf8()),
  stroke: vectorFromArray(stroke, new Int32()),
  age: vectorFromArray(ages, new Float64()),
});

describe('rateByCategory', () => {
  const rates = rateByCategory(table, 'gender');

  test('counts, rates and Wilson intervals per category, nulls kept', () => {
    assert.deepEqual(
      rates.map((r) => [r.category, r.n, r.cases]),
      [
        ['Female', 20, 1],
        ['Male', 10, 2],
        [null, 3, 0],
      ],
    );
    for (const r of rates) {
      const { lower, upper } = wilsonInterval(r.cases, r.n);
      assertClose(r.rate, r.cases / r.n, { absolute: 1e-12 }, `${r.category} rate`);
      assertClose(r.lower, lower, { absolute: 1e-12 }, `${r.category} lower`);
      assertClose(r.upper, upper, { absolute: 1e-12 }, `${r.category} upper`);
    }
  });

  test('2/10 matches the textbook Wilson interval (0.0567, 0.5098)', () => {
    const male = rates.find((r) => r.category === 'Male');
    assert.ok(male !== undefined);
    assert.ok(
      Math.abs(male.lower - 0.0567) < 5e-5 && Math.abs(male.upper - 0.5098) < 5e-5,
      `${male.lower} ${male.upper}`,
    );
  });

  test('an explicit order comes first; a non-0/1 target names the row', () => {
    assert.deepEqual(
      rateByCategory(table, 'gender', { order: ['Male', 'Missing'] }).map((r) => r.category),
      ['Male', 'Female', null],
    );
    const bad = new Table({
      gender: vectorFromArray(['Male', 'Male'], new Utf8()),
      stroke: vectorFromArray([0, 2], new Int32()),
    });
    assert.throws(() => rateByCategory(bad, 'gender'), /target 'stroke' at row 1 is 2; expected 0 or 1/);
  });
});

describe('rateByAgeGroup', () => {
  test('bins age with half-open bins in age order', () => {
    // ages cycle 17.99, 18, 80, 0.08, 50, 64.99 over 33 rows: indexes i % 6.
    const expectedN = new Map<string, number>();
    const expectedCases = new Map<string, number>();
    // The bins are gold's (ageGroupOf, pinned in test/gold/gold-transforms.test.ts).
    const label = (age: number): string => ageGroupOf(age);
    ages.forEach((age, i) => {
      expectedN.set(label(age), (expectedN.get(label(age)) ?? 0) + 1);
      expectedCases.set(label(age), (expectedCases.get(label(age)) ?? 0) + stroke[i]);
    });
    const rates = rateByAgeGroup(table);
    assert.deepEqual(
      rates.map((r) => r.category),
      ['0-17', '18-34', '50-64', '80+'],
    );
    for (const r of rates) {
      assert.equal(r.n, expectedN.get(r.category ?? ''));
      assert.equal(r.cases, expectedCases.get(r.category ?? ''));
      const { lower, upper } = wilsonInterval(r.cases, r.n);
      assertClose(r.lower, lower, { absolute: 1e-12 }, `${r.category} lower`);
      assertClose(r.upper, upper, { absolute: 1e-12 }, `${r.category} upper`);
    }
  });

  test('uses an existing age_group column', () => {
    const gold = new Table({
      age_group: vectorFromArray(['80+', '0-17', '80+'], new Utf8()),
      stroke: vectorFromArray([1, 0, 0], new Int32()),
    });
    assert.deepEqual(
      rateByAgeGroup(gold).map((r) => [r.category, r.n, r.cases]),
      [
        ['0-17', 1, 0],
        ['80+', 2, 1],
      ],
    );
  });
});

describe('valueCounts', () => {
  test('ordered by frequency, ties by value, nulls separate', () => {
    const counts = valueCounts(['b', 'a', null, 'c', 'a', 'b', 'a']);
    assert.deepEqual(
      counts.frequencies.map((f) => [f.value, f.count]),
      [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
    );
    assert.equal(counts.nulls, 1);
    assertClose(counts.frequencies[0].proportion, 3 / 6, { absolute: 1e-12 }, 'proportion excludes nulls');
  });

  test('integer columns count as categories', () => {
    assert.deepEqual(
      columnValueCounts(table, 'stroke').frequencies.map((f) => [f.value, f.count]),
      [
        ['0', 30],
        ['1', 3],
      ],
    );
  });
});

describe('targetBalance', () => {
  test('patients, cases, rate and non-cases per case, named after the target', () => {
    const balance = targetBalance(table, 'stroke');
    assert.equal(balance.cases, stroke.filter((s) => s === 1).length);
    assert.deepEqual(balance.row, {
      patients: 33,
      'stroke cases': 3,
      'stroke rate': 3 / 33,
      'no-stroke per stroke': 10,
    });
  });

  test('a target that is not 0/1 is an error naming the row', () => {
    const bad = new Table({ stroke: vectorFromArray([0, 1, 2], new Int32()) });
    assert.throws(() => targetBalance(bad), /targetBalance: target 'stroke' at row 2 is 2; expected 0 or 1/);
  });
});
