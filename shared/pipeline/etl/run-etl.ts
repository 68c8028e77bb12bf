/**
 * The streaming ETL driver: raw CSV bytes → validated silver batches + quarantine + counts.
 * File-level problems throw (CsvFormatError, SchemaError); row-level problems are quarantined.
 *
 * Quarantine detail is capped: the first `maxQuarantineDetail` (default 10,000) rejected rows
 * are kept in full ({line, column, value, reason}); beyond that only the per-reason counts grow,
 * so a huge damaged file cannot exhaust memory; the summary's quarantineDetailOmitted says how
 * many rows are counted but not listed (buildSilverTable, which holds the whole input, lists every
 * row). PII columns are never parsed, so their values can never reach the quarantine. Records are read in place (see field-view.ts), so a valid row
 * costs no strings beyond its category values, which are shared constants.
 *
 * Lines and columns are the input file's: reading a raw copy (stripPii's output), each row's line
 * is its LINEAGE_COLUMN value, and `inputHeader` gives the columns' positions in the input.
 */
import { ByteSource, CsvRecordView, fieldCountReason, openCsvCursor } from '../../core/csv/csv-reader';
import { clipInputText, CsvFormatError } from '../../core/csv/csv-errors';
import { plainDecimal } from './field-view';
import { LINEAGE_COLUMN, resolveHeader, Variant } from '../schema';
import { RowIssue, SilverBatch, SilverBatchBuilder } from './transform';

export type QuarantineEntry = RowIssue;

export interface EtlCounts {
  rowsRead: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Quarantined rows per reason, e.g. `age is outside the accepted range 0..120`. */
  quarantineReasons: Record<string, number>;
}

export interface EtlSummary {
  fileName: string;
  variant: Variant;
  header: string[];
  counts: EtlCounts;
  /** The first quarantined rows in file order (see quarantineDetailOmitted). */
  quarantine: QuarantineEntry[];
  /** Quarantined rows counted but not kept in `quarantine` because of the cap. */
  quarantineDetailOmitted: number;
  blankLinesSkipped: number;
  warnings: string[];
  batches: number;
}

export type EtlEvent = { kind: 'batch'; batch: SilverBatch } | { kind: 'summary'; summary: EtlSummary };

export interface EtlOptions {
  fileName: string;
  /** Rows per silver batch; default 65,536. */
  batchSize?: number;
  maxQuarantineDetail?: number;
  /** Longest accepted CSV line in characters; default 1 MiB. */
  maxLineLength?: number;
  /**
   * Header of the input file the CSV was stripped from (RawIngestResult.inputHeader), for the
   * column positions in quarantine entries. Without it a raw copy's positions are unknown (null).
   */
  inputHeader?: readonly string[];
}

class Quarantine {
  readonly entries: QuarantineEntry[] = [];
  omitted = 0;
  readonly reasons: Record<string, number> = {};
  count = 0;

  constructor(private readonly maxDetail: number) {}

  add(entry: QuarantineEntry): void {
    this.count++;
    this.reasons[entry.reason] = (this.reasons[entry.reason] ?? 0) + 1;
    if (this.entries.length < this.maxDetail) this.entries.push(entry);
    else this.omitted++;
  }
}

function assertCountsConsistent(counts: EtlCounts, fileName: string): void {
  const byReason = Object.values(counts.quarantineReasons).reduce((a, b) => a + b, 0);
  if (counts.rowsRead !== counts.rowsValid + counts.rowsQuarantined || byReason !== counts.rowsQuarantined) {
    throw new Error(
      `${fileName}: ETL count invariant broken: rowsRead ${counts.rowsRead} != rowsValid ${counts.rowsValid} + ` +
        `rowsQuarantined ${counts.rowsQuarantined} (reasons sum to ${byReason})`,
    );
  }
}

/** Each record's line in the input file: its own line, or the lineage column's value in a raw copy. */
function lineReader(lineageIndex: number, fileName: string): (record: CsvRecordView) => number {
  if (lineageIndex < 0) return (record) => record.line;
  return (record) => {
    const k = lineageIndex;
    const line = k < record.fieldCount ? plainDecimal(record.text, record.starts[k], record.ends[k]) : NaN;
    if (Number.isInteger(line) && line > 0) return line;
    const got = k < record.fieldCount ? JSON.stringify(clipInputText(record.field(k))) : 'no such field';
    throw new CsvFormatError(
      fileName,
      record.line,
      `column ${k + 1} "${LINEAGE_COLUMN}" must hold the input file's line (a positive integer), got ${got}`,
    );
  };
}

/** 1-based position in the input file of each column of `header` (see EtlOptions.inputHeader). */
function inputPositions(
  header: readonly string[],
  lineageIndex: number,
  inputHeader?: readonly string[],
): (number | null)[] {
  if (inputHeader === undefined) return header.map((_, i) => (lineageIndex >= 0 ? null : i + 1));
  const names = inputHeader.map((name) => name.trim());
  return header.map((name) => (names.includes(name) ? names.indexOf(name) + 1 : null));
}

/** Streams silver batches, then one final summary event. */
export async function* runEtl(source: ByteSource, options: EtlOptions): AsyncGenerator<EtlEvent, void, undefined> {
  const { fileName } = options;
  const table = await openCsvCursor(source, { fileName, maxLineLength: options.maxLineLength });
  const mapping = resolveHeader(table.header, fileName);
  const expectedFields = table.header.length;
  const lineOf = lineReader(mapping.lineageColumnIndex, fileName);
  const positions = inputPositions(table.header, mapping.lineageColumnIndex, options.inputHeader);
  const builder = new SilverBatchBuilder(mapping, table.header, options.batchSize ?? 65_536, positions);
  const quarantine = new Quarantine(options.maxQuarantineDetail ?? 10_000);
  let rowsRead = 0;
  let rowsValid = 0;
  let batches = 0;

  for await (const record of table.cursors) {
    while (record.next()) {
      rowsRead++;
      const line = lineOf(record);
      if (record.fieldCount !== expectedFields) {
        quarantine.add({
          line,
          column: '(row)',
          position: null,
          value: '',
          reason: fieldCountReason(expectedFields, record.fieldCount),
        });
        continue;
      }
      const issue = builder.add(record, line);
      if (issue !== undefined) {
        quarantine.add(issue);
        continue;
      }
      rowsValid++;
      if (builder.isFull()) {
        batches++;
        yield { kind: 'batch', batch: builder.finish() };
      }
    }
  }
  if (builder.length > 0) {
    batches++;
    yield { kind: 'batch', batch: builder.finish() };
  }

  const counts: EtlCounts = {
    rowsRead,
    rowsValid,
    rowsQuarantined: quarantine.count,
    quarantineReasons: quarantine.reasons,
  };
  assertCountsConsistent(counts, fileName);
  yield {
    kind: 'summary',
    summary: {
      fileName,
      variant: mapping.variant,
      header: table.header,
      counts,
      quarantine: quarantine.entries,
      quarantineDetailOmitted: quarantine.omitted,
      blankLinesSkipped: table.blankLinesSkipped(),
      warnings: mapping.warnings,
      batches,
    },
  };
}

/** Runs the ETL to completion, keeping every batch in memory (small files, tests, notebooks). */
export async function collectEtl(
  source: ByteSource,
  options: EtlOptions,
): Promise<{ batches: SilverBatch[]; summary: EtlSummary }> {
  const batches: SilverBatch[] = [];
  for await (const event of runEtl(source, options)) {
    if (event.kind === 'batch') batches.push(event.batch);
    else return { batches, summary: event.summary };
  }
  throw new Error(`${options.fileName}: ETL ended without a summary`);
}
