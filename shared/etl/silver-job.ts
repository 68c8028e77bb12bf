/**
 * Raw object → silver Delta table: typed ETL with validation, quarantine object, MICE BMI,
 * then an overwrite commit (re-running on the same input yields the same rows, never doubles).
 */
import { makeVector, Table } from 'apache-arrow';
import type { ObjectStore } from '../storage/object-store';
import { writeDeltaTable, type WriteDeltaResult } from '../lake/delta';
import { collectEtl, type EtlSummary, type QuarantineEntry } from './run-etl';
import { imputeSilverBmi, type BmiImputationSummary } from './silver-imputation';
import { tableFromBatches } from './silver-arrow';
import { SILVER_FIELDS, type Variant } from './schema';

export const SILVER_TABLE_PATH = 'stroke';
export const QUARANTINE_PREFIX = 'stroke/quarantine';

export interface SilverBuild {
  table: Table;
  variant: Variant;
  etl: EtlSummary;
  imputation: BmiImputationSummary;
  partitionBy: string[];
}

/** Columns that carry no information in a variant (all null) are left out of its silver table. */
export function silverColumnsFor(variant: Variant): string[] {
  const absent = variant === 'original' ? ['admission_date', 'admission_year_month'] : ['id'];
  const columns = SILVER_FIELDS.map((f) => f.name as string).filter((name) => !absent.includes(name));
  columns.splice(columns.indexOf('bmi') + 1, 0, 'bmi_imputed');
  return columns;
}

export async function buildSilverTable(rawCsv: Uint8Array, fileName: string): Promise<SilverBuild> {
  const { batches, summary } = await collectEtl([rawCsv], { fileName });
  const { flags, summary: imputation } = imputeSilverBmi(batches);
  const flagValues = new Int32Array(imputation.rows);
  let offset = 0;
  for (const flag of flags) {
    flagValues.set(flag, offset);
    offset += flag.length;
  }
  const withFlag = tableFromBatches(batches).assign(new Table({ bmi_imputed: makeVector(flagValues) }));
  const table = withFlag.select(silverColumnsFor(summary.variant));
  return { table, variant: summary.variant, etl: summary, imputation, partitionBy: summary.variant === 'pii' ? ['admission_year_month'] : [] };
}

/** The quarantined rows as JSON Lines, one object per input; returns the key written. */
export async function writeQuarantine(store: ObjectStore, inputSha256: string, entries: readonly QuarantineEntry[]): Promise<string> {
  const key = `${QUARANTINE_PREFIX}/${inputSha256.slice(0, 16)}.jsonl`;
  const body = entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length > 0 ? '\n' : '');
  await store.put(key, body, { contentType: 'application/x-ndjson', metadata: { 'row-count': String(entries.length), sha256: inputSha256 } });
  return key;
}

export async function publishSilver(store: ObjectStore, build: SilverBuild, lineage: { sourceFile: string; inputSha256: string }): Promise<WriteDeltaResult> {
  return writeDeltaTable(store, SILVER_TABLE_PATH, build.table, {
    mode: 'overwrite',
    partitionBy: build.partitionBy,
    overwriteSchema: true,
    commitInfo: { sourceFile: lineage.sourceFile, sourceSha256: lineage.inputSha256, rows: build.table.numRows },
  });
}
