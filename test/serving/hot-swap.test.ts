/**
 * Promotion swaps the model of a running endpoint: under ~20 concurrent clients, several swaps
 * in two seconds must fail no request, and every answer must be entirely one model's answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { loadModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import { Endpoint, startEndpoint } from '../../shared/pipeline/serving/server';
import {
  PatientRequest,
  TrainedVersion,
  drawPatients,
  patientRequest,
  storeVersion,
  trainVersion,
  transformRequests,
} from './fixture-bundle';

const BATCH = 4;
let store: MemoryObjectStore;
let versions: TrainedVersion[];
let endpoint: Endpoint;
const batches: PatientRequest[][] = [];
/** expected[version][batch] = the probabilities that version gives the batch. */
const expected = new Map<string, number[][]>();

before(async () => {
  versions = [
    await trainVersion('vA', { eta: 0.3, max_depth: 3 }, 10, 0.1, 11),
    await trainVersion('vB', { eta: 0.1, max_depth: 2 }, 25, 0.2, 12),
  ];
  store = new MemoryObjectStore();
  for (const v of versions) await storeVersion(store, v, v.version === 'vA');
  const requests = drawPatients(BATCH * 25, 77).map(patientRequest);
  for (let i = 0; i < requests.length; i += BATCH) batches.push(requests.slice(i, i + BATCH));
  for (const v of versions) {
    const ensemble = parseXGBoostBinaryModel(v.modelBytes);
    expected.set(
      v.version,
      batches.map((batch) => {
        const x = transformRequests(v, batch);
        return Array.from(predictProba(ensemble, x.matrix, x.rows, x.cols));
      }),
    );
  }
  const differs = batches.some((_, b) => expected.get('vA')?.[b].join() !== expected.get('vB')?.[b].join());
  assert.ok(differs, 'the two models answer differently, so a mix-up would show');
  endpoint = await startEndpoint({ bundle: await loadModelBundle(store) });
});

after(async () => {
  await endpoint.close();
});

async function promote(version: string): Promise<void> {
  await store.put('stroke/latest.json', JSON.stringify({ version, prefix: `stroke/${version}` }));
  endpoint.swapModel(await loadModelBundle(store, { version: 'latest' }));
}

test('20 clients for 2 s while the model is swapped every 150 ms: zero failures, no mixed answers', async () => {
  const failures: string[] = [];
  const answeredBy = new Map<string, number>();
  let stop = false;
  const client = async (id: number): Promise<void> => {
    for (let n = 0; !stop; n++) {
      const b = (id * 7 + n) % batches.length;
      try {
        const response = await fetch(`${endpoint.url}/invocations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batches[b]),
        });
        const text = await response.text();
        const version = response.headers.get('x-model-version') ?? '?';
        const want = expected.get(version);
        if (response.status !== 200 || want === undefined) {
          failures.push(`client ${id}: ${response.status} from ${version}: ${text}`);
          continue;
        }
        const got = (JSON.parse(text) as { predictions: { probability: number }[] }).predictions.map(
          (p) => p.probability,
        );
        if (got.join() !== want[b].join())
          failures.push(`client ${id} batch ${b}: answer is not entirely ${version}'s`);
        answeredBy.set(version, (answeredBy.get(version) ?? 0) + 1);
      } catch (error) {
        failures.push(`client ${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const clients = Array.from({ length: 20 }, (_, id) => client(id));
  const started = Date.now();
  let swaps = 0;
  while (Date.now() - started < 2000) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await promote(swaps % 2 === 0 ? 'vB' : 'vA');
    swaps++;
  }
  stop = true;
  await Promise.all(clients);
  assert.deepEqual(failures.slice(0, 5), []);
  assert.ok(swaps >= 8, `swapped ${swaps} times`);
  assert.equal(endpoint.stats.swaps, swaps);
  assert.ok(
    (answeredBy.get('vA') ?? 0) > 20 && (answeredBy.get('vB') ?? 0) > 20,
    `both models served: ${JSON.stringify([...answeredBy])}`,
  );
  assert.equal(
    endpoint.stats.byStatus['200'],
    [...answeredBy.values()].reduce((a, b) => a + b, 0),
  );
});

test('a request keeps the model it started with when a swap lands while its body is still arriving', async () => {
  await promote('vA');
  const body = JSON.stringify(batches[3]);
  const answer = new Promise<{ version: string; text: string }>((resolve, reject) => {
    const request = http.request(
      `${endpoint.url}/invocations`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ version: String(response.headers['x-model-version']), text }));
      },
    );
    request.on('error', reject);
    request.write(body.slice(0, 20));
    // Let the server see the request start, swap, then finish the body.
    setTimeout(() => {
      promote('vB').then(() => request.end(body.slice(20)), reject);
    }, 100);
  });
  const { version, text } = await answer;
  assert.equal(version, 'vA');
  const got = (JSON.parse(text) as { predictions: { probability: number }[] }).predictions.map((p) => p.probability);
  assert.deepEqual(got, expected.get('vA')?.[3]);
  assert.equal(
    (await fetch(`${endpoint.url}/ping`)).headers.get('x-model-version'),
    'vB',
    'the next request gets the new model',
  );
});

test('swapModel refuses something that is not a bundle and keeps serving the current one', async () => {
  assert.throws(() => endpoint.swapModel({} as never), /expected a ModelBundle/);
  assert.equal((await fetch(`${endpoint.url}/ping`)).status, 200);
});
