/**
 * The local backend end to end on a MemoryObjectStore: channels written as CSV, training in a
 * worker thread, model.tar.gz at SageMaker's key. Oracles: the same booster trained directly in
 * this thread (byte-identical model), the wasm engine's own predictor, and average precision
 * computed here from its definition.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTarGz } from '../../shared/core/archive/tar';
import { loadConfig } from '../../shared/pipeline/config';
import type { FeatureMatrix } from '../../shared/ml/data/preprocess';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { predictWithWasm, trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { writeChannels } from '../../shared/aws/channels';
import { Estimator } from '../../shared/aws/estimator';
import { runLocalTrainingJob } from '../../shared/aws/local-training';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ObjectExistsError } from '../../shared/core/storage/object-store';
import { Random } from '../../shared/core/util/random';

const COLS = 5;

function synthetic(random: Random, rows: number): { features: FeatureMatrix; labels: Float64Array } {
  const matrix = new Float64Array(rows * COLS);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < COLS; c++) matrix[r * COLS + c] = random.bernoulli(0.05) ? NaN : random.normal(0, 1);
    const x0 = Number.isNaN(matrix[r * COLS]) ? 0 : matrix[r * COLS];
    const x1 = Number.isNaN(matrix[r * COLS + 1]) ? 0 : matrix[r * COLS + 1];
    labels[r] = random.bernoulli(1 / (1 + Math.exp(-(1.5 * x0 - x1 - 1.5)))) ? 1 : 0;
  }
  return { features: { matrix, rows, cols: COLS }, labels };
}

/** Average precision from its definition: Σ over distinct thresholds (high to low) of ΔRecall · Precision. */
function averagePrecisionByDefinition(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const distinct = Array.from(new Set(Array.from(scores))).sort((a, b) => b - a);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  let ap = 0;
  let previousRecall = 0;
  for (const threshold of distinct) {
    let tp = 0;
    let predicted = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] >= threshold) {
        predicted += 1;
        tp += labels[i];
      }
    }
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / predicted);
    previousRecall = recall;
  }
  return ap;
}

const HYPERPARAMETERS = { num_round: 15, eta: '0.3', max_depth: 3, subsample: 0.8, seed: 11 };

async function setup() {
  const random = new Random(2024);
  const store = new MemoryObjectStore('memory://stroke');
  const splits = { train: synthetic(random, 600), validation: synthetic(random, 250), test: synthetic(random, 50) };
  const written = await writeChannels(store, 'gold/sagemaker', splits);
  const channels = {
    train: { store, prefix: written.train.csv.key },
    validation: { store, prefix: written.validation.csv.key },
  };
  const estimator = new Estimator({
    config: loadConfig({ STROKE_TARGET: 'local' }),
    hyperparameters: HYPERPARAMETERS,
    outputPath: { store, prefix: 'models/training' },
    jobNamePrefix: 'stroke-local',
  });
  return { store, splits, channels, estimator };
}

describe('local backend', () => {
  test('fit trains in a worker and leaves model.tar.gz with xgboost-model equal to a direct trainBooster run', async () => {
    const { store, splits, channels, estimator } = await setup();
    assert.equal(estimator.backend, 'local');
    const result = await estimator.fit(channels);
    assert.match(result.jobName, /^stroke-local-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}(-\d+)?$/);
    assert.equal(result.modelArtifactKey, `models/training/${result.jobName}/output/model.tar.gz`);
    assert.equal(result.modelArtifact, `memory://stroke/models/training/${result.jobName}/output/model.tar.gz`);
    assert.deepEqual(
      (await store.list('models/')).map((o) => o.key),
      [result.modelArtifactKey],
    );

    const entries = readTarGz((await store.get(result.modelArtifactKey)).body);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['xgboost-model'],
    );
    const ensemble = parseXGBoostBinaryModel(entries[0].body);
    assert.equal(ensemble.trees.length, HYPERPARAMETERS.num_round);

    const { train, validation } = splits;
    const direct = await trainBooster(
      { data: train.features.matrix, rows: train.features.rows, cols: COLS },
      Float32Array.from(train.labels),
      { objective: 'binary:logistic', eta: 0.3, max_depth: 3, subsample: 0.8, seed: 11 },
      HYPERPARAMETERS.num_round,
    );
    assert.deepEqual(entries[0].body, direct);

    const wasmScores = await predictWithWasm(direct, validation.features.matrix, validation.features.rows, COLS);
    const expected = averagePrecisionByDefinition(validation.labels, wasmScores);
    assert.ok(expected > 0.3 && expected < 1, `sanity: the synthetic signal is learnable (AP ${expected})`);
    assert.ok(
      Math.abs(result.metrics['validation:aucpr'] - expected) < 1e-12,
      `${result.metrics['validation:aucpr']} vs ${expected}`,
    );
    assert.deepEqual(Object.keys(result.metrics), ['validation:aucpr']);
    assert.equal(result.hyperparameters.num_round, '15');
  });

  test('tree_method=hist trains on the TypeScript hist booster, says so, and stores its bytes', async () => {
    const { store, splits, channels } = await setup();
    const result = await runLocalTrainingJob({
      jobName: 'stroke-hist',
      hyperparameters: { ...HYPERPARAMETERS, tree_method: 'hist' },
      channels,
      output: { store, prefix: 'models/hist' },
    });
    assert.equal(result.engine, 'hist-booster');
    assert.match(result.engineReason, /tree_method hist/);
    const { train } = splits;
    const direct = await trainHistBooster(
      { data: train.features.matrix, rows: train.features.rows, cols: COLS },
      Float32Array.from(train.labels),
      { eta: 0.3, max_depth: 3, subsample: 0.8, seed: 11 },
      HYPERPARAMETERS.num_round,
    );
    assert.deepEqual(result.modelBytes, direct.modelBytes);
    assert.deepEqual(readTarGz((await store.get(result.modelArtifactKey)).body)[0].body, direct.modelBytes);

    const exact = await runLocalTrainingJob({
      jobName: 'stroke-exact',
      hyperparameters: HYPERPARAMETERS,
      channels,
      output: { store, prefix: 'models/exact' },
    });
    assert.equal(exact.engine, 'wasm-xgboost');
    assert.match(exact.engineReason, /tree_method is not set/);
  });

  test('a reused job name is refused instead of overwriting the artifact', async () => {
    const { channels, estimator } = await setup();
    await estimator.fit(channels, { jobName: 'stroke-fixed' });
    await assert.rejects(
      estimator.fit(channels, { jobName: 'stroke-fixed' }),
      (e: unknown) => e instanceof ObjectExistsError,
    );
  });

  test('errors name the channel, the worker failure or the setting', async () => {
    const { store, channels, estimator } = await setup();
    await assert.rejects(
      estimator.fit({ train: { store, prefix: 'gold/missing/data.csv' }, validation: channels.validation }),
      /train channel memory:\/\/stroke\/gold\/missing\/data.csv: no data objects under this prefix/,
    );
    await store.put('bad/train.csv', '0,1,2,3,4,5\n2,1,2,3,4,5\n');
    await assert.rejects(
      estimator.fit({ train: { store, prefix: 'bad/train.csv' }, validation: channels.validation }),
      /local training failed: label at row 1 is 2; objective binary:logistic needs labels in \[0, 1\]/,
    );
    await store.put('bad/validation.csv', '0,1,2,3,4,5\n0,1,2,3,4,5\n');
    await assert.rejects(
      estimator.fit({ train: channels.train, validation: { store, prefix: 'bad/validation.csv' } }),
      /validation channel: no positive label/,
    );
    const unsupported = new Estimator({
      config: loadConfig({ STROKE_TARGET: 'local' }),
      hyperparameters: { num_round: 5, booster: 'gblinear' },
      outputPath: { store, prefix: 'models' },
    });
    await assert.rejects(unsupported.fit(channels), /hyperparameter booster is not supported by the local backend/);
  });
});
