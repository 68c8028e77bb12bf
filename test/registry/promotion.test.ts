import { test } from 'node:test';
import assert from 'node:assert/strict';
import { submitVersion } from '../../shared/pipeline/model-store/promotion';
import { currentChampion, listVersions } from '../../shared/pipeline/model-store/model-registry';
import type { ModelArtifacts } from '../../shared/pipeline/model-store/artifacts';
import { evaluateSplit, gateScore } from '../../shared/pipeline/modeling/evaluation';
import { METRICS_SCHEMA, readVersionMetrics } from '../../shared/pipeline/modeling/version-metrics';
import { patientColumns } from '../../shared/pipeline/modeling/retrain';
import { DEFAULT_FEATURES } from '../../shared/pipeline/modeling/dataset';
import { fitPreprocessor } from '../../shared/ml/data/preprocess';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { patients } from '../modeling/patients-fixture';

const holdout = patients(400, 8);
const baseRate = holdout.labels.reduce((a, b) => a + b, 0) / holdout.labels.length;
const preprocessor = fitPreprocessor(patientColumns(holdout.records), DEFAULT_FEATURES);

/** A version whose holdout probabilities are `scores`; its booster bytes are only stored, never parsed here. */
async function artifacts(version: string, scores: Float64Array): Promise<ModelArtifacts> {
  const test = await evaluateSplit(holdout.labels, scores, 0.2, { seed: 1, iterations: 50 });
  return {
    version,
    modelBytes: Uint8Array.from([1, 2, 3]),
    preprocessor,
    metrics: {
      schema: METRICS_SCHEMA,
      version,
      reason: `test ${version}`,
      seed: 1,
      imbalanceStrategy: 'none',
      params: {},
      trees: 1,
      threshold: 0.2,
      thresholdRule: { kind: 'best F1' },
      calibration: { method: 'none', slope: 1, intercept: 0 },
      crossValidation: { folds: 5, averagePrecisionMean: 0, averagePrecisionSd: 0, rounds: 1 },
      validation: test,
      test,
    },
  };
}

// The age risk the labels were drawn from (a good model), and the same ranking pushed towards 0.5 (worse on Brier).
const risk = Float64Array.from(holdout.records, (r) => 1 / (1 + Math.exp(-(0.08 * Number(r.age) - 6))));
const blurred = risk.map((p) => 0.5 * p + 0.25);

test('a first version is stored, registered and, with no champion, promoted: the pointer names it', async () => {
  const store = new MemoryObjectStore();
  const first = await artifacts('v20261201000000', risk);
  const now = new Date('2026-12-01T00:00:00Z');
  const holdoutScore = gateScore(first.metrics.test);
  const submitted = await submitVersion(store, first, 's3://gold-data/stroke (train split)', {
    holdout: holdoutScore,
    champion: null,
    baseRate,
    now,
  });
  assert.equal(submitted.prefix, 'stroke/v20261201000000');
  assert.deepEqual(submitted.objects.map((o) => o.key.slice(submitted.prefix.length + 1)).sort(), [
    'metrics.json',
    'model.tar.gz',
    'preprocessor.json',
    'xgboost-model',
  ]);
  assert.equal(submitted.objects.find((o) => o.key.endsWith('/xgboost-model'))?.bytes, 3);
  assert.equal(submitted.previousChampion, null);
  assert.equal(submitted.decision.promoted, true, submitted.decision.explanation);
  assert.equal(submitted.decision.decidedAt, now.toISOString());
  assert.deepEqual(submitted.decision.evidence.challenger, holdoutScore);
  assert.equal(await currentChampion(store), first.version);
  assert.deepEqual(await readVersionMetrics(store, first.version), JSON.parse(JSON.stringify(first.metrics)));
  const [registered] = await listVersions(store);
  assert.equal(registered.registeredAt, now.toISOString());
  assert.equal(registered.trainingData, 's3://gold-data/stroke (train split)');
  assert.deepEqual(
    submitted.decisions.map((d) => d.challenger),
    [first.version],
  );
});

test('a challenger worse than the champion is stored and registered but refused; every decision is returned', async () => {
  const store = new MemoryObjectStore();
  const champion = await artifacts('v20261201000000', risk);
  const championScore = gateScore(champion.metrics.test);
  await submitVersion(store, champion, 'gold', {
    holdout: championScore,
    champion: null,
    baseRate,
    now: new Date('2026-12-01T00:00:00Z'),
  });
  const challenger = await artifacts('v20261202000000-retrained', blurred);
  const submitted = await submitVersion(store, challenger, 'gold + new patients', {
    holdout: gateScore(challenger.metrics.test),
    champion: { version: champion.version, holdout: championScore },
    baseRate,
    now: new Date('2026-12-02T00:00:00Z'),
  });
  assert.equal(submitted.previousChampion, champion.version);
  assert.equal(submitted.decision.promoted, false);
  assert.match(submitted.decision.explanation, /v20261201000000 stays champion/);
  assert.equal(await currentChampion(store), champion.version, 'a refusal leaves the pointer');
  assert.deepEqual(
    (await listVersions(store)).map((v) => v.version),
    [champion.version, challenger.version],
    'the refused version is still registered',
  );
  assert.deepEqual(
    submitted.decisions.map((d) => [d.challenger, d.promoted]),
    [
      [champion.version, true],
      [challenger.version, false],
    ],
  );
});
