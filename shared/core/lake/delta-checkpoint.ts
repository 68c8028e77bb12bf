/**
 * Parquet checkpoints: reading one (any writer's, via its action columns) into log actions, and
 * writing a classic single-file checkpoint of a snapshot plus the `_last_checkpoint` hint.
 */
import { Bool, Field, Int32, Int64, List, Map_, Struct, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { ObjectStore } from '../storage/object-store';
import { DeltaAction, checkpointKey, lastCheckpointKey, parseLastCheckpoint } from './delta-log';
import type { DeltaSnapshot } from './delta-snapshot';
import { parquetToTable, tableToParquet } from './parquet';

const ACTION_COLUMNS = ['protocol', 'metaData', 'add', 'remove', 'txn'] as const;

/** The actions stored in the given checkpoint part files, in file order. */
export async function readCheckpointActions(store: ObjectStore, keys: readonly string[]): Promise<DeltaAction[]> {
  const actions: DeltaAction[] = [];
  for (const key of keys) {
    const table = parquetToTable((await store.get(key)).body, `${store.description}/${key}`);
    const present = ACTION_COLUMNS.filter((name) => table.schema.fields.some((f) => f.name === name));
    const columns = present.map((name) => ({ name, vector: table.getChild(name) }));
    for (let row = 0; row < table.numRows; row++) {
      for (const { name, vector } of columns) {
        const value = vector?.get(row);
        if (value === null || value === undefined) continue;
        actions.push({ [name]: plainValue(value, `${key} row ${row} ${name}`) } as DeltaAction);
      }
    }
  }
  return actions;
}

/** Writes `<version>.checkpoint.parquet` for the snapshot and points `_last_checkpoint` at it. */
export async function writeCheckpointOfSnapshot(
  store: ObjectStore,
  snapshot: DeltaSnapshot,
): Promise<{ key: string; size: number }> {
  const rows: Array<Record<string, unknown>> = [];
  rows.push({ protocol: snapshot.protocol });
  rows.push({
    metaData: {
      ...snapshot.metadata,
      format: { provider: snapshot.metadata.format.provider, options: toMap(snapshot.metadata.format.options) },
      configuration: toMap(snapshot.metadata.configuration),
      createdTime: toLong(snapshot.metadata.createdTime),
    },
  });
  for (const txn of snapshot.transactions) {
    rows.push({ txn: { ...txn, version: toLong(txn.version), lastUpdated: toLong(txn.lastUpdated) } });
  }
  for (const add of snapshot.files) {
    rows.push({
      add: {
        ...add,
        partitionValues: toMap(add.partitionValues),
        size: toLong(add.size),
        modificationTime: toLong(add.modificationTime),
        dataChange: false,
        tags: add.tags ? toMap(add.tags) : null,
      },
    });
  }
  for (const remove of snapshot.tombstones) {
    rows.push({
      remove: {
        ...remove,
        deletionTimestamp: toLong(remove.deletionTimestamp),
        dataChange: false,
        partitionValues: remove.partitionValues ? toMap(remove.partitionValues) : null,
        size: toLong(remove.size),
      },
    });
  }
  const struct = checkpointStruct();
  const table = new Table(
    Object.fromEntries(
      struct.children.map((field) => [
        field.name,
        vectorFromArray(
          rows.map((r) => r[field.name] ?? null),
          field.type,
        ),
      ]),
    ),
  );
  const key = checkpointKey(snapshot.tablePath, snapshot.version);
  await store.put(key, tableToParquet(table), { contentType: 'application/vnd.apache.parquet' });
  // A checkpoint of an older version must not move the hint backwards.
  const hint = await store.tryGet(lastCheckpointKey(snapshot.tablePath));
  const hinted = hint === undefined ? -1 : (parseLastCheckpoint(hint.body)?.version ?? -1);
  if (snapshot.version >= hinted) {
    await store.put(
      lastCheckpointKey(snapshot.tablePath),
      JSON.stringify({ version: snapshot.version, size: rows.length }),
      {
        contentType: 'application/json',
      },
    );
  }
  return { key, size: rows.length };
}

/** The checkpoint schema of the protocol (columns this implementation reads and writes). */
function checkpointStruct(): Struct {
  const text = (name: string): Field => new Field(name, new Utf8(), true);
  const long = (name: string): Field => new Field(name, new Int64(), true);
  const bool = (name: string): Field => new Field(name, new Bool(), true);
  const stringMap = (name: string): Field =>
    new Field(
      name,
      new Map_<Utf8, Utf8>(
        new Field(
          'key_value',
          new Struct<{ key: Utf8; value: Utf8 }>([
            new Field('key', new Utf8(), false),
            new Field('value', new Utf8(), true),
          ]),
          false,
        ),
      ),
      true,
    );
  const struct = (name: string, fields: Field[]): Field => new Field(name, new Struct(fields), true);
  return new Struct([
    struct('txn', [text('appId'), long('version'), long('lastUpdated')]),
    struct('add', [
      text('path'),
      stringMap('partitionValues'),
      long('size'),
      long('modificationTime'),
      bool('dataChange'),
      text('stats'),
      stringMap('tags'),
    ]),
    struct('remove', [
      text('path'),
      long('deletionTimestamp'),
      bool('dataChange'),
      bool('extendedFileMetadata'),
      stringMap('partitionValues'),
      long('size'),
    ]),
    struct('metaData', [
      text('id'),
      text('name'),
      text('description'),
      struct('format', [text('provider'), stringMap('options')]),
      text('schemaString'),
      new Field('partitionColumns', new List(new Field('element', new Utf8(), true)), true),
      stringMap('configuration'),
      long('createdTime'),
    ]),
    struct('protocol', [
      new Field('minReaderVersion', new Int32(), true),
      new Field('minWriterVersion', new Int32(), true),
    ]),
  ]);
}

/** Arrow row values (StructRow, MapRow, Vector, bigint) as plain JSON-like values. */
function plainValue(value: unknown, where: string): unknown {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`${where}: 64-bit value ${value} exceeds the safe integer range`);
    }
    return Number(value);
  }
  if (value === null || typeof value !== 'object') return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function' && !Array.isArray(value)) return plainValue(withJson.toJSON(), where);
  if (Array.isArray(value)) return value.map((item) => plainValue(item, where));
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[key] = plainValue(inner, where);
  return result;
}

function toMap(record: Record<string, string | null> | null | undefined): Map<string, string | null> {
  return new Map(Object.entries(record ?? {}));
}

function toLong(value: number | null | undefined): bigint | null {
  return value === null || value === undefined ? null : BigInt(value);
}
