/**
 * Raw layer: the input CSV, with its PII columns removed on this machine, uploaded to the raw
 * bucket with lineage metadata. The object key derives from the input's SHA-256, so ingesting
 * the same file again finds the object already there and uploads nothing: one key per input,
 * never duplicate rows downstream.
 */
import * as path from 'node:path';
import type { ObjectStore } from '../storage/object-store';
import { METADATA_LIST_SEPARATOR } from '../storage/object-metadata';
import type { Variant } from '../etl/schema';
import { stripPiiToBuffer } from './pii';
import type { RaggedRow } from './csv-reader';
import { INPUT_STALL_SECONDS, openInputFile, withReadTimeout } from './byte-source';

export interface RawIngestResult {
  /** Key of the PII-free CSV in the raw store. */
  key: string;
  variant: Variant;
  sourceFile: string;
  inputSha256: string;
  /** Data rows in the input (written + withheld). */
  rowsRead: number;
  rowsWritten: number;
  /** Rows with a wrong field count: not uploaded, quarantined by the caller with their line. */
  rowsWithheld: RaggedRow[];
  droppedColumns: string[];
  bytesUploaded: number;
  /** ISO time of the first ingest of this file (kept on re-ingest). */
  ingestedAt: string;
  /** True when the same file had been ingested before and nothing was uploaded. */
  alreadyIngested: boolean;
  warnings: string[];
}

export const RAW_PREFIX = 'stroke/raw';

export function rawKeyFor(sourceFile: string, inputSha256: string): string {
  const stem = path.basename(sourceFile).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
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
    rowsRead: result.rowsWritten + result.rowsWithheld.length,
    rowsWritten: result.rowsWritten,
    rowsWithheld: result.rowsWithheld,
    droppedColumns: result.droppedColumns,
    warnings: result.warnings,
  };
  const existing = (await store.list(key)).find((o) => o.key === key);
  if (existing) {
    const previous = await store.get(key);
    if (previous.metadata['sha256'] === result.inputSha256) {
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
