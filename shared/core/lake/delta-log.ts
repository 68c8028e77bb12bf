/**
 * The Delta transaction log: action shapes, `_delta_log` file names, commit (de)serialization,
 * and replay of actions into the state of one table version.
 */
import { joinKey } from '../storage/object-store';

export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

export interface MetadataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string | null>;
  createdTime?: number | null;
}

export interface AddFile {
  /** URI-encoded path relative to the table root. */
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: unknown;
}

export interface RemoveFile {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean | null;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  deletionVector?: unknown;
}

export interface CommitInfo {
  timestamp?: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  readVersion?: number;
  isBlindAppend?: boolean;
  engineInfo?: string;
  [extra: string]: unknown;
}

export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

export type DeltaAction =
  | { protocol: ProtocolAction }
  | { metaData: MetadataAction }
  | { add: AddFile }
  | { remove: RemoveFile }
  | { commitInfo: CommitInfo }
  | { txn: TxnAction };

export const LOG_FOLDER = '_delta_log';
const VERSION_DIGITS = 20;

export function logFolderKey(tablePath: string): string {
  return joinKey(tablePath, LOG_FOLDER);
}

export function commitKey(tablePath: string, version: number): string {
  return joinKey(logFolderKey(tablePath), `${padVersion(version)}.json`);
}

export function checkpointKey(tablePath: string, version: number): string {
  return joinKey(logFolderKey(tablePath), `${padVersion(version)}.checkpoint.parquet`);
}

export function lastCheckpointKey(tablePath: string): string {
  return joinKey(logFolderKey(tablePath), '_last_checkpoint');
}

function padVersion(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`invalid Delta version ${version}`);
  return String(version).padStart(VERSION_DIGITS, '0');
}

export type LogFileKind =
  { kind: 'commit'; version: number } | { kind: 'checkpoint'; version: number; part: number; parts: number };

/** Classifies a file name inside `_delta_log`; undefined for anything else (crc, temp files...). */
export function classifyLogFile(name: string): LogFileKind | undefined {
  let match = /^(\d{20})\.json$/.exec(name);
  if (match !== null) return { kind: 'commit', version: Number(match[1]) };
  match = /^(\d{20})\.checkpoint\.parquet$/.exec(name);
  if (match !== null) return { kind: 'checkpoint', version: Number(match[1]), part: 1, parts: 1 };
  match = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/.exec(name);
  if (match !== null) {
    return { kind: 'checkpoint', version: Number(match[1]), part: Number(match[2]), parts: Number(match[3]) };
  }
  return undefined;
}

export interface LastCheckpoint {
  version: number;
  size?: number;
  parts?: number;
}

/** The `_last_checkpoint` hint, or undefined when it is unreadable (it is only an optimisation). */
export function parseLastCheckpoint(body: Uint8Array): LastCheckpoint | undefined {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as Partial<LastCheckpoint>;
    return typeof parsed.version === 'number' ? (parsed as LastCheckpoint) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses newline-delimited JSON actions; `where` names the commit file in errors. */
export function parseCommit(text: string, where: string): DeltaAction[] {
  const actions: DeltaAction[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where} line ${index + 1}: not valid JSON (${String(error)})`, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${where} line ${index + 1}: expected a JSON object holding one action`);
    }
    actions.push(parsed as DeltaAction);
  });
  return actions;
}

export function serializeCommit(actions: readonly DeltaAction[]): string {
  return actions.map((action) => JSON.stringify(action)).join('\n') + '\n';
}

/** Table state after replaying actions in version order: later add/remove of a path wins. */
export class ReplayState {
  protocol: ProtocolAction | undefined;
  metadata: MetadataAction | undefined;
  readonly files = new Map<string, AddFile>();
  readonly tombstones = new Map<string, RemoveFile>();
  readonly transactions = new Map<string, TxnAction>();

  apply(actions: readonly DeltaAction[], where: string): void {
    for (const action of actions) {
      if ('add' in action) {
        const path = canonicalPath(action.add.path);
        this.files.set(path, action.add);
        this.tombstones.delete(path);
      } else if ('remove' in action) {
        const path = canonicalPath(action.remove.path);
        this.files.delete(path);
        this.tombstones.set(path, action.remove);
      } else if ('metaData' in action) {
        this.metadata = action.metaData;
      } else if ('protocol' in action) {
        this.protocol = action.protocol;
      } else if ('txn' in action) {
        this.transactions.set(action.txn.appId, action.txn);
      } else if (!('commitInfo' in action) && !isIgnorableAction(action)) {
        throw new Error(`${where}: unknown action ${JSON.stringify(Object.keys(action))}`);
      }
    }
  }
}

/** Paths compare after URI decoding, so `a%20b` and `a b` name the same file. */
function canonicalPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isIgnorableAction(action: object): boolean {
  // cdc files and domain metadata carry no table state a reader of this protocol level needs.
  return 'cdc' in action || 'domainMetadata' in action || 'checkpointMetadata' in action || 'sidecar' in action;
}
