import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  driftReport,
  driftRows,
  driftVerdict,
  type FeatureSample,
} from '../../shared/pipeline/monitoring/drift-report';
import { psi, linfDistance } from '../../shared/pipeline/monitoring/drift-stats';
import {
  driftedCopy,
  featureSample,
  readCapturedRecords,
  type PatientRecord,
} from '../../shared/pipeline/monitoring/traffic';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { Random } from '../../shared/core/util/random';

function patients(n: number, seed: number): PatientRecord[] {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => items[random.int(items.length)];
  return Array.from({ length: n }, () => ({
    age: Math.round(random.uniform(1, 82) * 100) / 100,
    avg_glucose_level: Math.round(random.uniform(55, 200) * 100) / 100,
    bmi: Math.round(random.normal(28.9, 7) * 10) / 10,
    gender: pick(['Male', 'Female']),
    work_type: pick(['Private', 'Self-employed', 'Govt_job']),
    residence_type: pick(['Urban', 'Rural']),
    smoking_status: pick(['never smoked', 'Unknown', 'formerly smoked', 'smokes']),
    hypertension: random.bernoulli(0.1) ? 1 : 0,
    heart_disease: random.bernoulli(0.05) ? 1 : 0,
    ever_married: random.bernoulli(0.65) ? 1 : 0,
  }));
}

test('a window drawn like the baseline is not flagged; the drifted window is, on the shifted features', () => {
  const baseline = featureSample(patients(4000, 1));
  const clean = driftReport(baseline, featureSample(patients(600, 2)));
  assert.equal(clean.datasetDrift, false, JSON.stringify(clean.driftedFeatures));
  assert.deepEqual(clean.driftedFeatures, []);
  const drifted = driftReport(baseline, featureSample(driftedCopy(patients(600, 2), 3)));
  assert.equal(drifted.datasetDrift, true);
  assert.deepEqual([...drifted.driftedFeatures].sort(), ['age', 'avg_glucose_level', 'smoking_status']);
  assert.equal(drifted.currentRows, 600);
  assert.equal(drifted.baselineRows, 4000);
});

test('the reported statistics are the drift functions applied to the same data', () => {
  const base = featureSample(patients(1000, 4));
  const current = featureSample(driftedCopy(patients(300, 5), 6));
  const report = driftReport(base, current);
  const age = report.features.find((f) => f.feature === 'age');
  assert.equal(age?.psi, psi(base.numeric.age, current.numeric.age, { bins: 10 }).value);
  const smoking = report.features.find((f) => f.feature === 'smoking_status');
  const count = (values: ArrayLike<string>) => {
    const m = new Map<string, number>();
    for (let i = 0; i < values.length; i++) m.set(values[i], (m.get(values[i]) ?? 0) + 1);
    return m;
  };
  assert.equal(
    smoking?.linf,
    linfDistance(count(base.categorical.smoking_status), count(current.categorical.smoking_status)),
  );
  assert.ok((smoking?.test.pValue ?? 1) < 1e-6, 'chi-square sees the smoking shift');
});

test('a missing feature and a non-numeric value are refused by name', () => {
  const base = featureSample(patients(50, 7));
  const current: FeatureSample = { numeric: { ...base.numeric }, categorical: {} };
  assert.throws(() => driftReport(base, current), /no categorical feature "gender"/);
  assert.throws(() => featureSample([{ ...patients(1, 8)[0], age: 'old' }]), /record 0 has age="old"/);
});

test('captured JSON requests are read back as records; CSV captures are counted but carry no fields', async () => {
  const store = new MemoryObjectStore();
  const sent = patients(3, 9);
  const line = (type: string, data: string) =>
    JSON.stringify({
      captureData: { endpointInput: { observedContentType: type, mode: 'INPUT', data, encoding: 'JSON' } },
      eventMetadata: { eventId: 'e', inferenceTime: 't' },
      eventVersion: '0',
    });
  await store.put(
    'capture/ep/AllTraffic/2026/11/26/07/a.jsonl',
    [line('application/json', JSON.stringify(sent.slice(0, 2))), line('text/csv', '1,2,3')].join('\n') + '\n',
  );
  await store.put(
    'capture/ep/AllTraffic/2026/11/26/08/b.jsonl',
    line('application/json', JSON.stringify(sent[2])) + '\n',
  );
  const read = await readCapturedRecords(store, 'capture/ep/');
  assert.deepEqual(read.records, sent);
  assert.equal(read.events, 3);
  assert.equal(read.files, 2);
  const later = await readCapturedRecords(store, 'capture/ep/', { exclude: new Set(read.keys.slice(0, 1)) });
  assert.deepEqual(later.records, sent.slice(2), 'an earlier window is skipped by key');
  await store.put('capture/ep/AllTraffic/2026/11/26/09/c.jsonl', '{"nope":1}\n');
  await assert.rejects(readCapturedRecords(store, 'capture/ep/'), /c\.jsonl line 1: not a capture record/);
});

test('the drift table has a row per feature saying why it drifted, and the verdict counts the drifted features', () => {
  const baseline = featureSample(patients(2000, 1));
  const clean = driftReport(baseline, featureSample(patients(400, 2)));
  const drifted = driftReport(baseline, featureSample(driftedCopy(patients(400, 2), 3)));
  assert.equal(driftVerdict(clean), 'no drift (0 of 10 features)');
  assert.equal(driftVerdict(drifted), 'DRIFT (3 of 10 features)');
  const rows = driftRows(drifted);
  assert.deepEqual(
    rows.map((r) => r.feature),
    drifted.features.map((f) => f.feature),
  );
  const age = rows.find((r) => r.feature === 'age');
  const ageDrift = drifted.features.find((f) => f.feature === 'age');
  assert.deepEqual(age, {
    feature: 'age',
    PSI: ageDrift?.psi,
    'L∞': ageDrift?.linf,
    'Jensen-Shannon': ageDrift?.jensenShannon,
    test: 'ks',
    'p-value': ageDrift?.test.pValue,
    drifted: `yes: ${ageDrift?.reason}`,
  });
  assert.match(String(age?.drifted), /^yes: PSI/);
  const gender = rows.find((r) => r.feature === 'gender');
  assert.equal(gender?.test, 'chi-square');
  assert.equal(gender?.drifted, 'no');
});
