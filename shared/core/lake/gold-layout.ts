/**
 * Where a gold table's manifest lives, apart from the gold reader and writer (which load Parquet),
 * so that checking whether a table was completely written imports nothing heavy.
 */
import { joinKey } from '../storage/object-store';

/** The manifest that lists a gold table's parts; it is written last (see gold.ts). */
export const MANIFEST_NAME = '_manifest.json';

/** The manifest's key of the gold table under `prefix`. */
export function goldManifestKey(prefix: string): string {
  return joinKey(prefix, MANIFEST_NAME);
}
