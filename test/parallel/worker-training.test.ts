/** trainBoosterInWorker on a persistent pool: the same model and engine as training in-process, workers reused, errors named. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { trainLocalBooster } from '../../shared/ml/training/local-booster';
import { trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { WorkerPool } from '../../shared/core/parallel/worker-pool';
import { trainBoosterInWorker } from '../../shared/ml/training/worker-training';
import { readTrainingData } from '../models/xgb-fixtures';

describe('trainBoosterInWorker on a pool', () => {
  const pool = new WorkerPool({ size: 1 });
  after(() => pool.close());
  const data = readTrainingData();
  const features = { data: data.train, rows: data.trainRows, cols: data.cols };
  const params = { objective: 'binary:logistic' as const, eta: 0.3, max_depth: 3, seed: 5 };

  test('trains the same model bytes as trainBooster in-process, job after job on one reused worker', async () => {
    const direct = await trainBooster(features, data.labels, params, 12);
    const first = await trainBoosterInWorker(features, data.labels, params, 12, { pool });
    const second = await trainBoosterInWorker(features, data.labels, { ...params, max_depth: 2 }, 12, { pool });
    assert.deepEqual(first.modelBytes, direct);
    assert.equal(first.engine, 'wasm-xgboost');
    assert.match(first.reason, /tree_method is not set/);
    assert.deepEqual(second.modelBytes, await trainBooster(features, data.labels, { ...params, max_depth: 2 }, 12));
    assert.ok(first.trainingMs > 0 && second.trainingMs > 0);
    assert.equal(pool.workerCount, 1, 'the second job ran on the worker the first one started');
  });

  test('hist parameters train on the hist booster in the worker: the bytes of in-process trainLocalBooster', async () => {
    const hist = { ...params, tree_method: 'hist' as const, subsample: 0.8, colsample_bytree: 0.8, max_bin: 32 };
    const inProcess = await trainLocalBooster(features, data.labels, hist, 12);
    assert.equal(inProcess.engine, 'hist-booster');
    const inWorker = await trainBoosterInWorker(features, data.labels, hist, 12, { pool });
    assert.equal(inWorker.engine, 'hist-booster');
    assert.deepEqual(inWorker.modelBytes, inProcess.modelBytes);
    assert.notDeepEqual(
      inWorker.modelBytes,
      await trainBooster(features, data.labels, hist, 12),
      'not the wasm engine',
    );
  });

  test("a job's error names the problem and leaves the pool usable", async () => {
    const badLabels = Float32Array.from(data.labels, (y, i) => (i === 4 ? 2 : y));
    await assert.rejects(
      trainBoosterInWorker(features, badLabels, params, 3, { pool }),
      /local training failed: label at row 4 is 2; objective binary:logistic needs labels in \[0, 1\]/,
    );
    const after = await trainBoosterInWorker(features, data.labels, params, 3, { pool });
    assert.ok(after.modelBytes.length > 0);
  });
});
