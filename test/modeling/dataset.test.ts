import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays } from 'apache-arrow';
import {
  columnTable,
  DEFAULT_FEATURES,
  describeSplitFractions,
  featureColumns,
  labelsOf,
  splitGold,
  splitSizes,
  splitPart,
  takeLabels,
  takeRows,
} from '../../shared/pipeline/modeling/dataset';
import { stratifiedSplit } from '../../shared/ml/data/split';

const gold = tableFromArrays({
  age: Float64Array.from([0.08, 45, 81]),
  log_glucose_level: Float64Array.from([4.1, 4.6, 5.4]),
  bmi: Float64Array.from([15.2, 28.9, 31]),
  gender: ['Female', 'Male', 'Female'],
  work_type: ['children', 'Private', 'Self-employed'],
  residence_type: ['Urban', 'Rural', 'Urban'],
  smoking_status: ['Unknown', 'smokes', 'never smoked'],
  hypertension: Int32Array.from([0, 1, 1]),
  heart_disease: Int32Array.from([0, 0, 1]),
  ever_married: Int32Array.from([0, 1, 1]),
  bmi_imputed: Int32Array.from([1, 0, 0]),
  stroke: Int32Array.from([0, 0, 1]),
});

test('the default features are every clinical column, not the 4 the original used', () => {
  const features = featureColumns(DEFAULT_FEATURES);
  assert.equal(features.length, 11);
  for (const name of [
    'age',
    'bmi',
    'bmi_imputed',
    'hypertension',
    'heart_disease',
    'ever_married',
    'work_type',
    'residence_type',
    'smoking_status',
    'gender',
  ]) {
    assert.ok(features.includes(name), name);
  }
  assert.ok(!features.includes('stroke'), 'the target is not a feature');
});

test('columnTable reads numbers as Float64Array and categories as strings', () => {
  const columns = columnTable(gold, DEFAULT_FEATURES);
  assert.ok(columns.age instanceof Float64Array);
  assert.deepEqual(Array.from(columns.age as Float64Array), [0.08, 45, 81]);
  assert.deepEqual(Array.from(columns.hypertension as Float64Array), [0, 1, 1]);
  assert.deepEqual(Array.from(columns.smoking_status), ['Unknown', 'smokes', 'never smoked']);
});

test('takeRows and takeLabels pick the same rows in the given order', () => {
  const columns = columnTable(gold, DEFAULT_FEATURES);
  const picked = takeRows(columns, Int32Array.from([2, 0]));
  assert.deepEqual(Array.from(picked.age as Float64Array), [81, 0.08]);
  assert.deepEqual(Array.from(picked.gender), ['Female', 'Female']);
  assert.deepEqual(Array.from(takeLabels(labelsOf(gold), [2, 0])), [1, 0]);
});

test('a label other than 0/1, or a missing number, is refused naming the row', () => {
  const bad = tableFromArrays({ stroke: Int32Array.from([0, 2]) });
  assert.throws(() => labelsOf(bad), /row 1 has stroke=2, expected 0 or 1/);
  const missing = gold.assign(tableFromArrays({ age: Float64Array.from([1, NaN, 3]) }));
  assert.throws(() => columnTable(missing, DEFAULT_FEATURES), /age/);
});

test("splitGold is the stratified 60/20/20 split of gold's labels, and splitPart takes a split's rows", () => {
  const n = 50;
  const table = tableFromArrays({
    age: Float64Array.from({ length: n }, (_, i) => i),
    log_glucose_level: Float64Array.from({ length: n }, (_, i) => 4 + i / 100),
    bmi: Float64Array.from({ length: n }, (_, i) => 20 + i / 10),
    gender: Array.from({ length: n }, (_, i) => (i % 2 ? 'Male' : 'Female')),
    work_type: Array.from({ length: n }, () => 'Private'),
    residence_type: Array.from({ length: n }, () => 'Urban'),
    smoking_status: Array.from({ length: n }, () => 'smokes'),
    hypertension: new Int32Array(n),
    heart_disease: new Int32Array(n),
    ever_married: new Int32Array(n),
    bmi_imputed: new Int32Array(n),
    stroke: Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0)),
  });
  const gold = splitGold(table, 9);
  const labels = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const [train, validation, test] = stratifiedSplit(labels, { fractions: [0.6, 0.2, 0.2], seed: 9 });
  assert.deepEqual(gold.splits, { train, validation, test });
  assert.deepEqual(Array.from(gold.labels), Array.from(labels));
  assert.deepEqual([train.length, validation.length, test.length], [30, 10, 10]);
  // Stratified: 10 strokes in 50 rows -> 6, 2 and 2; each stroke row is i % 5 === 0.
  assert.deepEqual(splitSizes(gold), [
    { split: 'train', rows: 30, strokes: Array.from(train).filter((i) => i % 5 === 0).length },
    { split: 'validation', rows: 10, strokes: Array.from(validation).filter((i) => i % 5 === 0).length },
    { split: 'test', rows: 10, strokes: Array.from(test).filter((i) => i % 5 === 0).length },
  ]);
  assert.deepEqual(
    splitSizes(gold).map((s) => s.strokes),
    [6, 2, 2],
  );
  const part = splitPart(gold, 'validation');
  assert.deepEqual(Array.from(part.columns.age), Array.from(validation));
  assert.deepEqual(
    Array.from(part.labels),
    Array.from(validation, (i) => labels[i]),
  );
  assert.equal(describeSplitFractions(), '60/20/20');
});
