/**
 * chooseLocalEngine's routing table and trainLocalBooster's wiring. Oracles: the two engines
 * called directly (trainHistBooster with the parameters mapped by hand, trainBooster with the
 * parameters as given), whose bytes trainLocalBooster must reproduce exactly.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { chooseLocalEngine, trainLocalBooster } from '../../shared/ml/training/local-booster';
import type { XGBoostParams } from '../../shared/ml/xgboost/xgboost-params';
import { trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { WorkerPool } from '../../shared/core/parallel/worker-pool';
import { Random } from '../../shared/core/util/random';

const HIST: XGBoostParams = { objective: 'binary:logistic', tree_method: 'hist' };

describe('chooseLocalEngine', () => {
  test('hist with binary:logistic and only hist-booster parameters (or their no-op values) goes to the hist booster', () => {
    const accepted: XGBoostParams[] = [
      { tree_method: 'hist' },
      HIST,
      {
        ...HIST,
        eta: 0.1,
        max_depth: 4,
        min_child_weight: 2,
        lambda: 2,
        gamma: 0.5,
        subsample: 0.8,
        colsample_bytree: 0.7,
        scale_pos_weight: 19,
        max_bin: 256,
        seed: 3,
      },
      {
        ...HIST,
        alpha: 0,
        max_delta_step: 0,
        colsample_bylevel: 1,
        grow_policy: 'depthwise',
        base_score: 0.5,
        max_leaves: 0,
      },
      { ...HIST, alpha: undefined, max_bin: 16 },
      { ...HIST, base_score: 0.049 },
    ];
    for (const params of accepted) {
      const choice = chooseLocalEngine(params);
      assert.equal(choice.engine, 'hist-booster', `${JSON.stringify(params)}: ${choice.reason}`);
      assert.match(choice.reason, /hist/);
    }
  });

  test('anything else goes to the wasm engine, the reason naming the parameter and its value', () => {
    const rejected: Array<[XGBoostParams, RegExp]> = [
      [{ objective: 'binary:logistic' }, /tree_method is not set/],
      [{ ...HIST, tree_method: 'exact' }, /tree_method is exact/],
      [{ ...HIST, tree_method: 'approx' }, /tree_method is approx/],
      [{ ...HIST, objective: 'reg:logistic' }, /objective is reg:logistic/],
      [{ ...HIST, objective: 'binary:logitraw' }, /objective is binary:logitraw/],
      [{ ...HIST, objective: 'reg:squarederror' }, /objective is reg:squarederror/],
      [{ ...HIST, alpha: 0.5 }, /alpha is 0\.5.*alpha = 0/],
      [{ ...HIST, max_delta_step: 1 }, /max_delta_step is 1.*max_delta_step = 0/],
      [{ ...HIST, colsample_bylevel: 0.5 }, /colsample_bylevel is 0\.5.*colsample_bylevel = 1/],
      [{ ...HIST, grow_policy: 'lossguide' }, /grow_policy is "lossguide".*grow_policy = "depthwise"/],
      [{ ...HIST, max_leaves: 8 }, /max_leaves is 8.*max_leaves = 0/],
      [{ ...HIST, max_bin: 257 }, /max_bin is 257.*at most 256/],
      [{ ...HIST, nthread: 2 } as XGBoostParams, /parameter nthread is not one the TypeScript hist booster implements/],
    ];
    for (const [params, reason] of rejected) {
      const choice = chooseLocalEngine(params);
      assert.equal(choice.engine, 'wasm-xgboost', JSON.stringify(params));
      assert.match(choice.reason, reason);
    }
  });

  test('the first offending parameter in name order decides the reason', () => {
    assert.match(chooseLocalEngine({ ...HIST, max_leaves: 4, alpha: 1 }).reason, /^alpha/);
  });
});

/** 1,500 rows: a nonlinear signal in features 0-2, noise in 3, ~8 % missing in feature 1, some exact -1s. */
function synthetic(seed: number): { matrix: { data: Float64Array; rows: number; cols: number }; labels: Float32Array } {
  const rows = 1500;
  const cols = 4;
  const random = new Random(seed);
  const data = new Float64Array(rows * cols);
  const labels = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = random.normal();
    const x = data.subarray(r * cols, (r + 1) * cols);
    labels[r] = random.bernoulli(1 / (1 + Math.exp(-(1.5 * x[0] - x[1] * x[1] + (x[2] > 0.3 ? 1 : -0.5))))) ? 1 : 0;
    if (random.bernoulli(0.08)) x[1] = NaN;
    if (random.bernoulli(0.02)) x[3] = -1;
  }
  return { matrix: { data, rows, cols }, labels };
}

describe('trainLocalBooster', () => {
  const { matrix, labels } = synthetic(21);
  const pool = new WorkerPool({ size: 2 });
  after(() => pool.close());

  test('hist parameters train on the hist booster: the bytes of trainHistBooster with the mapped parameters, on any worker count', async () => {
    // The hist booster's parameters; alpha 0 and depthwise are no-ops there, base_score 0.5 its default.
    const mapped = {
      eta: 0.2,
      max_depth: 4,
      min_child_weight: 2,
      subsample: 0.8,
      colsample_bytree: 0.75,
      scale_pos_weight: 3,
      max_bin: 64,
      seed: 9,
    };
    const params: XGBoostParams = { ...HIST, ...mapped, alpha: 0, base_score: 0.5, grow_policy: 'depthwise' };
    const direct = await trainHistBooster(matrix, labels, mapped, 12);
    const local = await trainLocalBooster(matrix, labels, params, 12);
    assert.equal(local.engine, 'hist-booster');
    assert.deepEqual(local.modelBytes, direct.modelBytes);

    const onPool = await trainLocalBooster(matrix, labels, params, 12, { workers: 2, pool });
    assert.deepEqual(onPool.modelBytes, direct.modelBytes);
    await assert.rejects(
      trainLocalBooster(matrix, labels, params, 1, { workers: 0 }),
      /workers must be a positive integer, got 0/,
      'workers reach the hist booster',
    );
    assert.notDeepEqual(
      local.modelBytes,
      await trainBooster(matrix, labels, params, 12),
      'not the wasm engine under another name',
    );
  });

  test('exact parameters, and hist ones the hist booster cannot honour, train on the wasm engine: trainBooster bytes', async () => {
    const exact: XGBoostParams = { objective: 'binary:logistic', eta: 0.3, max_depth: 3, subsample: 0.9, seed: 4 };
    const histWithAlpha: XGBoostParams = { ...HIST, eta: 0.3, max_depth: 3, alpha: 0.5, seed: 4 };
    for (const params of [exact, histWithAlpha]) {
      const local = await trainLocalBooster(matrix, labels, params, 8, { workers: 2, pool });
      assert.equal(local.engine, 'wasm-xgboost');
      assert.deepEqual(local.modelBytes, await trainBooster(matrix, labels, params, 8));
    }
  });

  test('a bad value is rejected by the chosen engine, naming the parameter', async () => {
    await assert.rejects(
      trainLocalBooster(matrix, labels, { ...HIST, eta: -1 }, 2),
      /XGBoost parameter eta must be a number in \[0, Infinity\]; got -1/,
    );
    await assert.rejects(
      trainLocalBooster(matrix, labels, { eta: -1 }, 2),
      /XGBoost parameter eta must be a number in \[0, Infinity\]; got -1/,
    );
    const badLabels = Float32Array.from(labels, (y, i) => (i === 7 ? 2 : y));
    await assert.rejects(trainLocalBooster(matrix, badLabels, HIST, 2), /label at row 7 is 2/);
  });
});
