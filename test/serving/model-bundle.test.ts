import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { loadModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import {
  TrainedVersion,
  drawPatients,
  patientRequest,
  storeVersion,
  trainVersion,
  transformRequests,
} from './fixture-bundle';

let first: TrainedVersion;
let second: TrainedVersion;

before(async () => {
  first = await trainVersion('v20250101000000', { eta: 0.3, max_depth: 3 }, 6, 0.12);
  second = await trainVersion('v20250202000000', { eta: 0.3, max_depth: 2 }, 9, 0.3, 12);
});

async function storeWithBoth(): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore('memory://model-artifacts');
  await storeVersion(store, first);
  await storeVersion(store, second);
  return store;
}

test('latest (the default) follows latest.json; an explicit version loads that one', async () => {
  const store = await storeWithBoth();
  const latest = await loadModelBundle(store);
  assert.equal(latest.version, second.version);
  assert.equal(latest.threshold, 0.3);
  assert.deepEqual(latest.featureNames, second.preprocessor.featureNames);
  const older = await loadModelBundle(store, { version: first.version });
  assert.equal(older.version, first.version);
  assert.equal(older.threshold, 0.12);
  const x = transformRequests(first, drawPatients(10, 1).map(patientRequest));
  const want = predictProba(parseXGBoostBinaryModel(first.modelBytes), x.matrix, x.rows, x.cols);
  assert.deepEqual(predictProba(older.ensemble, x.matrix, x.rows, x.cols), want);
});

test('missing artifacts are named with their location', async () => {
  const empty = new MemoryObjectStore('memory://model-artifacts');
  await assert.rejects(
    loadModelBundle(empty),
    /latest model: missing memory:\/\/model-artifacts\/stroke\/latest\.json/,
  );
  const store = await storeWithBoth();
  await store.delete([`stroke/${second.version}/preprocessor.json`]);
  await assert.rejects(
    loadModelBundle(store),
    new RegExp(`missing memory://model-artifacts/stroke/${second.version}/preprocessor\\.json`),
  );
  await assert.rejects(
    loadModelBundle(store, { version: 'v1999' }),
    /missing memory:\/\/model-artifacts\/stroke\/v1999\/xgboost-model/,
  );
});

test('corrupt or inconsistent artifacts are refused, naming the file and the problem', async () => {
  const cases: { name: string; damage: (store: MemoryObjectStore, prefix: string) => Promise<void>; error: RegExp }[] =
    [
      {
        name: 'truncated model',
        damage: (s, p) => s.put(`${p}/xgboost-model`, first.modelBytes.slice(0, 40)),
        error: /xgboost-model is not a readable XGBoost binary model/,
      },
      {
        name: 'JSON model',
        damage: (s, p) => s.put(`${p}/xgboost-model`, '{"learner": {}}'),
        error: /xgboost-model is not a readable XGBoost binary model: .*JSON model format/,
      },
      {
        name: 'preprocessor not JSON',
        damage: (s, p) => s.put(`${p}/preprocessor.json`, '{oops'),
        error: /preprocessor\.json is not valid UTF-8 JSON/,
      },
      {
        name: 'preprocessor of another kind',
        damage: (s, p) => s.put(`${p}/preprocessor.json`, '{"kind": "scaler"}'),
        error: /preprocessor\.json is invalid: Preprocessor\.fromJSON: expected kind 'preprocessor'/,
      },
      {
        name: 'preprocessor of another width',
        damage: (s, p) =>
          s
            .put(`${p}/xgboost-model`, first.modelBytes)
            .then(() =>
              s.put(
                `${p}/preprocessor.json`,
                JSON.stringify({ ...second.preprocessor.toJSON(), passthrough: ['hypertension'] }),
              ),
            ),
        error: /preprocessor\.json produces \d+ features but xgboost-model was trained on \d+/,
      },
      {
        name: 'preprocessor reading an unservable column',
        damage: (s, p) =>
          s.put(
            `${p}/preprocessor.json`,
            JSON.stringify({
              ...second.preprocessor.toJSON(),
              passthrough: ['hypertension', 'heart_disease', 'ever_married', 'stroke'],
            }),
          ),
        error: /reads column\(s\) 'stroke' that a patient record cannot provide/,
      },
      {
        name: 'threshold missing',
        damage: (s, p) => s.put(`${p}/metrics.json`, '{"trees": 3}'),
        error: /metrics\.json field 'threshold' is missing; expected a number in \[0, 1\]/,
      },
      {
        name: 'threshold out of range',
        damage: (s, p) => s.put(`${p}/metrics.json`, '{"threshold": 1.5}'),
        error: /field 'threshold' is 1\.5/,
      },
      {
        name: 'latest.json without a version',
        damage: (s) => s.put('stroke/latest.json', '{"prefix": "stroke/x"}'),
        error: /stroke\/latest\.json field 'version' is missing/,
      },
      {
        name: 'latest.json escaping the root',
        damage: (s) => s.put('stroke/latest.json', '{"version": "../secrets"}'),
        error: /field 'version' is "\.\.\/secrets"/,
      },
    ];
  for (const c of cases) {
    const store = await storeWithBoth();
    await c.damage(store, `stroke/${second.version}`);
    await assert.rejects(loadModelBundle(store), c.error, c.name);
  }
});
