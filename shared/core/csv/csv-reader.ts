/**
 * Streaming CSV reading: bytes (a Node Readable, or any async iterable of Buffers) to records
 * with their physical line numbers, in bounded memory. File-level problems (encoding, binary
 * data, broken quoting, over-long lines, bad header) throw CsvFormatError; rows whose field
 * count differs from the header's are reported as ragged so the caller can quarantine them.
 */
import { binaryDataError, clipInputText, CsvFormatError } from './csv-errors';
import { countNewlines, CsvRecord, CsvRecordView, CsvTokenizer, DEFAULT_MAX_LINE_LENGTH } from './csv-parser';
import { Utf8ChunkDecoder } from './utf8-decoder';

export { CsvFormatError } from './csv-errors';
export type { CsvRecord, CsvRecordView } from './csv-parser';

export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface CsvReaderOptions {
  /** Name used in every error message. */
  fileName: string;
  /** Longest physical line (or multi-line quoted record) accepted, in characters. Default 1 MiB. */
  maxLineLength?: number;
}

export interface RaggedRow {
  line: number;
  fieldCount: number;
  reason: string;
}

export interface CsvRowBatch {
  /** Rows with exactly as many fields as the header, in file order. */
  records: CsvRecord[];
  /** Rows with too few or too many fields; their values are deliberately not kept. */
  ragged: RaggedRow[];
}

/** A record view that can move on: `next()` is false once the current input chunk is used up. */
export interface CsvRecordCursor extends CsvRecordView {
  next(): boolean;
}

export interface CsvCursorTable {
  header: string[];
  headerLine: number;
  cursors: AsyncGenerator<CsvRecordCursor, void, undefined>;
  /** Blank lines skipped so far (complete once `cursors` is exhausted). */
  blankLinesSkipped(): number;
}

export interface CsvTable {
  header: string[];
  headerLine: number;
  rows: AsyncGenerator<CsvRowBatch, void, undefined>;
  /** Blank lines skipped so far (complete once `rows` is exhausted). */
  blankLinesSkipped(): number;
}

/**
 * Decodes each chunk of `source` and hands its text to `tokenizer`, yielding once per chunk
 * (and once more after the final flush); drain the tokenizer with `next()` at every yield.
 */
async function* feedTokenizer(
  source: ByteSource,
  fileName: string,
  tokenizer: CsvTokenizer,
): AsyncGenerator<void, void, undefined> {
  const decoder = new Utf8ChunkDecoder(fileName);
  const lineNow = (): number => tokenizer.lineAfterPushedText();
  let sawLineFeed = false;
  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      const nul = text.indexOf('\u0000');
      if (nul !== -1) throw binaryDataError(fileName, lineNow() + countNewlines(text, 0, nul));
    } else {
      text = decoder.decode(chunk, lineNow);
    }
    if (!sawLineFeed) {
      const lineFeed = text.indexOf('\n');
      if (CR_NOT_BEFORE_LF.test(lineFeed === -1 ? text : text.slice(0, lineFeed))) throw crOnlyError(fileName);
      sawLineFeed = lineFeed !== -1;
    }
    tokenizer.push(text, false);
    yield;
  }
  tokenizer.push(decoder.finish(lineNow), true);
  yield;
}

/** A carriage return followed by anything but a line feed. */
const CR_NOT_BEFORE_LF = /\r[^\n]/;

/** Before the first LF, a CR that ends a line on its own: the file would read as one huge line. */
function crOnlyError(fileName: string): CsvFormatError {
  return new CsvFormatError(
    fileName,
    1,
    'line endings are CR only (old Mac style), so the whole file reads as one line; re-save it with LF or CRLF line endings',
  );
}

function newTokenizer(options: CsvReaderOptions): CsvTokenizer {
  return new CsvTokenizer(options.fileName, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
}

/** Records in batches (one batch per input chunk), header included. */
export async function* readCsvRecordBatches(
  source: ByteSource,
  options: CsvReaderOptions,
  tokenizer = newTokenizer(options),
): AsyncGenerator<CsvRecord[], void, undefined> {
  for await (const _ of feedTokenizer(source, options.fileName, tokenizer)) {
    const records: CsvRecord[] = [];
    while (tokenizer.next()) records.push(tokenizer.record());
    if (records.length > 0) yield records;
  }
}

/** Records one at a time; convenient, slower than the batch form on big files. */
export async function* readCsvRecords(
  source: ByteSource,
  options: CsvReaderOptions,
): AsyncGenerator<CsvRecord, void, undefined> {
  for await (const batch of readCsvRecordBatches(source, options)) yield* batch;
}

/**
 * Reads and checks the header, then streams the data rows. Throws CsvFormatError for an empty
 * file, a semicolon- or tab-separated header, and duplicate column names.
 */
export async function openCsvTable(source: ByteSource, options: CsvReaderOptions): Promise<CsvTable> {
  const tokenizer = newTokenizer(options);
  const batches = readCsvRecordBatches(source, options, tokenizer);
  let first: CsvRecord[] = [];
  while (first.length === 0) {
    const next = await batches.next();
    // `=== true` narrows in tslab's non-strict compile too (plain truthiness does not there).
    if (next.done === true) throw emptyFileError(options.fileName);
    first = next.value;
  }
  const headerRecord = first[0];
  const header = headerRecord.fields.map((name) => name.trim());
  checkHeader(header, headerRecord.line, options.fileName);
  return {
    header,
    headerLine: headerRecord.line,
    rows: rowsOf(first.slice(1), batches, header.length),
    blankLinesSkipped: () => tokenizer.blankLinesSkipped,
  };
}

/**
 * Like openCsvTable, but the data rows are not materialised: `cursors` yields the tokenizer
 * once per input chunk, positioned before that chunk's records; the caller reads them in place
 * with `next()` until it returns false, then resumes the generator. Ragged rows are the
 * caller's to detect (fieldCount differs from the header's length).
 */
export async function openCsvCursor(source: ByteSource, options: CsvReaderOptions): Promise<CsvCursorTable> {
  const tokenizer = newTokenizer(options);
  const feed = feedTokenizer(source, options.fileName, tokenizer);
  for (;;) {
    const step = await feed.next();
    if (step.done === true) throw emptyFileError(options.fileName);
    if (tokenizer.next()) break;
  }
  const header = tokenizer.record().fields.map((name) => name.trim());
  checkHeader(header, tokenizer.line, options.fileName);
  return {
    header,
    headerLine: tokenizer.line,
    cursors: cursorsOf(tokenizer, feed),
    blankLinesSkipped: () => tokenizer.blankLinesSkipped,
  };
}

async function* cursorsOf(
  tokenizer: CsvTokenizer,
  feed: AsyncGenerator<void, void, undefined>,
): AsyncGenerator<CsvRecordCursor, void, undefined> {
  yield tokenizer;
  for await (const _ of feed) yield tokenizer;
}

function emptyFileError(fileName: string): CsvFormatError {
  return new CsvFormatError(fileName, 0, 'file is empty: expected a header line with comma-separated column names');
}

/** A ragged row's quarantine reason. */
export function fieldCountReason(expected: number, got: number): string {
  return `expected ${expected} fields, got ${got}`;
}

async function* rowsOf(
  firstRecords: CsvRecord[],
  rest: AsyncGenerator<CsvRecord[], void, undefined>,
  expected: number,
): AsyncGenerator<CsvRowBatch, void, undefined> {
  if (firstRecords.length > 0) yield splitRagged(firstRecords, expected);
  for await (const records of rest) yield splitRagged(records, expected);
}

function splitRagged(records: CsvRecord[], expected: number): CsvRowBatch {
  let ragged: RaggedRow[] | undefined;
  for (const record of records) {
    if (record.fields.length !== expected) {
      ragged = ragged ?? [];
      ragged.push({
        line: record.line,
        fieldCount: record.fields.length,
        reason: fieldCountReason(expected, record.fields.length),
      });
    }
  }
  if (ragged === undefined) return { records, ragged: [] };
  return { records: records.filter((r) => r.fields.length === expected), ragged };
}

function checkHeader(header: string[], line: number, fileName: string): void {
  if (header.length === 1) {
    for (const [delimiter, name] of [
      [';', 'semicolon'],
      ['\t', 'tab'],
    ] as const) {
      if (header[0].includes(delimiter)) {
        throw new CsvFormatError(
          fileName,
          line,
          `header is ${name}-separated (${JSON.stringify(header[0].slice(0, 60))}); expected comma-separated values`,
        );
      }
    }
  }
  const firstSeen = new Map<string, number>();
  const duplicates: string[] = [];
  header.forEach((name, index) => {
    if (name === '') throw new CsvFormatError(fileName, line, `header column ${index + 1} has an empty name`);
    const earlier = firstSeen.get(name);
    if (earlier === undefined) firstSeen.set(name, index);
    else duplicates.push(`"${name}" (columns ${earlier + 1} and ${index + 1})`);
  });
  if (duplicates.length > 0) {
    throw new CsvFormatError(
      fileName,
      line,
      `duplicate column names in header: ${clipInputText(duplicates.join(', '))}`,
    );
  }
}
