/**
 * Removes personal data from a raw CSV before anything is uploaded. The output keeps only the
 * columns the schema knows and does not flag as PII (an allow-list: unknown extra columns are
 * dropped too, since they might hold personal data). Kept fields are written byte-for-byte,
 * quoted only where RFC 4180 requires it; the output is UTF-8 without BOM, LF line ends.
 *
 * Rows whose field count differs from the header's cannot be stripped safely (which field is
 * the address?), so they are withheld from the output and listed in the result instead.
 */
import { createHash, Hash } from 'node:crypto';
import { resolveHeader, Variant } from '../etl/schema';
import { ByteSource, openCsvTable, RaggedRow } from './csv-reader';
import { formatCsvRow } from './csv-writer';

export interface StripPiiOptions {
  fileName: string;
  maxLineLength?: number;
}

export interface StripPiiResult {
  variant: Variant;
  /** Data rows written (header excluded). */
  rowsWritten: number;
  /** Ragged rows left out of the output (their values are not kept). */
  rowsWithheld: RaggedRow[];
  /** Names of the columns removed (PII and unknown). */
  droppedColumns: string[];
  /** SHA-256 (hex) of the input bytes exactly as read, for the raw object's metadata. */
  inputSha256: string;
  /** SHA-256 (hex) of the bytes written. */
  outputSha256: string;
  outputBytes: number;
  warnings: string[];
}

export type ChunkSink = (chunk: Buffer) => void | Promise<void>;

const FLUSH_CHARS = 64 * 1024;

/** Streams the PII-free CSV into `write`; resolves once all input has been read and written. */
export async function stripPii(source: ByteSource, write: ChunkSink, options: StripPiiOptions): Promise<StripPiiResult> {
  const inputHash = createHash('sha256');
  const outputHash = createHash('sha256');
  const table = await openCsvTable(hashing(source, inputHash), options);
  const mapping = resolveHeader(table.header, options.fileName);
  const kept = mapping.keptColumnIndexes;
  let outputBytes = 0;
  const emit = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text, 'utf8');
    outputHash.update(bytes);
    outputBytes += bytes.length;
    await write(bytes);
  };

  let pending = formatCsvRow(kept.map((i) => table.header[i])) + '\n';
  let rowsWritten = 0;
  const rowsWithheld: RaggedRow[] = [];
  const keptFields: string[] = new Array<string>(kept.length);
  for await (const batch of table.rows) {
    rowsWithheld.push(...batch.ragged);
    for (const record of batch.records) {
      for (let k = 0; k < kept.length; k++) keptFields[k] = record.fields[kept[k]];
      pending += formatCsvRow(keptFields) + '\n';
      rowsWritten++;
    }
    if (pending.length >= FLUSH_CHARS) {
      await emit(pending);
      pending = '';
    }
  }
  if (pending.length > 0) await emit(pending);

  const dropped = table.header.filter((_, i) => !kept.includes(i));
  const warnings = [...mapping.warnings];
  if (rowsWithheld.length > 0) {
    warnings.push(`${options.fileName}: ${rowsWithheld.length} row(s) with a wrong field count withheld from the PII-free output`);
  }
  return {
    variant: mapping.variant,
    rowsWritten,
    rowsWithheld,
    droppedColumns: dropped,
    inputSha256: inputHash.digest('hex'),
    outputSha256: outputHash.digest('hex'),
    outputBytes,
    warnings,
  };
}

/** The PII-free CSV in memory (for upload with ObjectStore.put). */
export async function stripPiiToBuffer(source: ByteSource, options: StripPiiOptions): Promise<{ body: Buffer; result: StripPiiResult }> {
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
