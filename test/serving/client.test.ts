import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { loadModelBundle, type ModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import { endpointSummary, startEndpoint, type Endpoint } from '../../shared/pipeline/serving/server';
import { invokeEach, pingEndpoint, scoreRecords, trafficDuring } from '../../shared/pipeline/serving/client';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import {
  drawPatients,
  patientRequest,
  storeVersion,
  trainVersion,
  transformRequests,
  type TrainedVersion,
} from './fixture-bundle';

let endpoint: Endpoint;
let first: TrainedVersion;
let secondBundle: ModelBundle;
const requests = drawPatients(30, 8).map(patientRequest);

const store = new MemoryObjectStore();

before(async () => {
  first = await trainVersion('one', { eta: 0.3, max_depth: 3 }, 6, 0.2);
  const second = await trainVersion('two', { eta: 0.1, max_depth: 2 }, 4, 0.2, 12);
  await storeVersion(store, second, false);
  await storeVersion(store, first);
  endpoint = await startEndpoint({ bundle: await loadModelBundle(store) });
  secondBundle = await loadModelBundle(store, { version: 'two' });
});

after(async () => {
  await endpoint.close();
});

test('scoreRecords returns the model probability of every record, in order, across batches', async () => {
  const x = transformRequests(first, requests);
  const expected = predictProba(parseXGBoostBinaryModel(first.modelBytes), x.matrix, x.rows, x.cols);
  const served = await scoreRecords(endpoint.url, requests, 7);
  assert.deepEqual(Array.from(served), Array.from(expected));
  await assert.rejects(scoreRecords(endpoint.url, [{ age: 'x' }]), /records 0\.\.99: HTTP 400/);
});

test('invokeEach answers every named request in order, a bad one with its 400 and the field it names', async () => {
  const answers = await invokeEach(endpoint.url, { good: requests[0], 'age as text': { ...requests[0], age: 'old' } });
  assert.deepEqual(
    answers.map((a) => [a.request, a.status]),
    [
      ['good', 200],
      ['age as text', 400],
    ],
  );
  assert.match(answers[0].answer, /"probability"/);
  assert.match(answers[1].answer, /age/);
});

test('endpointSummary describes what the endpoint serves and its /ping', async () => {
  const bundle = await loadModelBundle(store, { version: 'one' });
  assert.deepEqual(endpointSummary(endpoint.url, bundle, await pingEndpoint(endpoint.url)), {
    endpoint: endpoint.url,
    'model version': 'one',
    threshold: 0.2,
    features: first.preprocessor.featureNames.length,
    '/ping': 200,
  });
});

test('traffic during a model swap: no failure, both versions answered', async () => {
  const report = await trafficDuring(
    endpoint.url,
    requests,
    6,
    async () => {
      endpoint.swapModel(secondBundle);
    },
    200,
  );
  assert.equal(report.failures, 0);
  assert.ok((report.versions['one'] ?? 0) > 0 && (report.versions['two'] ?? 0) > 0, JSON.stringify(report.versions));
  assert.equal(report.requests, (report.versions['one'] ?? 0) + (report.versions['two'] ?? 0));
});

test(
  'an abort stops the traffic: the call rejects with an AbortError and no request is sent afterwards',
  { timeout: 20_000 },
  async () => {
    const controller = new AbortController();
    let swapped = false;
    const traffic = trafficDuring(
      endpoint.url,
      requests,
      4,
      async () => {
        swapped = true;
      },
      60_000,
      controller.signal,
    );
    const counted = endpoint.stats.requests;
    while (endpoint.stats.requests < counted + 8) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(traffic, { name: 'AbortError' });
    assert.equal(swapped, false, 'the action never ran: the traffic stopped during the first settle');
    const after = endpoint.stats.requests;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(endpoint.stats.requests, after, 'no caller kept sending');
  },
);
