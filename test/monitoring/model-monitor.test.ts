import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawPatient, patientRecordOf } from '../../shared/pipeline/data/synthetic';
import { driftedCopy, type PatientRecord } from '../../shared/pipeline/monitoring/traffic';
import {
  judgeWindow,
  monitoringBaseline,
  monitoredFields,
  writeModelMonitorFiles,
  writeMonitoringBaseline,
  writeWindowJudgement,
} from '../../shared/pipeline/monitoring/model-monitor';
import { constraintRows, hasViolation, violationRows } from '../../shared/pipeline/monitoring/constraints';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { Random } from '../../shared/core/util/random';

/** Patients with every bmi measured (as gold after imputation), plus a label column traffic never has. */
function patients(count: number, seed: number): PatientRecord[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const record = patientRecordOf(drawPatient(random, { allowOtherGender: false }));
    return { ...record, bmi: record.bmi ?? 28.1, stroke: 0 } as PatientRecord;
  });
}

const baseline = monitoringBaseline(patients(4000, 1));
const withoutLabel = (records: PatientRecord[]) => records.map(({ stroke: _label, ...fields }) => fields);

test('the baseline profiles the monitored features only', () => {
  assert.deepEqual(baseline.statistics.features.map((f) => f.name).sort(), [
    'age',
    'avg_glucose_level',
    'bmi',
    'ever_married',
    'gender',
    'heart_disease',
    'hypertension',
    'residence_type',
    'smoking_status',
    'work_type',
  ]);
  assert.equal(baseline.statistics.dataset.item_count, 4000);
  assert.deepEqual(Object.keys(monitoredFields([{ age: 3, stroke: 1, id: 'x' }])[0]), ['age']);
});

test('a window drawn like the baseline has no violation; the drifted one violates on what moved', () => {
  const fresh = withoutLabel(patients(500, 2));
  assert.deepEqual(judgeWindow(baseline, fresh).violations.violations, []);
  const drifted = judgeWindow(baseline, driftedCopy(fresh, 3)).violations.violations;
  const flagged = new Set(
    drifted.filter((v) => v.constraint_check_type === 'baseline_drift_check').map((v) => v.feature_name),
  );
  assert.ok(
    flagged.has('age') && flagged.has('avg_glucose_level') && flagged.has('smoking_status'),
    `flagged: ${[...flagged].join(', ')}`,
  );
  assert.ok(!flagged.has('gender') && !flagged.has('bmi'), `unchanged features stay quiet: ${[...flagged].join(', ')}`);
});

test('a field the baseline never saw is an extra column; a dropped one is missing', () => {
  const window = withoutLabel(patients(300, 4)).map(({ bmi: _bmi, ...r }) => ({ ...r, clinic: 'north' }));
  const types = judgeWindow(baseline, window)
    .violations.violations.map((v) => `${v.feature_name}:${v.constraint_check_type}`)
    .sort();
  assert.deepEqual(types, ['bmi:missing_column_check', 'clinic:extra_column_check']);
});

test('the files land under the prefix as JSON that reads back equal', async () => {
  const store = new MemoryObjectStore('monitoring');
  const keys = await writeMonitoringBaseline(store, 'baselines/stroke', baseline);
  assert.deepEqual(keys, ['baselines/stroke/statistics.json', 'baselines/stroke/constraints.json']);
  const read = async (key: string) => JSON.parse(new TextDecoder().decode((await store.get(key)).body));
  assert.deepEqual(await read(keys[1]), JSON.parse(JSON.stringify(baseline.constraints)));
  const judged = judgeWindow(baseline, driftedCopy(withoutLabel(patients(200, 5)), 6));
  const windowKeys = await writeWindowJudgement(store, 'reports/drifted', judged);
  assert.deepEqual(await read(windowKeys[1]), judged.violations);
});

test('every file of a run: the baseline first, then each window under its own name', async () => {
  const store = new MemoryObjectStore('monitoring');
  const judged = {
    clean: judgeWindow(baseline, withoutLabel(patients(300, 7))),
    drifted: judgeWindow(baseline, driftedCopy(withoutLabel(patients(300, 8)), 9)),
  };
  const keys = await writeModelMonitorFiles(store, { baseline: 'b/stroke', windows: 'r/mm' }, baseline, judged);
  assert.deepEqual(keys, [
    'b/stroke/statistics.json',
    'b/stroke/constraints.json',
    'r/mm/clean/statistics.json',
    'r/mm/clean/constraint_violations.json',
    'r/mm/drifted/statistics.json',
    'r/mm/drifted/constraint_violations.json',
  ]);
  assert.deepEqual((await store.list('')).map((o) => o.key).sort(), [...keys].sort());
  const read = async (key: string) => JSON.parse(new TextDecoder().decode((await store.get(key)).body));
  assert.deepEqual(await read('r/mm/drifted/constraint_violations.json'), judged.drifted.violations);
});

test('the tables of a run: one constraint row per feature, the violations of each window in order', () => {
  const rows = constraintRows(baseline.constraints);
  assert.equal(rows.length, baseline.constraints.features.length);
  const age = rows.find((r) => r.feature === 'age');
  assert.deepEqual(age, { feature: 'age', type: 'Fractional', completeness: 1, 'non-negative': true, domain: '' });
  const smoking = rows.find((r) => r.feature === 'smoking_status');
  assert.equal(smoking?.['non-negative'], '');
  assert.deepEqual(smoking?.domain.split(', ').sort(), ['Unknown', 'formerly smoked', 'never smoked', 'smokes']);
  const judged = {
    clean: judgeWindow(baseline, withoutLabel(patients(300, 7))),
    drifted: judgeWindow(baseline, driftedCopy(withoutLabel(patients(300, 8)), 9)),
  };
  assert.equal(hasViolation(judged.clean.violations, 'baseline_drift_check'), false);
  assert.equal(hasViolation(judged.drifted.violations, 'baseline_drift_check'), true);
  const violations = violationRows(judged);
  assert.deepEqual(
    violations.map((v) => [v.window, v.feature, v.check, v.description]),
    judged.drifted.violations.violations.map((v) => [
      'drifted',
      v.feature_name,
      v.constraint_check_type,
      v.description,
    ]),
  );
});
