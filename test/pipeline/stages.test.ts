/**
 * A notebook opened before the ones it reads from says, in its first cell, which notebooks to run
 * first and how (issue 15 item 3). The oracles are the real writers: what 01 (a silver Delta
 * commit at SILVER_TABLE_PATH), 02 (writeGold at 'stroke') and 03 (a promotion recorded by the
 * registry) leave behind must satisfy the next notebook's check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { requireEarlierStages, StageOrderError, STAGE_NOTEBOOKS, type StageStores } from '../../shared/pipeline/stages';
import { ExplainedError } from '../../shared/core/notebook/step';
import { writeDeltaTable } from '../../shared/core/lake/delta';
import { SILVER_TABLE_PATH } from '../../shared/pipeline/table-paths';
import { writeGold } from '../../shared/core/lake/gold';
import { currentChampion, decidePromotion, recordDecision } from '../../shared/pipeline/model-store/model-registry';
import { silverTable } from '../gold/silver-fixture';

const emptyStores = (): StageStores => ({
  silver: new MemoryObjectStore('s3://silver-data'),
  gold: new MemoryObjectStore('s3://gold-data'),
  models: new MemoryObjectStore('s3://model-artifacts'),
});

const table = silverTable({
  id: [1, 2, 3, 4],
  gender: ['Male', 'Female', 'Male', 'Female'],
  age: [40, 50, 60, 70],
  bmi: [22, null, 30, 27],
  avg_glucose_level: [90, 100, 110, 200],
  stroke: [0, 0, 1, 0],
});

/** What notebook `n` (1-based) leaves behind, written by the pipeline's own writers. */
async function runStage(stores: StageStores, n: 1 | 2 | 3): Promise<void> {
  if (n === 1) await writeDeltaTable(stores.silver, SILVER_TABLE_PATH, table, { mode: 'overwrite' });
  if (n === 2) await writeGold(stores.gold, 'stroke', table, { rowsPerPart: 2 });
  if (n === 3) {
    const holdout = { averagePrecision: 0.3, rocAuc: 0.8, brier: 0.04, flagged: 0.1 };
    const decision = decidePromotion({
      champion: null,
      challenger: { version: 'v20250101120000', holdout },
      baseRate: 0.05,
      now: new Date(),
    });
    assert.equal(decision.promoted, true, decision.explanation);
    await recordDecision(stores.models, decision);
    assert.equal(await currentChampion(stores.models), 'v20250101120000');
  }
}

async function refusal(stores: StageStores, notebook: (typeof STAGE_NOTEBOOKS)[number]): Promise<StageOrderError> {
  const error = await requireEarlierStages(stores, notebook).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof StageOrderError, `${notebook}: expected a StageOrderError, got ${String(error)}`);
  assert.ok(error instanceof ExplainedError, 'shown without a JavaScript stack');
  return error;
}

test('02 opened before 01 says: run 01_data_engineering.ipynb first, and how', async () => {
  const error = await refusal(emptyStores(), '02_exploratory_data_analysis');
  assert.deepEqual(error.runFirst, ['01_data_engineering']);
  assert.equal(
    error.message,
    '02_exploratory_data_analysis reads the silver Delta table (s3://silver-data/stroke/, from 01_data_engineering), ' +
      'not written yet. Run 01_data_engineering.ipynb first: open it and Run All, or in a terminal: ' +
      'npm run pipeline -- 01. Then run this notebook again from the top.',
  );
});

test('each notebook, opened on an empty store, names every notebook before it, in order', async () => {
  assert.deepEqual((await refusal(emptyStores(), '03_modeling')).runFirst, [
    '01_data_engineering',
    '02_exploratory_data_analysis',
  ]);
  const error = await refusal(emptyStores(), '04_deployment_and_monitoring');
  assert.deepEqual(error.runFirst, ['01_data_engineering', '02_exploratory_data_analysis', '03_modeling']);
  assert.match(
    error.message,
    /Run 01_data_engineering\.ipynb, 02_exploratory_data_analysis\.ipynb and 03_modeling\.ipynb first, in this order/,
  );
  assert.match(error.message, /npm run pipeline -- 01 02 03\./);
  assert.match(
    error.message,
    /the registered model \(s3:\/\/model-artifacts\/stroke\/latest\.json, from 03_modeling\)/,
  );
  await requireEarlierStages(emptyStores(), '01_data_engineering');
});

test('after each stage ran, the next notebook passes and the one after names only what is missing', async () => {
  const stores = emptyStores();
  await runStage(stores, 1);
  await requireEarlierStages(stores, '02_exploratory_data_analysis');
  assert.deepEqual((await refusal(stores, '03_modeling')).runFirst, ['02_exploratory_data_analysis']);
  assert.deepEqual((await refusal(stores, '04_deployment_and_monitoring')).runFirst, [
    '02_exploratory_data_analysis',
    '03_modeling',
  ]);
  await runStage(stores, 2);
  await requireEarlierStages(stores, '03_modeling');
  const error = await refusal(stores, '04_deployment_and_monitoring');
  assert.deepEqual(error.runFirst, ['03_modeling']);
  assert.match(
    error.message,
    /Run 03_modeling\.ipynb first: open it and Run All, or in a terminal: npm run pipeline -- 03\./,
  );
  await runStage(stores, 3);
  await requireEarlierStages(stores, '04_deployment_and_monitoring');
});

test('a Delta log folder without a commit (a writer that died before committing) is no silver table', async () => {
  const stores = emptyStores();
  await stores.silver.put(`${SILVER_TABLE_PATH}/_delta_log/_commit_claims/00000000000000000000.json`, '{}');
  await stores.silver.put(`${SILVER_TABLE_PATH}/part-00000.snappy.parquet`, 'data without a commit');
  assert.deepEqual((await refusal(stores, '02_exploratory_data_analysis')).runFirst, ['01_data_engineering']);
});
