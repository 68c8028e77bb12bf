/**
 * A Delta write transaction (writer protocol version 2): data files first, then one commit file
 * created with put-if-absent, so either the whole write becomes the next version or none of it.
 */
import { randomUUID } from 'crypto';
import { RecordBatch, Schema, Table } from 'apache-arrow';
import { ObjectExistsError, ObjectStore, joinKey } from '../storage/object-store';
import { batchFromColumns, castColumn, columnData } from './arrow-columns';
import { PartitionedFileWriter, type FileWriterOptions } from './delta-data-files';
import { DeltaConflictError, DeltaTableNotFoundError, DeltaUnsupportedFeatureError } from './delta-errors';
import { AddFile, CommitInfo, DeltaAction, MetadataAction, RemoveFile, commitKey, serializeCommit } from './delta-log';
import { DeltaSchema, arrowSchemaToDelta, deltaSchemaToArrow, schemaDifference, schemaToString } from './delta-schema';
import { DeltaSnapshot, assertWritable, loadSnapshot, tableLocation } from './delta-snapshot';

export type DeltaWriteItem = Table | RecordBatch;
export type DeltaWriteInput = DeltaWriteItem | Iterable<DeltaWriteItem> | AsyncIterable<DeltaWriteItem>;

export interface WriteDeltaOptions {
  mode: 'overwrite' | 'append';
  partitionBy?: string[];
  /** Rows per data file (per partition); default 1,000,000. */
  targetRowsPerFile?: number;
  /** Recorded in commitInfo.operation; default WRITE. */
  operation?: string;
  /** Extra commitInfo fields (e.g. {pipelineRun: 'etl-2025-01'}). */
  commitInfo?: Record<string, unknown>;
  /** Overwrite may replace the schema or partitioning only when this is true. */
  overwriteSchema?: boolean;
  /** Table properties for a new table (metaData.configuration). */
  configuration?: Record<string, string>;
  /** Where data files are encoded: see PartitionedFileWriter (default: large files on the process-wide pool). */
  encoding?: FileWriterOptions;
}

export interface WriteDeltaResult {
  version: number;
  filesAdded: number;
  filesRemoved: number;
  rowsWritten: number;
  added: AddFile[];
  /** False when the store cannot refuse a second commit of the same version (e.g. a local S3 server). */
  conditionalCommits: boolean;
}

const ENGINE_INFO = 'stroke-risk-pipeline/delta-ts 0.1';
const DEFAULT_ROWS_PER_FILE = 1_000_000;

interface WrittenFiles {
  /** Undefined when the input had no Table or RecordBatch. */
  plan: WritePlan | undefined;
  files: PartitionedFileWriter | undefined;
  added: AddFile[];
}

/** Every data file of `input`, stored; the log is not touched. */
async function writeDataFiles(
  store: ObjectStore,
  tablePath: string,
  input: DeltaWriteInput,
  existing: DeltaSnapshot | undefined,
  options: WriteDeltaOptions,
  location: string,
): Promise<WrittenFiles> {
  let plan: WritePlan | undefined;
  let files: PartitionedFileWriter | undefined;
  let itemIndex = 0;
  try {
    for await (const item of itemsOf(input)) {
      const incoming = arrowSchemaToDelta(item.schema);
      if (plan === undefined) {
        plan = planWrite(existing, incoming, options, location);
        files = new PartitionedFileWriter(
          store,
          tablePath,
          plan.arrowSchema,
          plan.schema,
          plan.partitionColumns,
          options.targetRowsPerFile ?? DEFAULT_ROWS_PER_FILE,
          options.encoding,
        );
      } else {
        const difference = schemaDifference(plan.schema, incoming);
        if (difference !== undefined)
          throw new Error(`${location}: input item #${itemIndex} has a different schema: ${difference}`);
      }
      const batches = item instanceof Table ? item.batches : [item];
      for (const batch of batches) await (files as PartitionedFileWriter).write(conformBatch(batch, plan, location));
      itemIndex++;
    }
    return { plan, files, added: files !== undefined ? await files.finish() : [] };
  } catch (error) {
    // Nothing of a failed write may still be running when the caller hears of the failure.
    await files?.settle();
    throw error;
  }
}

export async function writeDeltaTable(
  store: ObjectStore,
  tablePath: string,
  input: DeltaWriteInput,
  options: WriteDeltaOptions,
): Promise<WriteDeltaResult> {
  if (options.mode !== 'overwrite' && options.mode !== 'append') {
    throw new Error(`write mode must be 'overwrite' or 'append', got ${JSON.stringify(options.mode)}`);
  }
  const location = tableLocation(store, tablePath);
  const existing = await loadExisting(store, tablePath);
  if (existing !== undefined) checkWritable(existing, options);

  const written = await writeDataFiles(store, tablePath, input, existing, options, location);
  const { files, added } = written;
  let plan = written.plan;
  if (plan === undefined) {
    if (existing === undefined) {
      throw new Error(
        `${location}: cannot create a table from empty input (no Table or RecordBatch to take the schema from)`,
      );
    }
    plan = planWrite(existing, existing.schema, options, location);
  }
  const removed = options.mode === 'overwrite' && existing !== undefined ? removalsOf(existing) : [];
  const version = existing === undefined ? 0 : existing.version + 1;

  const actions: DeltaAction[] = [{ commitInfo: commitInfoOf(existing, plan, options, files, added.length) }];
  if (existing === undefined) actions.push({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } });
  if (plan.metadata !== undefined) actions.push({ metaData: plan.metadata });
  for (const remove of removed) actions.push({ remove });
  for (const add of added) actions.push({ add });
  await commit(store, tablePath, version, serializeCommit(actions), location);
  return {
    version,
    filesAdded: added.length,
    filesRemoved: removed.length,
    rowsWritten: files?.rowsWritten ?? 0,
    added,
    conditionalCommits: store.supportsConditionalPut,
  };
}

interface WritePlan {
  schema: DeltaSchema;
  arrowSchema: Schema;
  partitionColumns: string[];
  /** A metaData action to commit (new table or replaced schema); undefined keeps the current one. */
  metadata?: MetadataAction;
}

function planWrite(
  existing: DeltaSnapshot | undefined,
  incoming: DeltaSchema,
  options: WriteDeltaOptions,
  location: string,
): WritePlan {
  const partitionBy = options.partitionBy ?? existing?.metadata.partitionColumns ?? [];
  validatePartitionColumns(incoming, partitionBy, location);
  if (existing !== undefined) {
    const difference = schemaDifference(existing.schema, incoming);
    const samePartitioning = sameList(partitionBy, existing.metadata.partitionColumns);
    if (difference === undefined && samePartitioning) {
      return {
        schema: existing.schema,
        arrowSchema: deltaSchemaToArrow(existing.schema),
        partitionColumns: partitionBy,
      };
    }
    const change =
      difference ??
      `partitioning ${JSON.stringify(partitionBy)} differs from ${JSON.stringify(existing.metadata.partitionColumns)}`;
    if (options.mode !== 'overwrite' || options.overwriteSchema !== true) {
      throw new Error(`${location}: ${change}; use mode 'overwrite' with overwriteSchema: true to replace the schema`);
    }
    const metadata: MetadataAction = {
      ...existing.metadata,
      schemaString: schemaToString(incoming),
      partitionColumns: partitionBy,
    };
    return { schema: incoming, arrowSchema: deltaSchemaToArrow(incoming), partitionColumns: partitionBy, metadata };
  }
  const metadata: MetadataAction = {
    id: randomUUID(),
    format: { provider: 'parquet', options: {} },
    schemaString: schemaToString(incoming),
    partitionColumns: partitionBy,
    configuration: { ...(options.configuration ?? {}) },
    createdTime: Date.now(),
  };
  return { schema: incoming, arrowSchema: deltaSchemaToArrow(incoming), partitionColumns: partitionBy, metadata };
}

function validatePartitionColumns(schema: DeltaSchema, partitionBy: readonly string[], location: string): void {
  for (const name of partitionBy) {
    const field = schema.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`${location}: partition column "${name}" is not a column of the data`);
    if (field.type === 'binary') throw new Error(`${location}: binary column "${name}" cannot be a partition column`);
  }
  if (new Set(partitionBy).size !== partitionBy.length) throw new Error(`${location}: partitionBy repeats a column`);
  if (partitionBy.length >= schema.fields.length) {
    throw new Error(`${location}: every column is a partition column; at least one data column is required`);
  }
}

/** Reorders and casts a batch to the planned schema, enforcing NOT NULL columns. */
function conformBatch(batch: RecordBatch, plan: WritePlan, location: string): RecordBatch {
  const columns = plan.arrowSchema.fields.map((field) => {
    const index = batch.schema.fields.findIndex((f) => f.name === field.name);
    const data = castColumn(columnData(batch, index), field.type, `${location} column "${field.name}"`);
    if (!field.nullable && data.nullCount > 0) {
      throw new Error(
        `${location}: column "${field.name}" is NOT NULL in the table schema but the input has ${data.nullCount} null(s)`,
      );
    }
    return data;
  });
  return batchFromColumns(plan.arrowSchema, columns, batch.numRows);
}

function checkWritable(existing: DeltaSnapshot, options: WriteDeltaOptions): void {
  assertWritable(existing.protocol, existing.location);
  if (options.mode === 'overwrite' && existing.metadata.configuration['delta.appendOnly'] === 'true') {
    throw new DeltaUnsupportedFeatureError(
      existing.location,
      'the table is append-only (delta.appendOnly=true); overwrite refused',
    );
  }
  const withInvariant = existing.schema.fields.find((f) => 'delta.invariants' in f.metadata);
  if (withInvariant !== undefined) {
    throw new DeltaUnsupportedFeatureError(
      existing.location,
      `column "${withInvariant.name}" has a delta.invariants check this writer cannot enforce`,
    );
  }
}

function removalsOf(existing: DeltaSnapshot): RemoveFile[] {
  const now = Date.now();
  return existing.files.map((file) => ({
    path: file.path,
    deletionTimestamp: now,
    dataChange: true,
    extendedFileMetadata: true,
    partitionValues: file.partitionValues,
    size: file.size,
  }));
}

function commitInfoOf(
  existing: DeltaSnapshot | undefined,
  plan: WritePlan,
  options: WriteDeltaOptions,
  files: PartitionedFileWriter | undefined,
  fileCount: number,
): CommitInfo {
  const info: CommitInfo = {
    timestamp: Date.now(),
    operation: options.operation ?? 'WRITE',
    operationParameters: {
      mode: options.mode === 'overwrite' ? 'Overwrite' : 'Append',
      partitionBy: JSON.stringify(plan.partitionColumns),
    },
    isBlindAppend: options.mode === 'append',
    operationMetrics: {
      numFiles: String(fileCount),
      numOutputRows: String(files?.rowsWritten ?? 0),
      numOutputBytes: String(files?.bytesWritten ?? 0),
    },
    engineInfo: ENGINE_INFO,
    ...(options.commitInfo ?? {}),
  };
  if (existing !== undefined) info.readVersion = existing.version;
  return info;
}

/**
 * Where writers on a store without put-if-absent claim a version before committing it. The folder
 * starts with `_`, so readers, Spark and the orphan scan skip it as a non-data folder.
 */
const CLAIMS_FOLDER = '_commit_claims';
/** A claim older than this belongs to a writer that died between claiming and committing. */
const CLAIM_TTL_MS = 10 * 60_000;
const CLAIM_ATTEMPTS = 6;

/**
 * Put-if-absent emulated on a linearizable store (s3rver's folder, a local disk): a writer puts a
 * claim with a unique name, then lists the version's claims, and proceeds only when its own is the
 * only live one. Two writers cannot both see only their own claim: each put precedes its list, so
 * the later list sees the earlier claim. Both may see two: both withdraw and retry after a random
 * pause, unless the version got committed meanwhile; after CLAIM_ATTEMPTS that is a conflict.
 */
async function claimVersion(store: ObjectStore, tablePath: string, version: number, location: string): Promise<string> {
  const prefix = `${joinKey(tablePath, CLAIMS_FOLDER)}/${String(version).padStart(20, '0')}.`;
  for (let attempt = 1; ; attempt++) {
    const own = `${prefix}${Date.now()}.${randomUUID()}`;
    await store.put(own, '', { contentType: 'text/plain' });
    const now = Date.now();
    const others = (await store.list(prefix)).filter((object) => object.key !== own);
    const age = (key: string): number => now - Number(key.slice(prefix.length).split('.')[0]);
    const stale = others.filter((object) => age(object.key) > CLAIM_TTL_MS);
    if (stale.length > 0) await store.delete(stale.map((object) => object.key));
    if (others.length === stale.length) return own;
    await store.delete([own]);
    const committed = (await store.tryGet(commitKey(tablePath, version))) !== undefined;
    if (committed || attempt === CLAIM_ATTEMPTS) {
      throw new DeltaConflictError(location, version, committed ? '' : ' (other writers claimed it at the same time)');
    }
    // A timing jitter only (no result depends on it), so it need not be seeded.
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 90 * attempt));
  }
}

async function commit(
  store: ObjectStore,
  tablePath: string,
  version: number,
  body: string,
  location: string,
): Promise<void> {
  const key = commitKey(tablePath, version);
  const claim = store.supportsConditionalPut ? undefined : await claimVersion(store, tablePath, version, location);
  try {
    if (claim !== undefined && (await store.tryGet(key)) !== undefined) {
      throw new DeltaConflictError(
        location,
        version,
        ' (seen before writing; this store cannot enforce put-if-absent)',
      );
    }
    await store.put(key, body, { ifNoneMatch: true, contentType: 'application/json' });
    // Without put-if-absent, "ok" only for a commit that is the table's: read it back (a writer outside
    // this protocol may have replaced it). A conditional put has already proven that.
    if (claim !== undefined) {
      const stored = new TextDecoder().decode((await store.get(key)).body);
      if (stored !== body)
        throw new DeltaConflictError(location, version, "; read back, the commit file is another writer's");
    }
  } catch (error) {
    if (error instanceof ObjectExistsError) {
      throw new DeltaConflictError(
        location,
        version,
        '; the data files this write left behind are orphans (see findOrphanFiles)',
      );
    }
    throw error;
  } finally {
    if (claim !== undefined) await store.delete([claim]);
  }
}

async function loadExisting(store: ObjectStore, tablePath: string): Promise<DeltaSnapshot | undefined> {
  try {
    return await loadSnapshot(store, tablePath);
  } catch (error) {
    if (error instanceof DeltaTableNotFoundError) return undefined;
    throw error;
  }
}

async function* itemsOf(input: DeltaWriteInput): AsyncGenerator<DeltaWriteItem> {
  if (input instanceof Table || input instanceof RecordBatch) {
    yield input;
    return;
  }
  if (Symbol.asyncIterator in input) {
    for await (const item of input as AsyncIterable<DeltaWriteItem>) yield checkItem(item);
    return;
  }
  for (const item of input as Iterable<DeltaWriteItem>) yield checkItem(item);
}

function checkItem(item: unknown): DeltaWriteItem {
  if (item instanceof Table || item instanceof RecordBatch) return item;
  throw new Error(
    `writeDeltaTable input must yield apache-arrow Tables or RecordBatches, got ${Object.prototype.toString.call(item)}`,
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
