/**
 * Removes personal data from a raw CSV before anything is uploaded. The output keeps only the
 * columns the schema knows and does not flag as PII (an allow-list: unknown extra columns are
 * dropped too, since they might hold personal data). Kept fields are written byte-for-byte,
 * quoted only where RFC 4180 requires it; the output is UTF-8 without BOM, LF line ends.
 *
 * Rows whose field count differs from the header's cannot be stripped safely (which field is
 * the address?), so they are withheld from the output and listed in the result instead, by line
 * only. So is a row with a kept value shaped like personal data (pii-shapes.ts: a phone number,
 * street address, city/state/ZIP or e-mail, typically moved into a kept column by an unquoted
 * comma plus a missing field), and a row with a kept value that starts with a space and is not
 * valid for its column (the text after an unquoted `, ` in an address or a name, e.g. ` Albany`,
 * which no shape tells from a category typo; a file written with `, ` separators has valid
 * values after trimming and is not affected). Entries name the column and the kind, never the value.
 *
 * The output's first column is the LINEAGE_COLUMN: the input's physical line on which each
 * record starts, so everything downstream reports the user's lines, not the copy's.
 */
import { createHash, Hash } from 'node:crypto';
import { HeaderMapping, InputField, LINEAGE_COLUMN, resolveHeader, Variant } from '../schema';
import type { RowIssue } from '../etl/transform';
import { FieldProblem, parseField } from '../etl/validate';
import { ByteSource, openCsvTable } from '../../core/csv/csv-reader';
import { formatCsvRow } from '../../core/csv/csv-writer';
import { piiShapeOf } from './pii-shapes';

export interface StripPiiOptions {
  fileName: string;
  maxLineLength?: number;
}

/** A row left out of the output, as a quarantine entry whose value is always empty. */
export type WithheldRow = RowIssue;

export interface StripPiiResult {
  variant: Variant;
  /** The input's header (column names trimmed), for the input positions of the kept columns. */
  inputHeader: string[];
  /** Data rows written (header excluded). */
  rowsWritten: number;
  /** Rows left out of the output, in input order: wrong field count, or a kept value shaped like PII. */
  rowsWithheld: WithheldRow[];
  /** Names of the columns removed (PII and unknown). */
  droppedColumns: string[];
  /** SHA-256 (hex) of the input bytes exactly as read, for the raw object's metadata. */
  inputSha256: string;
  /** SHA-256 (hex) of the bytes written. */
  outputSha256: string;
  outputBytes: number;
  warnings: string[];
}

type ChunkSink = (chunk: Buffer) => void | Promise<void>;

const FLUSH_CHARS = 64 * 1024;
/** Withheld rows named one by one in the warnings; the rest are counted. */
const WARNED_ROWS = 5;

const LEADING_SPACE = /^\s/;

/**
 * Why a row's kept values may hold personal data (see the module comment), as a withheld-row entry:
 * the first value with a PII shape, else the first that starts with a space and is invalid.
 */
function personalDataInKeptValues(
  fields: readonly string[],
  kept: readonly number[],
  fieldAt: readonly InputField[],
  header: readonly string[],
  line: number,
): WithheldRow | undefined {
  const entry = (i: number, what: string): WithheldRow => ({
    line,
    column: header[i],
    position: i + 1,
    value: '',
    reason: `column ${i + 1} "${header[i]}" ${what}: row withheld before upload, its values not kept`,
  });
  for (const i of kept) {
    const shape = piiShapeOf(fields[i]);
    if (shape !== undefined)
      return entry(i, `holds what looks like a ${shape} (personal data, e.g. moved there by a column shift)`);
  }
  for (const i of kept) {
    if (LEADING_SPACE.test(fields[i]) && parseField(fieldAt[i], fields[i]) instanceof FieldProblem) {
      return entry(
        i,
        `starts with a space and is not a valid ${fieldAt[i]}: the row looks shifted by an unquoted comma (in an address or a name?), so it may hold personal data`,
      );
    }
  }
  return undefined;
}

/** The input field of each kept header index. */
function fieldsByIndex(mapping: HeaderMapping): InputField[] {
  const fieldAt: InputField[] = [];
  for (const [field, index] of Object.entries(mapping.columnIndex) as [InputField, number][])
    if (index >= 0) fieldAt[index] = field;
  return fieldAt;
}

/** Streams the PII-free CSV into `write`; resolves once all input has been read and written. */
async function stripPii(source: ByteSource, write: ChunkSink, options: StripPiiOptions): Promise<StripPiiResult> {
  const inputHash = createHash('sha256');
  const outputHash = createHash('sha256');
  const table = await openCsvTable(hashing(source, inputHash), options);
  const mapping = resolveHeader(table.header, options.fileName);
  const kept = mapping.keptColumnIndexes;
  const fieldAt = fieldsByIndex(mapping);
  let outputBytes = 0;
  const emit = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8');
    outputHash.update(bytes);
    outputBytes += bytes.length;
    await write(bytes);
  };

  let pending = formatCsvRow([LINEAGE_COLUMN, ...kept.map((i) => table.header[i])]) + '\n';
  let rowsWritten = 0;
  const rowsWithheld: WithheldRow[] = [];
  const keptFields: string[] = new Array<string>(kept.length);
  for await (const batch of table.rows) {
    // Ragged rows and records arrive separately; withheld rows are merged back into input order.
    let r = 0;
    const ragged = batch.ragged;
    for (const record of batch.records) {
      for (; r < ragged.length && ragged[r].line < record.line; r++)
        rowsWithheld.push(raggedEntry(ragged[r].line, ragged[r].reason));
      const pii = personalDataInKeptValues(record.fields, kept, fieldAt, table.header, record.line);
      if (pii !== undefined) {
        rowsWithheld.push(pii);
        continue;
      }
      for (let k = 0; k < kept.length; k++) keptFields[k] = record.fields[kept[k]];
      pending += `${record.line},${formatCsvRow(keptFields)}\n`;
      rowsWritten++;
    }
    for (; r < ragged.length; r++) rowsWithheld.push(raggedEntry(ragged[r].line, ragged[r].reason));
    if (pending.length >= FLUSH_CHARS) {
      await emit(pending);
      pending = '';
    }
  }
  if (pending.length > 0) await emit(pending);

  const dropped = table.header.filter((_, i) => !kept.includes(i));
  const warnings = [...mapping.warnings];
  if (rowsWithheld.length > 0) {
    const named = rowsWithheld.slice(0, WARNED_ROWS).map((row) => `line ${row.line}: ${row.reason}`);
    const more = rowsWithheld.length > WARNED_ROWS ? `; and ${rowsWithheld.length - WARNED_ROWS} more` : '';
    warnings.push(
      `${options.fileName}: ${rowsWithheld.length} row(s) withheld from the PII-free output (${named.join('; ')}${more})`,
    );
  }
  return {
    variant: mapping.variant,
    inputHeader: table.header,
    rowsWritten,
    rowsWithheld,
    droppedColumns: dropped,
    inputSha256: inputHash.digest('hex'),
    outputSha256: outputHash.digest('hex'),
    outputBytes,
    warnings,
  };
}

function raggedEntry(line: number, reason: string): WithheldRow {
  return { line, column: '(row)', position: null, value: '', reason };
}

/** The PII-free CSV in memory (for upload with ObjectStore.put). */
export async function stripPiiToBuffer(
  source: ByteSource,
  options: StripPiiOptions,
): Promise<{ body: Buffer; result: StripPiiResult }> {
  const chunks: Buffer[] = [];
  const result = await stripPii(source, (chunk) => void chunks.push(chunk), options);
  return { body: Buffer.concat(chunks), result };
}

async function* hashing(source: ByteSource, hash: Hash): AsyncGenerator<Uint8Array | string, void, undefined> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}
