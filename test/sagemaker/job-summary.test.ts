import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchTransformRow, trainingJobRows, tuningResultRow } from '../../shared/aws/job-summary';
import type { TrainingJobResult } from '../../shared/aws/training-job';

const JOB: TrainingJobResult = {
  jobName: 'stroke-xgboost-7',
  backend: 'local',
  modelArtifact: 'memory://models/training/stroke-xgboost-7/output/model.tar.gz',
  modelArtifactKey: 'training/stroke-xgboost-7/output/model.tar.gz',
  metrics: { 'validation:aucpr': 0.21 },
  hyperparameters: { eta: '0.1' },
};

const channel = (split: string, rows: number) => ({
  rows: rows,
  cols: 17,
  csv: { key: `c/${split}/data.csv`, uri: `memory://gold/c/${split}/data.csv` },
  libsvm: { key: `c/${split}/data.libsvm`, uri: `memory://gold/c/${split}/data.libsvm` },
});

test('the training job row comes first, then one row per channel with its shape and CSV', () => {
  const rows = trainingJobRows(JOB, { train: channel('train', 3066), validation: channel('validation', 1022) });
  assert.deepEqual(rows, [
    { job: 'stroke-xgboost-7', backend: 'local', artifact: JOB.modelArtifact, 'validation:aucpr': 0.21 },
    { job: 'channel train', backend: '3066 × 17', artifact: 'memory://gold/c/train/data.csv', 'validation:aucpr': '' },
    {
      job: 'channel validation',
      backend: '1022 × 17',
      artifact: 'memory://gold/c/validation/data.csv',
      'validation:aucpr': '',
    },
  ]);
  assert.equal(trainingJobRows({ ...JOB, metrics: {} }, {})[0]['validation:aucpr'], '');
});

test('the tuning row puts the best trial beside the local best, then its settings and job counts', () => {
  const row = tuningResultRow(
    {
      tuningJobName: 'hpo-7',
      bestObjectiveValue: 0.24,
      bestHyperparameters: { eta: '0.05', max_depth: '4' },
      best: { ...JOB, jobName: 'hpo-7-003' },
      trainingJobCounts: { Completed: 11, Failed: 1 },
    },
    0.22,
  );
  assert.deepEqual(row, {
    'tuning job': 'hpo-7',
    'best job': 'hpo-7-003',
    'validation:aucpr': 0.24,
    'local search best': 0.22,
    eta: '0.05',
    max_depth: '4',
    Completed: 11,
    Failed: 1,
  });
});

test('the batch transform row counts the scores and lists each cleanup outcome', () => {
  const row = batchTransformRow(
    {
      jobName: 't-7',
      outputUri: 's3://gold/stroke/batch-transform/t-7',
      scores: new Float64Array(4),
      modelCleanup: [
        { kind: 'endpoint', name: '', outcome: 'not-created' },
        { kind: 'model', name: 't-7-model', outcome: 'deleted' },
      ],
    },
    3e-9,
  );
  assert.deepEqual(row, {
    job: 't-7',
    output: 's3://gold/stroke/batch-transform/t-7',
    rows: 4,
    'max |difference| vs local': 3e-9,
    'model cleanup': 'endpoint: not-created, model: deleted',
  });
});
