/**
 * The silver build in bounded memory, for inputs too large to hold: `buildSilverTable` keeps every
 * silver batch as JavaScript values until MICE has run (about 1 KB per row with the strings). Here
 * the raw CSV is read once:
 *   pass 1: the streaming ETL; each batch is spilled as an Arrow table to a local temporary file
 *           (about 100 bytes per row) and MICE's 4 columns (32 bytes per row) are kept, then fitted;
 *   pass 2: the spilled batches are read back, get their imputed BMI and flag, and go straight into
 *           the Delta writer, which flushes a Parquet file every `rowsPerFile` rows per partition.
 * Same rows, same columns, same imputed values as `buildSilverTable` (tested). The spill is deleted
 * when the build ends, failed or not.
 */
import { Float64, makeData, makeVector, RecordBatch, Struct, Table } from 'apache-arrow';
import type { ByteSource } from '../../core/csv/csv-reader';
import { writeDeltaTable, type WriteDeltaResult } from '../../core/lake/delta';
import { TableSpill } from '../../core/lake/table-spill';
import type { ObjectStore } from '../../core/storage/object-store';
import { iterativeImpute } from '../../ml/impute/mice';
import { runEtl, type EtlSummary } from './run-etl';
import { toArrowTable } from './silver-arrow';
import { genderCode, storedBmi } from './silver-imputation';
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
  /** Where the spill folder is made (default: the system's temporary folder). */
  spillDirectory?: string;
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
  spill: TableSpill,
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
    spill.append(toArrowTable(batch));
  }
  if (etl === undefined) throw new Error(`${options.fileName}: the ETL ended without a summary`);
  const used = columns.map((c) => c.subarray(0, rows));
  const filled = imputed > 0 ? iterativeImpute(used, { inPlace: true }).columns[3] : used[3];
  return { bmi: filled, rows, imputed, etl };
}

/** A spilled batch with its missing BMI filled (rounded to 2 decimals, as buildSilverTable does) and flagged. */
function completedBatch(batch: RecordBatch, imputedBmi: Float64Array, offset: number, columns: string[]): Table {
  const at = batch.schema.fields.findIndex((f) => f.name === 'bmi');
  const bmi = batch.data.children[at];
  const values = new Float64Array(batch.numRows);
  values.set((bmi.values as Float64Array).subarray(bmi.offset, bmi.offset + batch.numRows));
  const flag = new Int32Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    if (bmi.getValid(i)) continue;
    values[i] = storedBmi(imputedBmi[offset + i]);
    flag[i] = 1;
  }
  const children = batch.data.children.slice();
  children[at] = makeData({ type: new Float64(), length: batch.numRows, nullCount: 0, data: values });
  const data = makeData({ type: new Struct(batch.schema.fields), length: batch.numRows, nullCount: 0, children });
  return new Table([new RecordBatch(batch.schema, data)])
    .assign(new Table({ bmi_imputed: makeVector(flag) }))
    .select(columns);
}

function* completedTables(
  spill: TableSpill,
  imputedBmi: Float64Array,
  columns: string[],
): Generator<Table, void, undefined> {
  let offset = 0;
  for (const table of spill.tables()) {
    for (const batch of table.batches) {
      yield completedBatch(batch, imputedBmi, offset, columns);
      offset += batch.numRows;
    }
  }
}

/** Reads `source` once, spilling its silver batches (see above); committed as one overwrite. */
export async function streamSilverToDelta(
  source: ByteSource,
  store: ObjectStore,
  options: StreamSilverOptions,
): Promise<StreamSilverResult> {
  const spill = TableSpill.create(options.spillDirectory, 'stroke-silver-');
  try {
    const first = await imputeFirstPass(source, options, spill);
    options.onFirstPassDone?.();
    const variant = first.etl.variant;
    const write = await writeDeltaTable(
      store,
      options.tablePath ?? SILVER_TABLE_PATH,
      completedTables(spill, first.bmi, silverColumnsFor(variant)),
      {
        mode: 'overwrite',
        partitionBy: variant === 'pii' ? ['admission_year_month'] : [],
        overwriteSchema: true,
        targetRowsPerFile: options.rowsPerFile ?? 250_000,
      },
    );
    return { etl: first.etl, rows: first.rows, imputed: first.imputed, write };
  } finally {
    spill.remove();
  }
}
