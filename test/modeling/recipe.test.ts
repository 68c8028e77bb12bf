import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestF1Threshold } from '../../shared/core/metrics/classification';
import { writeModelArtifacts } from '../../shared/pipeline/model-store/artifacts';
import { evaluateSplit, gateScore } from '../../shared/pipeline/modeling/evaluation';
import {
  fitStrokeModel,
  fittedVersionMetrics,
  scoreColumns,
  versionRecord,
} from '../../shared/pipeline/modeling/recipe';
import { challengeOnHoldout, holdoutRows, patientColumns } from '../../shared/pipeline/modeling/retrain';
import { parseVersionMetrics, readVersionMetrics } from '../../shared/pipeline/modeling/version-metrics';
import { foldLinearLogit } from '../../shared/ml/xgboost/fold-calibration';
import { linearTrees } from '../../shared/ml/xgboost/linear-trees';
import { fitLogisticRegression } from '../../shared/ml/training/logistic-regression';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { decidePromotion, recordDecision } from '../../shared/pipeline/model-store/model-registry';
import { unpackModelArtifact } from '../../shared/pipeline/model-store/model-artifact';
import { loadModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import { scoreMatrix } from '../../shared/pipeline/serving/predict';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { patients } from './patients-fixture';

const train = patients(1500, 4);
const validation = patients(600, 5);
const holdout = patients(600, 6);
const columns = (p: ReturnType<typeof patients>) => ({ columns: patientColumns(p.records), labels: p.labels });
const fitted = fitStrokeModel(columns(train), columns(validation), {
  seed: 3,
  strategyRounds: 40,
  tuning: { trials: 2, parallel: 2, rounds: 40 },
  thresholdRule: { kind: 'best F1' },
});

test('the recipe calibrates on validation and takes its threshold from its own validation probabilities', async () => {
  const model = await fitted;
  const x = model.preprocessor.transform(patientColumns(validation.records));
  const p = predictProba(model.calibrated.ensemble, x.matrix, x.rows, x.cols);
  assert.equal(model.threshold, bestF1Threshold(validation.labels, p).threshold);
  const ratio = model.validation.meanPredictedOverObserved;
  assert.ok(Math.abs(ratio - 1) < 0.1, `calibrated in the large on validation (mean predicted / observed ${ratio})`);
  assert.ok(
    model.validation.brier.estimate < model.validation.constantBrier,
    'beats the constant predictor on validation',
  );
  assert.equal(model.params.base_score !== undefined, true, 'trained from the prevalence');
  // The served model: the booster's trees (unless the blend gives the regression all the weight) and the regression's.
  const xTrain = model.preprocessor.transform(patientColumns(train.records));
  const regressionTrees = linearTrees(fitLogisticRegression(xTrain, train.labels), xTrain).trees.length;
  const w = model.blend.weight;
  assert.equal(model.calibrated.ensemble.trees.length, (w < 1 ? model.trees : 0) + (w > 0 ? regressionTrees : 0));
});

test('a fitted version stored and promoted is what the endpoint serves: its model, its threshold, its typed record', async () => {
  const model = await fitted;
  const store = new MemoryObjectStore();
  const version = 'v20261203080000';
  const test = await evaluateSplit(
    holdout.labels,
    scoreColumns(model, patientColumns(holdout.records)),
    model.threshold,
    { seed: 3, iterations: 200 },
  );
  const metrics = fittedVersionMetrics(model, test, { version, reason: 'unit test', seed: 3 });
  await writeModelArtifacts(store, {
    version,
    modelBytes: model.calibrated.modelBytes,
    preprocessor: model.preprocessor,
    metrics,
  });
  await recordDecision(
    store,
    decidePromotion({
      champion: null,
      challenger: { version, holdout: gateScore(test) },
      baseRate: holdout.labels.reduce((a, b) => a + b, 0) / holdout.labels.length,
      now: new Date(),
    }),
  );
  const bundle = await loadModelBundle(store);
  assert.equal(bundle.version, version);
  assert.equal(bundle.threshold, model.threshold);
  const x = model.preprocessor.transform(patientColumns(holdout.records));
  const served = scoreMatrix(bundle, x);
  const expected = scoreColumns(model, patientColumns(holdout.records));
  served.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `row ${i}`));
  assert.deepEqual(await readVersionMetrics(store, version), JSON.parse(JSON.stringify(metrics)));
  assert.deepEqual(
    unpackModelArtifact((await store.get(`stroke/${version}/model.tar.gz`)).body),
    model.calibrated.modelBytes,
  );
});

test('the promotion gate refuses a deliberately uncalibrated challenger, whatever its ranking', async () => {
  const model = await fitted;
  const x = model.preprocessor.transform(patientColumns(holdout.records));
  const champion = predictProba(model.calibrated.ensemble, x.matrix, x.rows, x.cols);
  // The same trees with every margin shifted up by 1.5: identical ranking, probabilities far too high.
  const shifted = foldLinearLogit(model.calibrated.ensemble, { slope: 1, intercept: 1.5 });
  const challenger = predictProba(shifted, x.matrix, x.rows, x.cols);
  const baseRate = holdout.labels.reduce((a, b) => a + b, 0) / holdout.labels.length;
  const decision = decidePromotion({
    champion: {
      version: 'v1',
      holdout: gateScore(await evaluateSplit(holdout.labels, champion, model.threshold, { seed: 3, iterations: 100 })),
    },
    challenger: {
      version: 'v2',
      holdout: gateScore(
        await evaluateSplit(holdout.labels, challenger, model.threshold, { seed: 3, iterations: 100 }),
      ),
    },
    baseRate,
    now: new Date(),
    rules: { minimumApGain: -1, maximumBrierIncrease: 0.001, maximumFlaggedOverBaseRate: 5 },
  });
  assert.equal(decision.promoted, false);
  assert.ok(
    decision.refusals.some((r) => /worse calibrated/.test(r)),
    decision.explanation,
  );
});

test('a metrics record missing a field is refused, naming the file and the field', async () => {
  const model = await fitted;
  const record = JSON.parse(
    JSON.stringify(fittedVersionMetrics(model, model.validation, { version: 'v1', reason: 'x', seed: 1 })),
  );
  delete record.test.brier;
  assert.throws(
    () => parseVersionMetrics(record, 'stroke/v1/metrics.json'),
    /stroke\/v1\/metrics\.json: field 'test\.brier\.estimate' is missing; expected a number/,
  );
  assert.throws(
    () => parseVersionMetrics({ threshold: 0.2 }, 'old.json'),
    /old\.json: field 'schema' is missing; expected 1/,
  );
});

test('a version record is the metrics record and a card that states the data, its split and its features', async () => {
  const model = await fitted;
  const labels = Float64Array.from([...train.labels, ...validation.labels, ...holdout.labels]);
  const strokes = labels.filter((y) => y === 1).length;
  const context = {
    version: 'v1',
    reason: 'unit test',
    seed: 3,
    trainedAt: '2026-12-03T08:00:00.000Z',
    usefulness: 'useful at 5-20%',
    data: { source: 's3://gold-data/stroke', labels },
  };
  const { metrics, card } = versionRecord(model, model.validation, context);
  assert.deepEqual(
    metrics,
    fittedVersionMetrics(model, model.validation, { version: 'v1', reason: 'unit test', seed: 3 }),
  );
  assert.ok(card.includes(`2,700 patients from s3://gold-data/stroke, ${strokes} with a stroke`), card);
  assert.ok(card.includes('Split 60/20/20, stratified, seed 3.'), card);
  assert.ok(
    card.includes(
      `Features (${model.preprocessor.featureNames.length}): ${model.preprocessor.featureNames.join(', ')}.`,
    ),
    card,
  );
  assert.ok(card.includes('useful at 5-20%') && card.includes('trained 2026-12-03T08:00:00.000Z'), card);
});

test('champion and challenger are judged on one holdout, each through its own preprocessing and threshold', async () => {
  const model = await fitted;
  const store = new MemoryObjectStore();
  const metrics = fittedVersionMetrics(model, model.validation, { version: 'v1', reason: 'unit test', seed: 3 });
  await writeModelArtifacts(store, {
    version: 'v1',
    modelBytes: model.calibrated.modelBytes,
    preprocessor: model.preprocessor,
    metrics,
  });
  const champion = { ...(await loadModelBundle(store, { version: 'v1' })), threshold: 0.5 };
  const result = await challengeOnHoldout(champion, model, columns(holdout), { seed: 3 });
  const p = scoreColumns(model, patientColumns(holdout.records));
  const served = scoreMatrix(champion, champion.preprocessor.transform(patientColumns(holdout.records)));
  assert.deepEqual(result.evaluations.champion, await evaluateSplit(holdout.labels, served, 0.5, { seed: 3 }));
  assert.deepEqual(result.evaluations.challenger, await evaluateSplit(holdout.labels, p, model.threshold, { seed: 3 }));
  assert.deepEqual(result.gate.challenger, gateScore(result.evaluations.challenger));
  assert.equal(result.baseRate, holdout.labels.filter((y) => y === 1).length / holdout.labels.length);
});

test('the holdout table has one row per model, each at its own threshold', async () => {
  const age = Float64Array.from(holdout.records, (r) => Number(r.age) / 100);
  const evaluations = {
    champion: await evaluateSplit(holdout.labels, age, 0.5, { seed: 3, iterations: 50 }),
    challenger: await evaluateSplit(
      holdout.labels,
      age.map((p) => p / 2),
      0.3,
      { seed: 3, iterations: 50 },
    ),
  };
  const rows = holdoutRows(evaluations);
  assert.deepEqual(
    rows.map((r) => [r.model, r.threshold]),
    [
      ['champion', 0.5],
      ['challenger', 0.3],
    ],
  );
  const c = evaluations.challenger;
  assert.deepEqual(rows[1], {
    model: 'challenger',
    'AUC-PR': c.averagePrecision.estimate,
    Brier: c.brier.estimate,
    'constant Brier': c.constantBrier,
    'log loss': c.logLoss,
    'calibration slope': c.calibrationSlope,
    threshold: 0.3,
    flagged: c.atThreshold.flagged,
    recall: c.atThreshold.recall,
  });
  assert.equal(rows[0]['AUC-PR'], rows[1]['AUC-PR'], 'halving every score keeps the ranking');
});
