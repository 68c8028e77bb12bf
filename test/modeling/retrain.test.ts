import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromArrays } from 'apache-arrow';
import { concatColumns, patientColumns, trainChallenger } from '../../shared/modeling/retrain';
import { columnTable, DEFAULT_FEATURES } from '../../shared/modeling/dataset';
import { versionName, writeModelArtifacts } from '../../shared/modeling/artifacts';
import { truncateXGBoostBinaryModel } from '../../shared/models/xgb-binary-model';
import { loadModelBundle } from '../../shared/serving/model-bundle';
import { scoreMatrix } from '../../shared/serving/predict';
import { unpackModelArtifact } from '../../shared/sagemaker/model-artifact';
import { MemoryObjectStore } from '../../shared/storage/memory-store';
import { Random } from '../../shared/util/random';
import type { PatientRecord } from '../../shared/monitoring/traffic';

function patients(n: number, seed: number): { records: PatientRecord[]; labels: Float64Array } {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => items[random.int(items.length)];
  const records = Array.from({ length: n }, () => ({
    gender: pick(['Male', 'Female']), age: Math.round(random.uniform(1, 82)), hypertension: random.bernoulli(0.1) ? 1 : 0,
    heart_disease: random.bernoulli(0.05) ? 1 : 0, ever_married: random.bernoulli(0.6) ? 1 : 0, work_type: pick(['Private', 'Govt_job', 'Self-employed']),
    residence_type: pick(['Urban', 'Rural']), avg_glucose_level: Math.round(random.uniform(55, 250)), bmi: Math.round(random.normal(29, 6)), smoking_status: pick(['never smoked', 'smokes']),
  }));
  const labels = Float64Array.from(records, (r) => (random.bernoulli(1 / (1 + Math.exp(-(0.08 * Number(r.age) - 6)))) ? 1 : 0));
  return { records, labels };
}

test('patient records become the same model columns a gold table gives', () => {
  const { records } = patients(20, 1);
  const gold = tableFromArrays({
    age: Float64Array.from(records, (r) => Number(r.age)), log_glucose_level: Float64Array.from(records, (r) => Math.log(1 + Number(r.avg_glucose_level))),
    bmi: Float64Array.from(records, (r) => Number(r.bmi)), bmi_imputed: new Int32Array(20),
    hypertension: Int32Array.from(records, (r) => Number(r.hypertension)), heart_disease: Int32Array.from(records, (r) => Number(r.heart_disease)),
    ever_married: Int32Array.from(records, (r) => Number(r.ever_married)), gender: records.map((r) => String(r.gender)),
    work_type: records.map((r) => String(r.work_type)), residence_type: records.map((r) => String(r.residence_type)), smoking_status: records.map((r) => String(r.smoking_status)),
  });
  const expected = columnTable(gold, DEFAULT_FEATURES);
  const actual = patientColumns(records);
  for (const name of Object.keys(expected)) {
    const e = Array.from(expected[name]);
    const a = Array.from(actual[name]);
    assert.equal(a.length, e.length, name);
    a.forEach((v, i) => (typeof v === 'number' ? assert.ok(Math.abs(v - (e[i] as number)) < 1e-12, `${name}[${i}]`) : assert.equal(v, e[i], `${name}[${i}]`)));
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

test('a challenger written as artifacts is what the endpoint loads and scores', async () => {
  const train = patients(400, 4);
  const validation = patients(200, 5);
  const challenger = await trainChallenger({ columns: patientColumns(train.records), labels: train.labels }, { columns: patientColumns(validation.records), labels: validation.labels },
    { objective: 'binary:logistic', eta: 0.3, max_depth: 3, seed: 1 }, 20);
  const store = new MemoryObjectStore();
  const version = versionName(new Date(Date.UTC(2026, 10, 26, 9, 30)), 'challenger');
  assert.equal(version, 'v20261126093000-challenger');
  await writeModelArtifacts(store, { version, modelBytes: truncateXGBoostBinaryModel(challenger.model.modelBytes, challenger.model.bestTrees),
    preprocessor: challenger.preprocessor, metrics: { threshold: 0.4 } }, { promote: true });
  const bundle = await loadModelBundle(store);
  assert.equal(bundle.version, version);
  assert.equal(bundle.threshold, 0.4);
  const x = challenger.preprocessor.transform(patientColumns(validation.records));
  const served = scoreMatrix(bundle, x);
  const expected = scoreMatrix({ ...bundle, ensemble: challenger.model.bestEnsemble }, x);
  assert.deepEqual(Array.from(served), Array.from(expected), 'the stored model is the best prefix');
  const archive = (await store.get(`stroke/${version}/model.tar.gz`)).body;
  assert.deepEqual(unpackModelArtifact(archive), (await store.get(`stroke/${version}/xgboost-model`)).body, 'model.tar.gz holds the same xgboost-model, ready for CreateModel');
});
