/**
 * Raw layer: the input CSV, with its PII columns removed on this machine, uploaded to the raw
 * bucket with lineage metadata. The object key derives from the input's SHA-256, so ingesting
 * the same file again finds the object already there and uploads nothing: one key per input,
 * never duplicate rows downstream. (A copy that differs, written by an older version of
 * stripPii, is overwritten under the same key.)
 */
import * as path from 'node:path';
import type { ObjectStore } from '../../core/storage/object-store';
import { METADATA_LIST_SEPARATOR } from '../../core/storage/object-metadata';
import type { Variant } from '../schema';
import { stripPiiToBuffer, type WithheldRow } from './pii';
import { INPUT_STALL_SECONDS, openInputFile, withReadTimeout } from '../../core/csv/byte-source';

export interface RawIngestResult {
  /** Key of the PII-free CSV in the raw store. */
  key: string;
  variant: Variant;
  sourceFile: string;
  inputSha256: string;
  /** The input's header: pass it to the ETL of the raw copy (EtlOptions.inputHeader) for input column positions. */
  inputHeader: string[];
  /** Data rows in the input (written + withheld). */
  rowsRead: number;
  rowsWritten: number;
  /**
   * Rows not uploaded (a wrong field count, or a kept value shaped like PII), as quarantine entries
   * with the input's line and no value; the caller quarantines them (see quarantineEntries).
   */
  rowsWithheld: WithheldRow[];
  droppedColumns: string[];
  bytesUploaded: number;
  /** ISO time of the first ingest of this file (kept on re-ingest). */
  ingestedAt: string;
  /** True when the same file had been ingested before and nothing was uploaded. */
  alreadyIngested: boolean;
  warnings: string[];
}

const RAW_PREFIX = 'stroke/raw';

function rawKeyFor(sourceFile: string, inputSha256: string): string {
  const stem = path
    .basename(sourceFile)
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${RAW_PREFIX}/${stem}-${inputSha256.slice(0, 16)}.csv`;
}

/** `stallSeconds`: how long the input may deliver nothing before the read fails (InputStalledError). */
export async function ingestRawFile(
  store: ObjectStore,
  inputPath: string,
  now: () => Date = () => new Date(),
  stallSeconds = INPUT_STALL_SECONDS,
): Promise<RawIngestResult> {
  const sourceFile = path.basename(inputPath);
  const input = openInputFile(inputPath, ' (set STROKE_INPUT or --input)');
  const { body, result } = await stripPiiToBuffer(withReadTimeout<Buffer>(input, inputPath, stallSeconds), {
    fileName: sourceFile,
  });
  const key = rawKeyFor(sourceFile, result.inputSha256);
  const base = {
    key,
    variant: result.variant,
    sourceFile,
    inputSha256: result.inputSha256,
    inputHeader: result.inputHeader,
    rowsRead: result.rowsWritten + result.rowsWithheld.length,
    rowsWritten: result.rowsWritten,
    rowsWithheld: result.rowsWithheld,
    droppedColumns: result.droppedColumns,
    warnings: result.warnings,
  };
  const existing = (await store.list(key)).find((o) => o.key === key);
  if (existing) {
    const previous = await store.get(key);
    // Same input and same copy (a copy written by an older stripPii, without lineage, is replaced).
    if (previous.metadata['sha256'] === result.inputSha256 && Buffer.from(previous.body).equals(body)) {
      return { ...base, bytesUploaded: 0, ingestedAt: previous.metadata['ingest-time'] ?? '', alreadyIngested: true };
    }
  }
  const ingestedAt = now().toISOString();
  await store.put(key, body, {
    contentType: 'text/csv',
    metadata: {
      'source-file': sourceFile,
      sha256: result.inputSha256,
      'row-count': String(result.rowsWritten),
      'ingest-time': ingestedAt,
      'pii-columns-dropped': result.droppedColumns.join(METADATA_LIST_SEPARATOR) || 'none',
    },
  });
  return { ...base, bytesUploaded: body.length, ingestedAt, alreadyIngested: false };
}
