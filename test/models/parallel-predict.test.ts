/**
 * Scoring and TreeSHAP on worker threads must equal the sequential functions bit for bit,
 * however the rows are split, on XGBoost's models and on random trees with NaN rows.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  predictMarginParallel,
  predictProbaParallel,
  shapValuesParallel,
  splitRows,
} from '../../shared/ml/xgboost/parallel-predict';
import { predictMargin, predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { WorkerPool } from '../../shared/core/parallel/worker-pool';
import { firstBitDifference, randomEnsemble, randomRows } from './random-trees';
import { readGolden, readModelBytes } from './xgb-fixtures';

const pool = new WorkerPool({ size: 2 });
after(() => pool.close());

const golden = readGolden();
const python = parseXGBoostBinaryModel(readModelBytes('python-model.bin'));
const random = randomEnsemble(41, [6, 2, 11, 4, 0, 8], golden.cols);
const x = randomRows(42, 2003, golden.cols, 0.1);

describe('parallel scoring equals predictMargin / predictProba bit for bit', () => {
  for (const [name, ensemble] of [
    ['python-trained model', python],
    ['random trees incl. one deeper than the padded limit', random],
  ] as const) {
    test(`${name}: margins and probabilities, rows split over 2 workers in 6 ranges`, async () => {
      const margins = await predictMarginParallel(ensemble, x, 2003, golden.cols, { pool, minRowsPerTask: 100 });
      assert.equal(firstBitDifference(margins, predictMargin(ensemble, x, 2003, golden.cols)), -1);
      const proba = await predictProbaParallel(ensemble, x, 2003, golden.cols, { pool, minRowsPerTask: 100 });
      assert.equal(firstBitDifference(proba, predictProba(ensemble, x, 2003, golden.cols)), -1);
      assert.equal(pool.workerCount, 2, 'both workers took part');
    });
  }

  test('golden rows (NaN, -1, exact thresholds) with a tree limit, and in float32', async () => {
    const options = { pool, minRowsPerTask: 50, treeLimit: 7 };
    const limited = await predictMarginParallel(python, golden.features, golden.rows, golden.cols, options);
    assert.equal(
      firstBitDifference(limited, predictMargin(python, golden.features, golden.rows, golden.cols, { treeLimit: 7 })),
      -1,
    );
    const from32 = await predictProbaParallel(python, Float32Array.from(golden.features), golden.rows, golden.cols, {
      pool,
      minRowsPerTask: 50,
    });
    assert.equal(firstBitDifference(from32, predictProba(python, golden.features, golden.rows, golden.cols)), -1);
  });

  test('small inputs are computed on the calling thread with the same result', async () => {
    const before = pool.workerCount;
    const small = new WorkerPool({ size: 1 });
    const proba = await predictProbaParallel(python, x.subarray(0, 10 * golden.cols), 10, golden.cols, { pool: small });
    assert.equal(small.workerCount, 0, 'no worker was started');
    await small.close();
    assert.equal(firstBitDifference(proba, predictProba(python, x.subarray(0, 10 * golden.cols), 10, golden.cols)), -1);
    assert.equal(pool.workerCount, before);
  });

  test('bad input rejects with the sequential messages', async () => {
    await assert.rejects(
      predictMarginParallel(python, x, 2003, golden.cols + 1, { pool }),
      /expected rows x cols = 2003 x 9/,
    );
    await assert.rejects(
      predictMarginParallel(python, x, 2003, golden.cols, { pool, treeLimit: 999 }),
      /treeLimit must be an integer in \[0, \d+\], got 999/,
    );
    await assert.rejects(
      predictMarginParallel(python, x, 2003, golden.cols, { pool, workers: 0 }),
      /workers must be a positive integer, got 0/,
    );
    await assert.rejects(
      predictProbaParallel({ ...python, objective: 'reg:squarederror' }, x, 2003, golden.cols, { pool }),
      /predictProba needs a binary:logistic/,
    );
  });
});

describe('parallel TreeSHAP equals shapValues bit for bit', () => {
  for (const [name, ensemble] of [
    ['python-trained model', python],
    ['random trees incl. one walked recursively', random],
  ] as const) {
    test(name, async () => {
      const rows = 300;
      const part = x.subarray(0, rows * golden.cols);
      const parallel = await shapValuesParallel(ensemble, part, rows, golden.cols, { pool, minRowsPerTask: 16 });
      assert.equal(firstBitDifference(parallel, shapValues(ensemble, part, rows, golden.cols)), -1);
    });
  }
});

test('an abort mid-way rejects SHAP and scoring with an AbortError and leaves no worker busy', async () => {
  const controller = new AbortController();
  const shap = shapValuesParallel(python, x, 2003, golden.cols, {
    pool,
    minRowsPerTask: 10,
    signal: controller.signal,
  });
  controller.abort();
  await assert.rejects(shap, { name: 'AbortError' });
  assert.equal(pool.busyCount, 0);
  await assert.rejects(
    predictProbaParallel(python, x, 2003, golden.cols, { pool, minRowsPerTask: 100, signal: controller.signal }),
    { name: 'AbortError' },
  );
  const again = await shapValuesParallel(python, x, 2003, golden.cols, { pool, minRowsPerTask: 100 });
  assert.equal(
    firstBitDifference(again, shapValues(python, x, 2003, golden.cols)),
    -1,
    'the pool still works after the abort',
  );
});

test('splitRows covers every row once in near-equal ranges', () => {
  assert.deepEqual(splitRows(10, 3), [
    [0, 3],
    [3, 6],
    [6, 10],
  ]);
  assert.deepEqual(splitRows(2, 5), [
    [0, 1],
    [1, 2],
  ]);
  assert.deepEqual(splitRows(0, 4), [[0, 0]]);
});
