/**
 * The silver build in bounded memory, for inputs too large to hold: `buildSilverTable` keeps every
 * silver batch until MICE has run (about 1 KB per row with the strings), so this reads the raw
 * CSV twice:
 *   pass 1: the streaming ETL, keeping only MICE's 4 columns (32 bytes per row), then the fit;
 *   pass 2: the ETL again; each batch gets its imputed BMI and flag and goes straight into the
 *           Delta writer, which flushes a Parquet file every `rowsPerFile` rows per partition.
 * Same rows, same columns, same imputed values as `buildSilverTable` (tested); 10M rows peak at
 * about 1.35 GiB (`npm run bench -- --only etl-10m`).
 */
import { makeVector, Table } from 'apache-arrow';
import type { ByteSource } from '../../core/csv/csv-reader';
import { writeDeltaTable, type WriteDeltaResult } from '../../core/lake/delta';
import type { ObjectStore } from '../../core/storage/object-store';
import { iterativeImpute } from '../../ml/impute/mice';
import { runEtl, type EtlSummary } from './run-etl';
import { toArrowTable } from './silver-arrow';
import { genderCode } from './silver-imputation';
import { silverColumnsFor } from './silver-job';
import { SILVER_TABLE_PATH } from '../table-paths';
import type { SilverBatch } from './transform';

export interface StreamSilverOptions {
  fileName: string;
  /** An upper bound on the data rows (sizes the MICE columns). */
  maxRows: number;
  tablePath?: string;
  rowsPerFile?: number;
  batchRows?: number;
  /** Called between the passes (benchmarks read time and memory there). */
  onFirstPassDone?: () => void;
}

export interface StreamSilverResult {
  etl: EtlSummary;
  rows: number;
  imputed: number;
  write: WriteDeltaResult;
}

async function* batchesOf(
  source: ByteSource,
  options: StreamSilverOptions,
  summary?: (s: EtlSummary) => void,
): AsyncGenerator<SilverBatch, void, undefined> {
  for await (const event of runEtl(source, { fileName: options.fileName, batchSize: options.batchRows ?? 65_536 })) {
    if (event.kind === 'batch') yield event.batch;
    else summary?.(event.summary);
  }
}

async function imputeFirstPass(
  source: ByteSource,
  options: StreamSilverOptions,
): Promise<{ bmi: Float64Array; rows: number; imputed: number; etl: EtlSummary }> {
  const columns = [0, 1, 2, 3].map(() => new Float64Array(options.maxRows));
  const [gender, age, glucose, bmi] = columns;
  let rows = 0;
  let imputed = 0;
  let etl: EtlSummary | undefined;
  for await (const batch of batchesOf(source, options, (s) => (etl = s))) {
    if (rows + batch.length > options.maxRows)
      throw new Error(`${options.fileName}: more than the expected ${options.maxRows} valid rows`);
    for (let i = 0; i < batch.length; i++, rows++) {
      gender[rows] = genderCode(batch.gender[i], batch.source_line[i]);
      age[rows] = batch.age[i];
      glucose[rows] = batch.avg_glucose_level[i];
      const present = batch.present.bmi[i] === 1;
      bmi[rows] = present ? batch.bmi[i] : NaN;
      if (!present) imputed++;
    }
  }
  if (etl === undefined) throw new Error(`${options.fileName}: the ETL ended without a summary`);
  const used = columns.map((c) => c.subarray(0, rows));
  const filled = imputed > 0 ? iterativeImpute(used, { inPlace: true }).columns[3] : used[3];
  return { bmi: filled, rows, imputed, etl };
}

async function* completedTables(
  source: ByteSource,
  options: StreamSilverOptions,
  imputedBmi: Float64Array,
  columns: string[],
): AsyncGenerator<Table, void, undefined> {
  let offset = 0;
  for await (const batch of batchesOf(source, options)) {
    const flag = new Int32Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      if (batch.present.bmi[i] === 1) continue;
      batch.bmi[i] = Math.round(imputedBmi[offset + i] * 100) / 100;
      batch.present.bmi[i] = 1;
      flag[i] = 1;
    }
    offset += batch.length;
    yield toArrowTable(batch)
      .assign(new Table({ bmi_imputed: makeVector(flag) }))
      .select(columns);
  }
}

/** Both passes over `open()` (called twice: a file or object stream), committed as one overwrite. */
export async function streamSilverToDelta(
  open: () => ByteSource,
  store: ObjectStore,
  options: StreamSilverOptions,
): Promise<StreamSilverResult> {
  const first = await imputeFirstPass(open(), options);
  options.onFirstPassDone?.();
  const variant = first.etl.variant;
  const write = await writeDeltaTable(
    store,
    options.tablePath ?? SILVER_TABLE_PATH,
    completedTables(open(), options, first.bmi, silverColumnsFor(variant)),
    {
      mode: 'overwrite',
      partitionBy: variant === 'pii' ? ['admission_year_month'] : [],
      overwriteSchema: true,
      targetRowsPerFile: options.rowsPerFile ?? 250_000,
    },
  );
  if (write.rowsWritten !== first.rows)
    throw new Error(
      `${options.fileName}: pass 2 wrote ${write.rowsWritten} rows, pass 1 read ${first.rows} valid rows (did the input change between passes?)`,
    );
  return { etl: first.etl, rows: first.rows, imputed: first.imputed, write };
}
