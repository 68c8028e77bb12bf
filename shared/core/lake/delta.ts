/**
 * Delta Lake for this pipeline (reader protocol 1, writer protocol 2): the entry points the
 * notebooks and ETL use. See the individual delta-* modules for the parts.
 */
import { ObjectStore } from '../storage/object-store';
import { writeCheckpointOfSnapshot } from './delta-checkpoint';
import { loadSnapshot } from './delta-snapshot';

export { readDeltaTable } from './delta-reader';
export { writeDeltaTable } from './delta-writer';
export type { WriteDeltaResult } from './delta-writer';
export { deltaHistory, findOrphanFiles } from './delta-history';
export { DEFAULT_VACUUM_RETENTION_HOURS, vacuumDeltaTable } from './delta-vacuum';
export type { VacuumOptions } from './delta-vacuum';
export { DeltaConflictError, DeltaTableNotFoundError, DeltaUnsupportedFeatureError } from './delta-errors';
export type { AddFile } from './delta-log';

/** Writes a Parquet checkpoint of `version` (default latest) and updates `_last_checkpoint`. */
export async function writeCheckpoint(
  store: ObjectStore,
  tablePath: string,
  version?: number,
): Promise<{ version: number; key: string; size: number }> {
  const snapshot = await loadSnapshot(store, tablePath, { version });
  const written = await writeCheckpointOfSnapshot(store, snapshot);
  return { version: snapshot.version, ...written };
}
