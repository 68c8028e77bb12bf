import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPreprocessor } from '../../shared/ml/data/preprocess';
import {
  PATIENT_INPUT_RULES,
  parseFeatureCsv,
  validatePatientRecords,
} from '../../shared/pipeline/serving/request-validation';
import {
  PatientRequest,
  TrainedVersion,
  drawPatients,
  goldRow,
  patientRequest,
  refusal,
  trainVersion,
} from './fixture-bundle';

let trained: TrainedVersion;
const patients: PatientRequest[] = drawPatients(30, 8).map(patientRequest);

before(async () => {
  trained = await trainVersion('v1', { max_depth: 2 }, 2, 0.5);
});

test('the accepted fields are the silver clinical columns, with the dataset domains', () => {
  const summary = PATIENT_INPUT_RULES.map((r) =>
    r.kind === 'number' ? `${r.name}:${r.min}..${r.max}${r.nullable ? '?' : ''}` : `${r.name}:${r.kind}`,
  );
  assert.deepEqual(summary, [
    'gender:category',
    'age:0..120',
    'hypertension:flag',
    'heart_disease:flag',
    'ever_married:flag',
    'work_type:category',
    'residence_type:category',
    'avg_glucose_level:40..500',
    'bmi:10..100?',
    'smoking_status:category',
  ]);
});

test('valid records gain the gold columns; a null bmi is the training mean with bmi_imputed = 1', () => {
  const input = patients.map((p, i) => (i % 3 === 0 ? { ...p, bmi: null } : p));
  const records = validatePatientRecords(input, trained.preprocessor, 100);
  records.forEach((record, i) => {
    const want = goldRow(input[i], trained.bmiMean);
    assert.deepEqual(Object.keys(record).sort(), Object.keys(want).sort());
    for (const key of Object.keys(want)) {
      const a = record[key];
      const b = want[key];
      if (typeof a === 'number' && typeof b === 'number')
        assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `record ${i} ${key}: ${a} vs ${b}`);
      else assert.equal(a, b, `record ${i} ${key}`);
    }
  });
});

test('every problem of a body is reported, up to ten, the first field named', () => {
  const bad = [
    { ...patients[0], age: 'old', smoking_status: 3 },
    { ...patients[1], residence_type: 'Moon' },
  ];
  const error = refusal(() => validatePatientRecords(bad, trained.preprocessor, 100));
  assert.equal(error.status, 400);
  assert.equal(error.field, 'age');
  assert.match(
    error.message,
    /record 0 field 'age' is "old"; expected a number; record 0 field 'smoking_status' is 3; expected a string.*; record 1 field 'residence_type' "Moon" is not a known category/,
  );
  const many = Array.from({ length: 15 }, () => ({ ...patients[0], hypertension: 'yes' }));
  assert.match(
    refusal(() => validatePatientRecords(many, trained.preprocessor, 100)).message,
    /; and 5 more problem\(s\)$/,
  );
});

test('too many records is a 413', () => {
  const error = refusal(() => validatePatientRecords(patients.slice(0, 5), trained.preprocessor, 4));
  assert.equal(error.status, 413);
  assert.match(error.message, /holds 5 records; at most 4 per request/);
});

test('a model using age_group gets it derived, and age 120 (outside every age group) is refused', () => {
  const rows = patients.map((p) => ({ ...goldRow(p, 28), age_group: (p.age as number) < 50 ? '0-17' : '50-64' }));
  rows[0].age_group = '18-34';
  rows[1].age_group = '35-49';
  rows[2].age_group = '65-79';
  rows[3].age_group = '80+';
  const preprocessor = fitPreprocessor(rows, { numeric: ['age'], categorical: ['age_group'] });
  const [record] = validatePatientRecords({ ...patients[0], age: 40 }, preprocessor, 10);
  assert.equal(record.age_group, '35-49');
  const error = refusal(() => validatePatientRecords({ ...patients[0], age: 120 }, preprocessor, 10));
  assert.equal(error.field, 'age');
  assert.match(error.message, /record 0 field 'age' is 120; expected a number in \[0, 120\)/);
});

test('CSV: rows of finite numbers, spaces trimmed, one trailing newline allowed', () => {
  const names = ['a', 'b', 'c'];
  const parsed = parseFeatureCsv(' 1, -2.5e-3 ,3\r\n4,5,6\n', names, 10);
  assert.deepEqual(
    { rows: parsed.rows, cols: parsed.cols, values: Array.from(parsed.matrix) },
    { rows: 2, cols: 3, values: [1, -0.0025, 3, 4, 5, 6] },
  );
  assert.match(
    refusal(() => parseFeatureCsv('1,2,3\n\n4,5,6', names, 10)).message,
    /CSV line 2 has 1 value\(s\); the model expects 3 features/,
  );
  assert.match(
    refusal(() => parseFeatureCsv('a,b,c\n1,2,3', names, 10)).message,
    /CSV line 1 column 1 \(feature 'a'\): "a" is not a number/,
  );
  assert.match(refusal(() => parseFeatureCsv('aa,bb\n1,2,3', names, 10)).message, /a header line is not accepted/);
  assert.equal(refusal(() => parseFeatureCsv('1,2,3\n'.repeat(11), names, 10)).status, 413);
});
