import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGE_GROUP_LABELS,
  ageGroupOf,
  goldRowOf,
  logGlucoseLevel,
  toGold,
} from '../../shared/pipeline/gold/gold-transforms';
import { columnTable, DEFAULT_FEATURES } from '../../shared/pipeline/modeling/dataset';
import { goldOf, patients } from '../modeling/patients-fixture';
import { column, silverTable } from './silver-fixture';

interface GoldFixture {
  input: {
    id: number[];
    gender: string[];
    age: number[];
    bmi: number[];
    avg_glucose_level: number[];
    stroke: number[];
  };
  expected: {
    bmi_cutoff: number;
    rules: { rule: string; rows_removed: number; stroke_removed: number }[];
    gold_ids: number[];
    gold_log_glucose_level: number[];
    gold_age_group: string[];
    excluded_other_ids: number[];
    excluded_bmi_ids: number[];
  };
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'gold', 'gold_transforms.json'), 'utf8'),
) as GoldFixture;

describe('age groups', () => {
  test('bins are half-open [lower, upper)', () => {
    assert.equal(ageGroupOf(17.99), '0-17');
    assert.equal(ageGroupOf(18), '18-34');
    assert.equal(ageGroupOf(34.99), '18-34');
    assert.equal(ageGroupOf(35), '35-49');
    assert.equal(ageGroupOf(64.99), '50-64');
    assert.equal(ageGroupOf(79.99), '65-79');
    assert.equal(ageGroupOf(80), '80+');
    assert.equal(ageGroupOf(0.08), '0-17');
    assert.equal(ageGroupOf(0), '0-17');
    assert.deepEqual(AGE_GROUP_LABELS, ['0-17', '18-34', '35-49', '50-64', '65-79', '80+']);
  });

  test('ages outside [0, 120) are an error naming the value', () => {
    assert.throws(() => ageGroupOf(120), /120/);
    assert.throws(() => ageGroupOf(-0.5), /-0.5/);
    assert.throws(() => ageGroupOf(NaN), /NaN/);
  });
});

describe('toGold on a hand-built table', () => {
  // 20 kept-gender rows with bmi 1..20 and two Other rows with huge bmi. If the Other rows were
  // counted in the percentile the cutoff would move; numpy linear p95 of 1..20 is
  // 19 + 0.05 * (20 - 19) = 19.05 (virtual index 19 * 0.95 = 18.05), so only bmi 20 is dropped.
  const n = 22;
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const gender = ids.map((id) => (id === 5 || id === 21 ? 'Other' : id % 2 === 0 ? 'Female' : 'Male'));
  let nextBmi = 1;
  const bmi = gender.map((g) => (g === 'Other' ? 100 : nextBmi++));
  const stroke = ids.map((id) => (id === 5 || id === 22 || id === 1 ? 1 : 0));
  const silver = silverTable(
    { id: ids, gender, age: ids.map((id) => id * 3.5), bmi, avg_glucose_level: ids.map((id) => 60 + id), stroke },
    7,
  );
  const result = toGold(silver);

  test('cutoff is computed after the gender rule', () => {
    assert.ok(Math.abs(result.bmiCutoff - 19.05) < 1e-12, `cutoff ${result.bmiCutoff}`);
  });

  test('summary counts rows and stroke cases per rule', () => {
    assert.deepEqual(
      result.summary.map((s) => [s.rule, s.reason, s.rowsRemoved, s.strokeCasesRemoved]),
      [
        ['gender=Other', 'gender=Other', 2, 1],
        ['bmi>p95', 'bmi>p95 (19.05)', 1, 1],
      ],
    );
  });

  test('excluded rows keep every silver column plus the reason; invariant holds', () => {
    assert.equal(result.gold.numRows + result.excluded.numRows, n);
    assert.deepEqual(column<number>(result.excluded, 'id'), [5, 21, 22]);
    assert.deepEqual(column<string>(result.excluded, 'exclusion_reason'), [
      'gender=Other',
      'gender=Other',
      'bmi>p95 (19.05)',
    ]);
    const silverNames = silver.schema.fields.map((f) => f.name);
    assert.deepEqual(
      result.excluded.schema.fields.map((f) => f.name),
      [...silverNames, 'exclusion_reason'],
    );
    assert.deepEqual(
      column<boolean>(result.excluded, 'bmi_imputed'),
      [5, 21, 22].map((id) => id % 3 === 0),
    );
    assert.deepEqual(column<number>(result.excluded, 'bmi'), [100, 100, 20]);
  });

  test('gold keeps silver columns in order and adds the two features', () => {
    assert.deepEqual(
      result.gold.schema.fields.map((f) => f.name),
      [...silver.schema.fields.map((f) => f.name), 'log_glucose_level', 'age_group'],
    );
    const goldIds = column<number>(result.gold, 'id');
    assert.deepEqual(
      goldIds,
      ids.filter((id) => id !== 5 && id !== 21 && id !== 22),
    );
    const logGlucose = column<number>(result.gold, 'log_glucose_level');
    goldIds.forEach((id, k) => assert.ok(Math.abs(Math.exp(logGlucose[k]) - 1 - (60 + id)) < 1e-9));
    // admission_date nulls (id % 7 === 0) survive the row gather.
    const dates = column<unknown>(result.gold, 'admission_date');
    goldIds.forEach((id, k) => assert.equal(dates[k] === null, id % 7 === 0, `id ${id}`));
  });

  test('a null bmi is an error naming the row', () => {
    const withNull = silverTable({
      id: [1, 2],
      gender: ['Male', 'Female'],
      age: [30, 40],
      bmi: [25, null],
      avg_glucose_level: [80, 90],
      stroke: [0, 0],
    });
    assert.throws(() => toGold(withNull), /bmi is null at row 1/);
  });
});

describe('toGold against the pandas golden fixture', () => {
  const input = fixture.input;
  const silver = silverTable(input, 128);
  const result = toGold(silver);
  const expected = fixture.expected;

  test('cutoff equals numpy.quantile', () => {
    assert.equal(result.bmiCutoff, expected.bmi_cutoff);
  });

  test('per-rule counts equal pandas', () => {
    assert.deepEqual(
      result.summary.map((s) => [s.rule, s.rowsRemoved, s.strokeCasesRemoved]),
      expected.rules.map((r) => [r.rule, r.rows_removed, r.stroke_removed]),
    );
    assert.equal(result.gold.numRows + result.excluded.numRows, input.id.length);
  });

  test('gold rows, log1p and age groups equal pandas', () => {
    assert.deepEqual(column<number>(result.gold, 'id'), expected.gold_ids);
    assert.deepEqual(column<string>(result.gold, 'age_group'), expected.gold_age_group);
    const logGlucose = column<number>(result.gold, 'log_glucose_level');
    logGlucose.forEach((v, k) => assert.ok(Math.abs(v - expected.gold_log_glucose_level[k]) <= 1e-15 * Math.abs(v)));
  });

  test('logGlucoseLevel, which retraining and the endpoint call, is the gold column', () => {
    const glucoseById = new Map(input.id.map((id, i) => [id, input.avg_glucose_level[i]]));
    expected.gold_ids.forEach((id, k) => {
      const derived = logGlucoseLevel(glucoseById.get(id) as number);
      assert.ok(Math.abs(derived - expected.gold_log_glucose_level[k]) <= 1e-15 * Math.abs(derived), `id ${id}`);
    });
  });

  test('excluded ids per reason equal pandas', () => {
    const ids = column<number>(result.excluded, 'id');
    const reasons = column<string>(result.excluded, 'exclusion_reason');
    assert.deepEqual(
      ids.filter((_, k) => reasons[k] === 'gender=Other'),
      expected.excluded_other_ids,
    );
    assert.deepEqual(
      ids.filter((_, k) => reasons[k].startsWith('bmi>p95')),
      expected.excluded_bmi_ids,
    );
  });
});

describe('goldRowOf: the gold row of one raw record', () => {
  test('a record gets the model columns toGold gives its row', () => {
    const all = patients(30, 4);
    const { gold, records } = goldOf(all.records, all.labels);
    const columns = columnTable(gold, DEFAULT_FEATURES);
    records.forEach((record, k) => {
      const row = goldRowOf(record);
      for (const [name, values] of Object.entries(columns)) assert.equal(row[name], values[k], `record ${k} ${name}`);
    });
  });

  test('a missing bmi is flagged, and filled only when a fill is given; null fields are left out', () => {
    const record: Record<string, string | number | null> = { ...patients(1, 5).records[0], bmi: null, work_type: null };
    const filled = goldRowOf(record, 28.5);
    assert.deepEqual([filled.bmi, filled.bmi_imputed, 'work_type' in filled], [28.5, 1, false]);
    const unfilled = goldRowOf(record);
    assert.deepEqual(['bmi' in unfilled, unfilled.bmi_imputed], [false, 1]);
    assert.equal(unfilled.log_glucose_level, logGlucoseLevel(record.avg_glucose_level as number));
  });
});
