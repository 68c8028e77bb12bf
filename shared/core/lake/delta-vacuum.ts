/**
 * VACUUM for Delta tables, with Delta's rule: delete the data files that no version current within
 * the retention period needs. A data file is deleted only when all of these hold:
 *   - the latest version does not contain it;
 *   - either the log removed it before the cutoff (its `remove.deletionTimestamp`; so every
 *     version that still had it stopped being current before the cutoff), or no log entry names
 *     it at all (an orphan of a failed or crashed write);
 *   - its own last-modified time is before the cutoff (a running writer's files are young).
 * A file the log names whose removal time is unknown (no deletionTimestamp, or its remove lies
 * before a checkpoint that dropped it) is kept. Folders starting with `_` or `.` (the log) are
 * never touched. Time travel to versions that stopped being current before the cutoff may fail
 * afterwards, as in Delta. `dryRun` lists what would go and deletes nothing.
 */
import { ObjectStore, joinKey } from '../storage/object-store';
import { findOrphanFiles, listDataFiles } from './delta-history';
import { decodeLogPath } from './delta-partition';
import { loadSnapshot } from './delta-snapshot';

/** Delta's default retention (delta.deletedFileRetentionDuration = 7 days). */
export const DEFAULT_VACUUM_RETENTION_HOURS = 168;

export interface VacuumOptions {
  /** Files younger than this, or removed more recently, are kept; default 168 (7 days). */
  retentionHours?: number;
  /** List what would be deleted; delete nothing. */
  dryRun?: boolean;
  /**
   * A retention below the default can delete the files of a write still running, or of a version
   * a reader still uses; like Delta's retentionDurationCheck, it is refused unless this is true.
   */
  allowShortRetention?: boolean;
  /** The clock (ms since the epoch); default Date.now(). */
  now?: number;
}

export interface VacuumFile {
  key: string;
  size: number;
  lastModified: Date;
  /** `orphan`: no log entry names it; `removed`: the log removed it at `removedAt`. */
  why: 'orphan' | 'removed';
  removedAt?: number;
}

export interface VacuumResult {
  location: string;
  version: number;
  retentionHours: number;
  /** Files older than this, and removed before it, may go. */
  cutoff: Date;
  dryRun: boolean;
  /** Deleted, or in a dry run the files that would be. */
  files: VacuumFile[];
  bytes: number;
  kept: { active: number; removedWithinRetention: number; youngerThanRetention: number; removalTimeUnknown: number };
}

export async function vacuumDeltaTable(
  store: ObjectStore,
  tablePath: string,
  options: VacuumOptions = {},
): Promise<VacuumResult> {
  const retentionHours = options.retentionHours ?? DEFAULT_VACUUM_RETENTION_HOURS;
  if (!Number.isFinite(retentionHours) || retentionHours < 0)
    throw new RangeError(`retentionHours must be a finite number >= 0, got ${retentionHours}`);
  if (retentionHours < DEFAULT_VACUUM_RETENTION_HOURS && options.allowShortRetention !== true) {
    throw new RangeError(
      `vacuum retention of ${retentionHours} h is below the default ${DEFAULT_VACUUM_RETENTION_HOURS} h: it can delete the files ` +
        'of a write still running or of a version a reader still uses. Pass allowShortRetention: true to do it anyway',
    );
  }
  const cutoff = (options.now ?? Date.now()) - retentionHours * 3_600_000;
  const snapshot = await loadSnapshot(store, tablePath);
  const keyOf = (logPath: string): string => joinKey(tablePath, decodeLogPath(logPath, snapshot.location));
  const active = new Set(snapshot.files.map((file) => keyOf(file.path)));
  const removedAt = new Map(
    snapshot.tombstones.map((remove) => [keyOf(remove.path), remove.deletionTimestamp ?? undefined]),
  );
  const orphans = new Set((await findOrphanFiles(store, tablePath)).map((object) => object.key));

  const kept = { active: 0, removedWithinRetention: 0, youngerThanRetention: 0, removalTimeUnknown: 0 };
  const files: VacuumFile[] = [];
  for (const object of await listDataFiles(store, tablePath)) {
    if (active.has(object.key)) {
      kept.active++;
      continue;
    }
    const removal = removedAt.get(object.key);
    const orphan = orphans.has(object.key);
    if (!orphan && removal === undefined) kept.removalTimeUnknown++;
    else if (!orphan && (removal as number) >= cutoff) kept.removedWithinRetention++;
    else if (object.lastModified.getTime() >= cutoff) kept.youngerThanRetention++;
    else files.push({ ...object, why: orphan ? 'orphan' : 'removed', ...(orphan ? {} : { removedAt: removal }) });
  }
  const dryRun = options.dryRun === true;
  if (!dryRun && files.length > 0) await store.delete(files.map((file) => file.key));
  return {
    location: snapshot.location,
    version: snapshot.version,
    retentionHours,
    cutoff: new Date(cutoff),
    dryRun,
    files,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
    kept,
  };
}
