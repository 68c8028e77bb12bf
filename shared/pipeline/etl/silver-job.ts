/**
 * Raw object → silver Delta table: typed ETL with validation, quarantine object, MICE BMI,
 * then an overwrite commit (re-running on the same input yields the same rows, never doubles).
 */
import { makeVector, Table } from 'apache-arrow';
import type { ObjectStore } from '../../core/storage/object-store';
import { writeDeltaTable, type WriteDeltaResult } from '../../core/lake/delta';
import { collectEtl, type EtlSummary, type QuarantineEntry } from './run-etl';
import { imputeSilverBmi, type BmiImputationSummary } from './silver-imputation';
import { tableFromBatches } from './silver-arrow';
import { SILVER_FIELDS, type Variant } from '../schema';
import { DUPLICATE_ID_REASON } from './duplicate-ids';
import { SILVER_TABLE_PATH } from '../table-paths';

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

/**
 * The silver table of a raw object held in memory. Every quarantined row is listed (no detail cap):
 * the input and every batch are in memory already, and a quarantine entry costs less than the
 * silver row it replaces. `inputHeader`: the input file's header when `rawCsv` is its raw copy
 * (see EtlOptions.inputHeader).
 */
export async function buildSilverTable(
  rawCsv: Uint8Array,
  fileName: string,
  options: { inputHeader?: readonly string[] } = {},
): Promise<SilverBuild> {
  const { batches, summary } = await collectEtl([rawCsv], {
    fileName,
    inputHeader: options.inputHeader,
    maxQuarantineDetail: Infinity,
  });
  const { flags, summary: imputation } = imputeSilverBmi(batches);
  const flagValues = new Int32Array(imputation.rows);
  let offset = 0;
  for (const flag of flags) {
    flagValues.set(flag, offset);
    offset += flag.length;
  }
  const withFlag = tableFromBatches(batches).assign(new Table({ bmi_imputed: makeVector(flagValues) }));
  const table = withFlag.select(silverColumnsFor(summary.variant));
  return {
    table,
    variant: summary.variant,
    etl: summary,
    imputation,
    partitionBy: summary.variant === 'pii' ? ['admission_year_month'] : [],
  };
}

/** Every quarantined row of one input, in line order: those withheld at ingest, then (per line) the ETL's. */
export function quarantineEntries(
  ingest: { rowsWithheld: readonly QuarantineEntry[] },
  build: SilverBuild,
): QuarantineEntry[] {
  return [...ingest.rowsWithheld, ...build.etl.quarantine].sort((a, b) => a.line - b.line);
}

/**
 * Quarantined rows by reason: the ETL's reasons as counted, then each reason rows were withheld
 * for at ingest (as "withheld at ingest: <reason>").
 */
export function quarantineReasonCounts(
  ingest: { rowsWithheld: readonly { reason: string }[] },
  build: { etl: { counts: { quarantineReasons: Readonly<Record<string, number>> } } },
): { reason: string; rows: number }[] {
  const byReason: Record<string, number> = { ...build.etl.counts.quarantineReasons };
  for (const { reason } of ingest.rowsWithheld) {
    const key = `withheld at ingest: ${reason}`;
    byReason[key] = (byReason[key] ?? 0) + 1;
  }
  return Object.entries(byReason).map(([reason, rows]) => ({ reason, rows }));
}

/** The ETL's counts as one table row: rows read, kept and quarantined (repeated ids among them), and withheld at ingest. */
export function etlCountsRow(build: SilverBuild, ingest: { rowsWithheld: readonly unknown[] }): EtlCountsRow {
  const { counts } = build.etl;
  return {
    variant: build.variant,
    'rows read': counts.rowsRead,
    valid: counts.rowsValid,
    quarantined: counts.rowsQuarantined,
    'of which repeated ids': counts.quarantineReasons[DUPLICATE_ID_REASON] ?? 0,
    'withheld at ingest': ingest.rowsWithheld.length,
  };
}

export interface EtlCountsRow {
  variant: Variant;
  'rows read': number;
  valid: number;
  quarantined: number;
  'of which repeated ids': number;
  'withheld at ingest': number;
}

/** Quarantined rows per quarantine object: a longer list is written in parts, so no object grows without bound. */
const QUARANTINE_PART_ROWS = 10_000;

export interface QuarantineWrite {
  /** The objects in order (`<sha>.jsonl`, or `<sha>.part-0001-of-0003.jsonl`, ...); each listed row is in one. */
  keys: string[];
  rowsListed: number;
  /** Rows counted (by reason) but listed in no object: detail an ETL dropped past its maxQuarantineDetail. */
  rowsNotListed: number;
}

/**
 * The quarantined rows as JSON Lines, in parts of `partRows`, one set of objects per input. Each
 * part's metadata has its own row count, the input's total quarantined rows and how many of them
 * are not listed. Parts an earlier run of the same input left beyond the new last one are deleted.
 */
export async function writeQuarantine(
  store: ObjectStore,
  inputSha256: string,
  entries: readonly QuarantineEntry[],
  options: { rowsNotListed?: number; partRows?: number } = {},
): Promise<QuarantineWrite> {
  const { rowsNotListed = 0, partRows = QUARANTINE_PART_ROWS } = options;
  const base = `${QUARANTINE_PREFIX}/${inputSha256.slice(0, 16)}`;
  const parts = Math.max(1, Math.ceil(entries.length / partRows));
  const pad = (n: number): string => String(n).padStart(4, '0');
  const keys = Array.from({ length: parts }, (_, i) =>
    parts === 1 ? `${base}.jsonl` : `${base}.part-${pad(i + 1)}-of-${pad(parts)}.jsonl`,
  );
  for (let part = 0; part < parts; part++) {
    const rows = entries.slice(part * partRows, (part + 1) * partRows);
    const body = rows.map((entry) => JSON.stringify(entry)).join('\n') + (rows.length > 0 ? '\n' : '');
    const metadata = {
      'row-count': String(rows.length),
      'rows-quarantined': String(entries.length + rowsNotListed),
      'rows-not-listed': String(rowsNotListed),
      part: `${part + 1}/${parts}`,
      sha256: inputSha256,
    };
    await store.put(keys[part], body, { contentType: 'application/x-ndjson', metadata });
  }
  const stale = (await store.list(`${base}.`)).map((object) => object.key).filter((key) => !keys.includes(key));
  if (stale.length > 0) await store.delete(stale);
  return { keys, rowsListed: entries.length, rowsNotListed };
}

/** One sentence for reports: how many quarantined rows are listed, where, and how many are only counted. */
export function describeQuarantineListing(
  write: QuarantineWrite,
  location: (key: string) => string = (key) => key,
): string {
  const total = write.rowsListed + write.rowsNotListed;
  const where =
    write.keys.length === 1 ? location(write.keys[0]) : `${write.keys.length} parts, ${location(write.keys[0])} …`;
  if (total === 0) return `no row quarantined (${where} lists none)`;
  if (write.rowsNotListed === 0) return `all ${total} quarantined rows are listed in ${where}`;
  return (
    `${write.rowsListed} of ${total} quarantined rows are listed in ${where}; ${write.rowsNotListed} are counted ` +
    'by reason only (the ETL kept no detail past its maxQuarantineDetail; buildSilverTable lists every row)'
  );
}

/**
 * Where the quarantined rows went, as one table row: `quarantined` is the count from ingest and the ETL
 * (independent of the write, so the row shows any gap), then how many the objects list, how many are
 * counted only, and the objects (one per line, each through `location`).
 */
export function quarantineListingRow(
  write: QuarantineWrite,
  quarantined: number,
  location: (key: string) => string = (key) => key,
): { 'rows quarantined': number; listed: number; 'counted, not listed': number; objects: string } {
  return {
    'rows quarantined': quarantined,
    listed: write.rowsListed,
    'counted, not listed': write.rowsNotListed,
    objects: write.keys.map(location).join('\n'),
  };
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

const DEFAULT_PUBLISH_POLICY: PublishPolicy = { minimumKeptFraction: 0.5, override: false };

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
function checkPublishable(
  build: SilverBuild,
  lineage: SilverLineage,
  policy: PublishPolicy = DEFAULT_PUBLISH_POLICY,
): void {
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
