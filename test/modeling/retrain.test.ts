import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concatColumns, patientColumns, retrainingSplits } from '../../shared/pipeline/modeling/retrain';
import { stratifiedSplit } from '../../shared/ml/data/split';
import { columnTable, DEFAULT_FEATURES } from '../../shared/pipeline/modeling/dataset';
import { goldOf, patients } from './patients-fixture';

test('patient records become the same model columns the gold transforms give', () => {
  const all = patients(20, 1);
  const { gold, records } = goldOf(all.records, all.labels);
  assert.ok(records.length >= 18, `gold kept ${records.length} of 20`);
  const expected = columnTable(gold, DEFAULT_FEATURES);
  const actual = patientColumns(records);
  for (const name of Object.keys(expected)) {
    const e = Array.from(expected[name]);
    const a = Array.from(actual[name]);
    assert.equal(a.length, e.length, name);
    a.forEach((v, i) =>
      typeof v === 'number'
        ? assert.ok(Math.abs(v - (e[i] as number)) < 1e-12, `${name}[${i}]`)
        : assert.equal(v, e[i], `${name}[${i}]`),
    );
  }
  assert.throws(() => patientColumns([{ ...records[0], age: 'old' }]), /record 0 has age="old"/);
});

test('concatenation keeps rows in order and refuses mismatched columns', () => {
  const a = patientColumns(patients(3, 2).records);
  const b = patientColumns(patients(2, 3).records);
  const both = concatColumns(a, b);
  assert.deepEqual(Array.from(both.age), [...Array.from(a.age), ...Array.from(b.age)]);
  assert.deepEqual(Array.from(both.gender), [...Array.from(a.gender), ...Array.from(b.gender)]);
  assert.throws(() => concatColumns(a, { age: b.age }), /no column "log_glucose_level"/);
});

test("retraining splits: gold by the champion's split, new patients half to train and a quarter each to validation and holdout", () => {
  const all = patients(400, 6);
  const { gold, labels } = goldOf(all.records, all.labels);
  const fresh = patients(10, 7);
  const splits = retrainingSplits(gold, fresh, 3);
  const [train, validation, holdout] = stratifiedSplit(labels, { fractions: [0.6, 0.2, 0.2], seed: 3 });
  assert.deepEqual(
    [splits.train.labels.length, splits.validation.labels.length, splits.holdout.labels.length],
    [train.length + 5, validation.length + 2, holdout.length + 3],
  );
  // The holdout ends with the last three new patients, in order.
  assert.deepEqual(
    Array.from(splits.holdout.columns.age).slice(-3),
    fresh.records.slice(7).map((r) => Number(r.age)),
  );
  assert.deepEqual(Array.from(splits.holdout.labels).slice(-3), Array.from(fresh.labels.slice(7)));
  assert.deepEqual(
    Array.from(splits.train.labels).slice(0, train.length),
    Array.from(train, (i) => labels[i]),
  );
  assert.throws(
    () => retrainingSplits(gold, { records: fresh.records, labels: fresh.labels.slice(1) }, 3),
    /10 new patients but 9 labels/,
  );
});
