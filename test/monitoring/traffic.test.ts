import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureRows,
  sendWindows,
  simulatedStrokeLabels,
  trafficWindows,
  type PatientRecord,
} from '../../shared/pipeline/monitoring/traffic';
import { strokeProbability } from '../../shared/pipeline/data/synthetic';
import { scoreRecords } from '../../shared/pipeline/serving/client';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { goldOf, patients } from '../modeling/patients-fixture';
import { serveVersion, trainVersion } from '../serving/fixture-bundle';

test('two traffic windows: distinct gold rows, the clean one as gold has them, the drifted one older', () => {
  const { gold, records } = goldOf(patients(300, 2).records, patients(300, 2).labels);
  const { indices, sent } = trafficWindows(gold, 40, 7);
  assert.equal(indices.clean.length, 40);
  assert.equal(indices.drifted.length, 40);
  assert.equal(new Set([...indices.clean, ...indices.drifted]).size, 80, 'no row is in both windows');
  indices.clean.forEach((row, i) => assert.equal(sent.clean[i].age, records[row].age));
  indices.drifted.forEach((row, i) =>
    assert.equal(sent.drifted[i].age, Math.min(82, Number(records[row].age) + 15), `drifted row ${i}`),
  );
  assert.deepEqual(trafficWindows(gold, 40, 7), { indices, sent }, 'seeded');
  assert.notDeepEqual(trafficWindows(gold, 40, 8).indices, indices);
  assert.throws(() => trafficWindows(gold, gold.numRows, 7), /two windows of \d+ rows need/);
});

test('simulated outcomes follow the generator risk model: seeded, 0/1, at its mean rate', () => {
  const records: PatientRecord[] = Array.from({ length: 4000 }, (_, i) => ({
    age: 40 + (i % 40),
    hypertension: i % 3 === 0 ? 1 : 0,
    heart_disease: i % 7 === 0 ? 1 : 0,
    avg_glucose_level: 80 + (i % 100),
  }));
  const labels = simulatedStrokeLabels(records, 5);
  assert.deepEqual(labels, simulatedStrokeLabels(records, 5));
  assert.ok(labels.every((v) => v === 0 || v === 1));
  const expected =
    records.reduce(
      (sum, r) =>
        sum +
        strokeProbability({
          age: Number(r.age),
          hypertension: Number(r.hypertension),
          heartDisease: Number(r.heart_disease),
          avgGlucoseLevel: Number(r.avg_glucose_level),
        }),
      0,
    ) / records.length;
  const rate = labels.reduce((a, b) => a + b, 0) / labels.length;
  // 4 standard errors of a mean of 4000 Bernoulli draws.
  assert.ok(Math.abs(rate - expected) < 4 * Math.sqrt(expected / records.length), `${rate} vs ${expected}`);
});

test('windows sent through the endpoint come back from the capture, each its own, earlier requests in none', async () => {
  const monitoring = new MemoryObjectStore();
  const endpoint = await serveVersion(await trainVersion('v1', { eta: 0.3, max_depth: 3 }, 6, 0.1), {
    capture: { store: monitoring, prefix: 'capture', samplingPercentage: 100, endpointName: 'e', flushIntervalMs: 0 },
  });
  try {
    const all = patients(25, 3).records;
    await scoreRecords(endpoint.url, all.slice(20)); // before the windows: belongs to neither
    const sent = { first: all.slice(0, 12), second: all.slice(12, 20) };
    const { scores, captured } = await sendWindows(endpoint, sent, { store: monitoring, prefix: 'capture/' });
    assert.deepEqual(captured.first.records, sent.first);
    assert.deepEqual(captured.second.records, sent.second);
    assert.deepEqual(scores.first, await scoreRecords(endpoint.url, sent.first));
    assert.equal(scores.second.length, 8);
    assert.deepEqual(captureRows(captured), [
      { window: 'first', 'records captured': 12, 'capture files': captured.first.files, events: captured.first.events },
      {
        window: 'second',
        'records captured': 8,
        'capture files': captured.second.files,
        events: captured.second.events,
      },
    ]);
    assert.ok(captured.first.files >= 1 && captured.first.events >= 1);
    assert.deepEqual(
      captured.first.keys.filter((key) => captured.second.keys.includes(key)),
      [],
      'no capture file counts for both windows',
    );
  } finally {
    await endpoint.close();
  }
});
