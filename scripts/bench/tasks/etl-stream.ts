/**
 * The 10M-row ETL in bounded memory. `buildSilverTable` keeps every silver batch until MICE has
 * run (about 1 KB per row with the strings: far over budget at 10M rows), so this streams twice:
 *   pass 1: runEtl over the file, keeping only the 4 MICE columns (4 × 8 bytes per row),
 *           then the MICE fit; afterwards only the imputed bmi column is kept;
 *   pass 2: runEtl again, each batch gets its imputed bmi + flag and goes straight into the
 *           partitioned Delta writer, which flushes a Parquet file every 250k rows per partition.
 * Re-parsing the CSV costs time; it is what keeps the peak at a few hundred MB.
 */
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeVector, Table } from 'apache-arrow';
import { iterativeImpute } from '../../../shared/etl/mice';
import { runEtl } from '../../../shared/etl/run-etl';
import { toArrowTable } from '../../../shared/etl/silver-arrow';
import { silverColumnsFor, SILVER_TABLE_PATH } from '../../../shared/etl/silver-job';
import { GENDER_LABELS } from '../../../shared/etl/silver-imputation';
import type { SilverBatch } from '../../../shared/etl/transform';
import { writeDeltaTable } from '../../../shared/lake/delta';
import { FsObjectStore } from '../../../shared/storage/fs-store';
import type { ObjectStore } from '../../../shared/storage/object-store';
import { median, ratePerSecond } from '../../../shared/bench/stats';
import { msSince, peakRssBytes, timeRuns } from '../../../shared/bench/timing';
import type { Measurement, RepeatConfig } from '../task-protocol';

export interface EtlStreamConfig extends RepeatConfig {
  csv: string;
  /** Data rows in the file (an upper bound on valid rows; sizes the MICE columns). */
  rows: number;
}

const BATCH_ROWS = 65_536;
const ROWS_PER_FILE = 250_000;

async function* silverBatches(csv: string): AsyncGenerator<SilverBatch, void, undefined> {
  for await (const event of runEtl(createReadStream(csv, { highWaterMark: 1 << 20 }), { fileName: path.basename(csv), batchSize: BATCH_ROWS })) {
    if (event.kind === 'batch') yield event.batch;
  }
}

/** Pass 1: the MICE inputs of every valid row, then the completed bmi column. */
async function imputedBmiColumn(csv: string, capacity: number): Promise<{ bmi: Float64Array; rows: number; missing: number }> {
  const gender = new Float64Array(capacity);
  const age = new Float64Array(capacity);
  const glucose = new Float64Array(capacity);
  const bmi = new Float64Array(capacity);
  let rows = 0;
  let missing = 0;
  for await (const batch of silverBatches(csv)) {
    if (rows + batch.length > capacity) throw new Error(`${csv}: more than the expected ${capacity} valid rows`);
    for (let i = 0; i < batch.length; i++, rows++) {
      const code = (GENDER_LABELS as readonly string[]).indexOf(batch.gender[i]);
      if (code < 0) throw new Error(`${csv} line ${batch.source_line[i]}: gender ${JSON.stringify(batch.gender[i])} is not one of ${GENDER_LABELS.join(', ')}`);
      gender[rows] = code;
      age[rows] = batch.age[i];
      glucose[rows] = batch.avg_glucose_level[i];
      const present = batch.present.bmi[i] === 1;
      bmi[rows] = present ? batch.bmi[i] : NaN;
      if (!present) missing++;
    }
  }
  const result = iterativeImpute([gender.subarray(0, rows), age.subarray(0, rows), glucose.subarray(0, rows), bmi.subarray(0, rows)], { inPlace: true });
  return { bmi: result.columns[3], rows, missing };
}

/** Pass 2: silver batches with bmi completed (rounded to 2 decimals like imputeSilverBmi) and flagged. */
async function* completedTables(csv: string, imputedBmi: Float64Array): AsyncGenerator<Table, void, undefined> {
  const columns = silverColumnsFor('pii');
  let offset = 0;
  for await (const batch of silverBatches(csv)) {
    const flag = new Int32Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      if (batch.present.bmi[i] === 1) continue;
      batch.bmi[i] = Math.round(imputedBmi[offset + i] * 100) / 100;
      batch.present.bmi[i] = 1;
      flag[i] = 1;
    }
    offset += batch.length;
    yield toArrowTable(batch).assign(new Table({ bmi_imputed: makeVector(flag) })).select(columns);
  }
}

export interface StreamSilverResult {
  rows: number;
  missing: number;
  filesAdded: number;
  passOneMs: number;
  peakRssAfterPassOneBytes: number;
}

/** Both passes: the silver Delta table of `csv` written to `store` in bounded memory. */
export async function streamSilverToDelta(csv: string, capacity: number, store: ObjectStore): Promise<StreamSilverResult> {
  const started = process.hrtime.bigint();
  const imputed = await imputedBmiColumn(csv, capacity);
  const passOneMs = msSince(started);
  const peakRssAfterPassOneBytes = peakRssBytes();
  const written = await writeDeltaTable(store, SILVER_TABLE_PATH, completedTables(csv, imputed.bmi), {
    mode: 'overwrite',
    partitionBy: ['admission_year_month'],
    targetRowsPerFile: ROWS_PER_FILE,
  });
  if (written.rowsWritten !== imputed.rows) throw new Error(`${csv}: pass 2 wrote ${written.rowsWritten} rows, pass 1 imputed ${imputed.rows}`);
  return { rows: imputed.rows, missing: imputed.missing, filesAdded: written.filesAdded, passOneMs, peakRssAfterPassOneBytes };
}

export async function runEtlStreamTask(config: EtlStreamConfig): Promise<Measurement[]> {
  let last: StreamSilverResult | undefined;
  const samplesMs = await timeRuns(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-etl-stream-'));
    try {
      last = await streamSilverToDelta(config.csv, config.rows, new FsObjectStore(root));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, config);
  const result = last as StreamSilverResult;
  return [{
    label: '',
    samplesMs,
    details: {
      rowsValid: result.rows,
      bmiImputed: result.missing,
      parquetFiles: result.filesAdded,
      rowsPerSecond: Math.round(ratePerSecond(result.rows, median(samplesMs))),
      passOneMs: Math.round(result.passOneMs),
      peakRssAfterPassOneBytes: result.peakRssAfterPassOneBytes,
    },
  }];
}
