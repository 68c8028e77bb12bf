/**
 * Table history from the commit files (what DESCRIBE HISTORY shows), and the data files under a
 * table folder that no log entry references (left by writers that died before committing).
 */
import { ObjectInfo, ObjectStore, joinKey } from '../storage/object-store';
import { readCheckpointActions } from './delta-checkpoint';
import { DeltaTableNotFoundError } from './delta-errors';
import { DeltaAction, parseCommit } from './delta-log';
import { decodeLogPath } from './delta-partition';
import { listLog, tableLocation } from './delta-snapshot';

export interface DeltaHistoryEntry {
  version: number;
  timestamp: number | undefined;
  operation: string | undefined;
  operationParameters: Record<string, unknown>;
  numFilesAdded: number;
  numFilesRemoved: number;
  readVersion: number | undefined;
  engineInfo: string | undefined;
}

/** One entry per commit file still in the log, oldest first. */
export async function deltaHistory(store: ObjectStore, tablePath: string): Promise<DeltaHistoryEntry[]> {
  const location = tableLocation(store, tablePath);
  const listing = await listLog(store, tablePath);
  if (listing.commits.size === 0 && listing.checkpoints.size === 0) throw new DeltaTableNotFoundError(location);
  const entries: DeltaHistoryEntry[] = [];
  for (const version of [...listing.commits.keys()].sort((a, b) => a - b)) {
    const key = listing.commits.get(version) as string;
    const actions = parseCommit(new TextDecoder().decode((await store.get(key)).body), `${location}/${key}`);
    const info = actions.find((a): a is Extract<DeltaAction, { commitInfo: unknown }> => 'commitInfo' in a)?.commitInfo;
    entries.push({
      version,
      timestamp: info?.timestamp,
      operation: info?.operation,
      operationParameters: info?.operationParameters ?? {},
      numFilesAdded: actions.filter((a) => 'add' in a).length,
      numFilesRemoved: actions.filter((a) => 'remove' in a).length,
      readVersion: info?.readVersion,
      engineInfo: info?.engineInfo,
    });
  }
  return entries;
}

/**
 * Parquet files under the table folder that no commit or checkpoint in the log mentions. A writer
 * still running also has unreferenced files, so delete only orphans older than any running write.
 */
export async function findOrphanFiles(store: ObjectStore, tablePath: string): Promise<ObjectInfo[]> {
  const location = tableLocation(store, tablePath);
  const listing = await listLog(store, tablePath);
  if (listing.commits.size === 0 && listing.checkpoints.size === 0) throw new DeltaTableNotFoundError(location);
  const referenced = new Set<string>();
  const note = (actions: DeltaAction[], where: string): void => {
    for (const action of actions) {
      const path = 'add' in action ? action.add.path : 'remove' in action ? action.remove.path : undefined;
      if (path !== undefined) referenced.add(joinKey(tablePath, decodeLogPath(path, where)));
    }
  };
  for (const keys of listing.checkpoints.values())
    note(await readCheckpointActions(store, keys), `${location} checkpoint`);
  for (const key of listing.commits.values()) {
    note(parseCommit(new TextDecoder().decode((await store.get(key)).body), key), `${location}/${key}`);
  }
  return (await listDataFiles(store, tablePath)).filter((object) => !referenced.has(object.key));
}

/** Every Parquet file under the table folder, outside the folders the protocol reserves. */
export async function listDataFiles(store: ObjectStore, tablePath: string): Promise<ObjectInfo[]> {
  const prefix = tablePath === '' ? '' : `${joinKey(tablePath)}/`;
  return (await store.list(prefix)).filter((object) => {
    const relative = object.key.slice(prefix.length);
    // Folders starting with _ or . (the log, change data, ...) hold no data files by the protocol.
    const hidden = relative.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));
    return !hidden && relative.endsWith('.parquet');
  });
}
