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

/** `inputHeader`: the input file's header when `rawCsv` is its raw copy (see EtlOptions.inputHeader). */
export async function buildSilverTable(rawCsv: Uint8Array, fileName: string, options: { inputHeader?: readonly string[] } = {}): Promise<SilverBuild> {
  const { batches, summary } = await collectEtl([rawCsv], { fileName, inputHeader: options.inputHeader });
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

/** Every quarantined row of one input, in line order: those withheld at ingest, then (per line) the ETL's. */
export function quarantineEntries(ingest: { rowsWithheld: readonly QuarantineEntry[] }, build: SilverBuild): QuarantineEntry[] {
  return [...ingest.rowsWithheld, ...build.etl.quarantine].sort((a, b) => a.line - b.line);
}

/** The quarantined rows as JSON Lines, one object per input; returns the key written. */
export async function writeQuarantine(store: ObjectStore, inputSha256: string, entries: readonly QuarantineEntry[]): Promise<string> {
  const key = `${QUARANTINE_PREFIX}/${inputSha256.slice(0, 16)}.jsonl`;
  const body = entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length > 0 ? '\n' : '');
  await store.put(key, body, { contentType: 'application/x-ndjson', metadata: { 'row-count': String(entries.length), sha256: inputSha256 } });
  return key;
}

/**
 * When a silver table may replace the current one. An input whose rows are mostly rejected (a shifted
 * delimiter, a wrong export) would otherwise overwrite a good table with a few rows or none.
 * `minimumKeptFraction`: the share of the input's data rows that must pass ingest and validation.
 * `override`: publish anyway (an empty table still needs it, whatever the fraction).
 */
export interface PublishPolicy {
  minimumKeptFraction: number;
  override: boolean;
}

export const DEFAULT_PUBLISH_POLICY: PublishPolicy = { minimumKeptFraction: 0.5, override: false };

/** What the silver table was built from: the raw object's lineage and how many data rows the input had. */
export interface SilverLineage {
  sourceFile: string;
  inputSha256: string;
  /** Data rows in the input file, including rows withheld at ingest. */
  rowsRead: number;
}

export class SilverPublishRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SilverPublishRefused';
  }
}

/** Throws SilverPublishRefused, with the quarantine summary, when the policy forbids publishing `build`. */
export function checkPublishable(build: SilverBuild, lineage: SilverLineage, policy: PublishPolicy = DEFAULT_PUBLISH_POLICY): void {
  if (!(policy.minimumKeptFraction >= 0 && policy.minimumKeptFraction <= 1)) {
    throw new RangeError(`minimumKeptFraction must be within 0..1, got ${policy.minimumKeptFraction}`);
  }
  const kept = build.table.numRows;
  const fraction = lineage.rowsRead > 0 ? kept / lineage.rowsRead : 0;
  const empty = kept === 0;
  if (policy.override || (!empty && fraction >= policy.minimumKeptFraction)) return;
  const withheld = lineage.rowsRead - build.etl.counts.rowsRead;
  const reasons = Object.entries(build.etl.counts.quarantineReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, rows]) => `${rows} × ${reason}`);
  if (withheld > 0) reasons.unshift(`${withheld} × withheld at ingest (wrong field count)`);
  const why = empty ? 'the table would be empty' : `below minimumKeptFraction ${policy.minimumKeptFraction}`;
  throw new SilverPublishRefused(
    `${lineage.sourceFile}: refusing to publish the silver table: ${kept} of ${lineage.rowsRead} input rows passed ` +
      `(${(100 * fraction).toFixed(1)}%), ${why}. Quarantine: ${reasons.slice(0, 5).join('; ') || 'none'}` +
      `${reasons.length > 5 ? `; and ${reasons.length - 5} more reasons` : ''}. The current silver version is kept. ` +
      'Fix the input, or publish anyway with the publish policy { override: true }.',
  );
}

/** Overwrites the silver table with `build`, after checkPublishable. */
export async function publishSilver(
  store: ObjectStore,
  build: SilverBuild,
  lineage: SilverLineage,
  policy: PublishPolicy = DEFAULT_PUBLISH_POLICY,
): Promise<WriteDeltaResult> {
  checkPublishable(build, lineage, policy);
  return writeDeltaTable(store, SILVER_TABLE_PATH, build.table, {
    mode: 'overwrite',
    partitionBy: build.partitionBy,
    overwriteSchema: true,
    commitInfo: { sourceFile: lineage.sourceFile, sourceSha256: lineage.inputSha256, rows: build.table.numRows },
  });
}
