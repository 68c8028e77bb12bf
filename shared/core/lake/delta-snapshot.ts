/**
 * Reconstructs the state of a Delta table at one version: finds the newest usable checkpoint at
 * or before it (trying `_last_checkpoint` first), then replays the JSON commits after it.
 */
import { ObjectStore, joinKey } from '../storage/object-store';
import { readCheckpointActions } from './delta-checkpoint';
import { DeltaTableNotFoundError, DeltaUnsupportedFeatureError } from './delta-errors';
import {
  AddFile,
  LOG_FOLDER,
  MetadataAction,
  ProtocolAction,
  RemoveFile,
  ReplayState,
  TxnAction,
  checkpointKey,
  classifyLogFile,
  lastCheckpointKey,
  logFolderKey,
  parseCommit,
  parseLastCheckpoint,
} from './delta-log';
import { DeltaSchema, parseSchemaString } from './delta-schema';

/** Highest protocol versions this implementation implements. */
const SUPPORTED_READER_VERSION = 1;
const SUPPORTED_WRITER_VERSION = 2;

export interface DeltaSnapshot {
  tablePath: string;
  location: string;
  version: number;
  protocol: ProtocolAction;
  metadata: MetadataAction;
  schema: DeltaSchema;
  /** Active data files, sorted by path. */
  files: AddFile[];
  tombstones: RemoveFile[];
  transactions: TxnAction[];
}

export interface LogListing {
  /** Commit version -> object key. */
  commits: Map<number, string>;
  /** Versions with a complete checkpoint -> the keys of all its parts. */
  checkpoints: Map<number, string[]>;
}

/** `<store description>/<table path>` for messages, e.g. s3://silver/stroke or memory://t. */
export function tableLocation(store: ObjectStore, tablePath: string): string {
  const base = store.description.endsWith('/') ? store.description : `${store.description}/`;
  return `${base}${joinKey(tablePath)}`;
}

export async function listLog(store: ObjectStore, tablePath: string): Promise<LogListing> {
  const folder = `${logFolderKey(tablePath)}/`;
  const commits = new Map<number, string>();
  const parts = new Map<number, { expected: number; keys: Map<number, string> }>();
  for (const object of await store.list(folder)) {
    const name = object.key.slice(folder.length);
    const kind = classifyLogFile(name);
    if (kind === undefined) continue;
    if (kind.kind === 'commit') {
      commits.set(kind.version, object.key);
    } else {
      const entry = parts.get(kind.version) ?? { expected: kind.parts, keys: new Map<number, string>() };
      if (entry.expected === kind.parts) entry.keys.set(kind.part, object.key);
      parts.set(kind.version, entry);
    }
  }
  const checkpoints = new Map<number, string[]>();
  for (const [version, entry] of parts) {
    if (entry.keys.size !== entry.expected) continue; // a partly written checkpoint is unusable
    checkpoints.set(
      version,
      [...entry.keys.entries()].sort((a, b) => a[0] - b[0]).map(([, key]) => key),
    );
  }
  return { commits, checkpoints };
}

export async function loadSnapshot(
  store: ObjectStore,
  tablePath: string,
  options: { version?: number } = {},
): Promise<DeltaSnapshot> {
  const location = tableLocation(store, tablePath);
  const listing = await listLog(store, tablePath);
  const known = [...listing.commits.keys(), ...listing.checkpoints.keys()];
  if (known.length === 0) throw new DeltaTableNotFoundError(location);
  const latest = Math.max(...known);
  const target = options.version ?? latest;
  if (!Number.isSafeInteger(target) || target < 0 || target > latest) {
    throw new Error(`Delta table ${location} has no version ${target}; versions run up to ${latest}`);
  }

  const state = new ReplayState();
  const checkpointVersion = await chooseCheckpoint(store, tablePath, listing, target);
  let firstCommit = 0;
  if (checkpointVersion !== undefined) {
    const keys = listing.checkpoints.get(checkpointVersion) ?? [checkpointKey(tablePath, checkpointVersion)];
    state.apply(await readCheckpointActions(store, keys), `${location} checkpoint ${checkpointVersion}`);
    firstCommit = checkpointVersion + 1;
  }
  for (let version = firstCommit; version <= target; version++) {
    const key = listing.commits.get(version);
    if (key === undefined) {
      throw new Error(
        `Delta table ${location} cannot be read at version ${target}: commit ${version} is missing from ` +
          `${LOG_FOLDER} and no checkpoint covers it (log cleaned up or incomplete)`,
      );
    }
    const text = new TextDecoder().decode((await store.get(key)).body);
    const where = tableLocation(store, key);
    state.apply(parseCommit(text, where), where);
  }
  return snapshotFromState(state, location, tablePath, target);
}

function snapshotFromState(state: ReplayState, location: string, tablePath: string, version: number): DeltaSnapshot {
  if (state.protocol === undefined || state.metadata === undefined) {
    throw new Error(
      `Delta table ${location} version ${version} has no ${state.protocol ? 'metaData' : 'protocol'} action`,
    );
  }
  assertReadable(state.protocol, location);
  if (state.metadata.format.provider !== 'parquet') {
    throw new DeltaUnsupportedFeatureError(location, `data format "${state.metadata.format.provider}" (only parquet)`);
  }
  const files = [...state.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const withDeletionVector = files.find((f) => f.deletionVector !== undefined && f.deletionVector !== null);
  if (withDeletionVector !== undefined) {
    throw new DeltaUnsupportedFeatureError(location, `file ${withDeletionVector.path} has a deletion vector`);
  }
  return {
    tablePath,
    location,
    version,
    protocol: state.protocol,
    metadata: state.metadata,
    schema: parseSchemaString(state.metadata.schemaString, `${location} metaData`),
    files,
    tombstones: [...state.tombstones.values()],
    transactions: [...state.transactions.values()],
  };
}

/** Throws when the table needs a newer reader (or writer) than this one, naming its features. */
function assertSupported(
  role: 'reader' | 'writer',
  required: number,
  features: readonly string[] | undefined,
  supported: number,
  location: string,
): void {
  if (!(required > supported)) return;
  const listed = features?.length ? ` (${role} features: ${features.join(', ')})` : '';
  throw new DeltaUnsupportedFeatureError(
    location,
    `it requires ${role} version ${required}${listed}; this ${role} implements version ${supported}`,
  );
}

function assertReadable(protocol: ProtocolAction, location: string): void {
  assertSupported('reader', protocol.minReaderVersion, protocol.readerFeatures, SUPPORTED_READER_VERSION, location);
}

export function assertWritable(protocol: ProtocolAction, location: string): void {
  assertSupported('writer', protocol.minWriterVersion, protocol.writerFeatures, SUPPORTED_WRITER_VERSION, location);
}

async function chooseCheckpoint(
  store: ObjectStore,
  tablePath: string,
  listing: LogListing,
  target: number,
): Promise<number | undefined> {
  const hinted = await readLastCheckpointVersion(store, tablePath);
  const candidates = [...listing.checkpoints.keys()].filter((v) => v <= target);
  // The hint is trusted even if a lagging listing does not show its checkpoint yet.
  if (hinted !== undefined && hinted <= target) candidates.push(hinted);
  return candidates.length > 0 ? Math.max(...candidates) : undefined;
}

async function readLastCheckpointVersion(store: ObjectStore, tablePath: string): Promise<number | undefined> {
  const found = await store.tryGet(lastCheckpointKey(tablePath));
  const hint = found === undefined ? undefined : parseLastCheckpoint(found.body);
  // Multi-part hints are resolved from the listing, which knows every part's key.
  return hint !== undefined && hint.parts === undefined ? hint.version : undefined;
}
