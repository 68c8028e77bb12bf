/**
 * The reader against real tables written by Spark (Delta 0.8) and delta-rs. Expected values are
 * those of ../shared/fixtures/delta/README.md, computed there by replaying the log with DuckDB.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Table } from 'apache-arrow';
import { ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../../shared/core/storage/object-store';
import { ForwardingStore } from '../storage/forwarding-store';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { deltaHistory, findOrphanFiles, readDeltaTable } from '../../shared/core/lake/delta';

const projectRoot = path.resolve(__dirname, '..', '..');
const fixtures = path.resolve(projectRoot, '../shared/fixtures/delta');
const skip = fs.existsSync(fixtures)
  ? false
  : `Delta fixtures folder ${fixtures} is absent (only present next to the project in the shared workspace)`;

function sortedNumbers(table: Table, column: string): number[] {
  const vector = table.getChild(column);
  assert.ok(vector !== null, `column ${column} missing`);
  return Array.from(vector.toArray() as ArrayLike<number | bigint>, Number).sort((a, b) => a - b);
}

/** A read-only view of a store that hides some keys (to prove a checkpoint is really used). */
class HidingStore extends ForwardingStore {
  get supportsConditionalPut(): boolean {
    return false;
  }
  constructor(
    inner: ObjectStore,
    private readonly hidden: (key: string) => boolean,
  ) {
    super(inner);
  }
  async get(key: string): Promise<StoredObject> {
    if (this.hidden(key)) throw new Error(`hidden key read: ${key}`);
    return this.inner.get(key);
  }
  async tryGet(key: string): Promise<StoredObject | undefined> {
    return this.hidden(key) ? undefined : this.inner.tryGet(key);
  }
  async put(key: string, _body: Uint8Array | string, _options?: PutOptions): Promise<void> {
    throw new Error(`read-only view: put ${key}`);
  }
  async list(prefix: string): Promise<ObjectInfo[]> {
    return (await this.inner.list(prefix)).filter((o) => !this.hidden(o.key));
  }
  async delete(keys: string[]): Promise<void> {
    throw new Error(`read-only view: delete ${keys.join(',')}`);
  }
}

describe('Delta tables written by Spark and delta-rs', () => {
  const store = new FsObjectStore(fixtures);

  const simpleTable: Array<[number, number, number[]]> = [
    [0, 6, [0, 1, 2, 3, 4]],
    [1, 22, Array.from({ length: 20 }, (_, i) => i)],
    [2, 6, [5, 6, 7, 8, 9]],
    [3, 6, [5, 7, 9, 106, 108]],
    [4, 5, [5, 7, 9]],
  ];
  for (const [version, activeFiles, ids] of simpleTable) {
    test(
      `simple_table version ${version}: ${activeFiles} active files, ids ${ids.length > 6 ? '0..19' : ids.join(',')}`,
      { skip },
      async () => {
        const result = await readDeltaTable(store, 'simple_table', { version });
        assert.equal(result.version, version);
        assert.equal(result.files.length, activeFiles);
        assert.deepEqual(sortedNumbers(result.table, 'id'), ids);
        assert.equal(String(result.table.schema.fields[0].type), 'Int64');
      },
    );
  }

  test('simple_table without a version reads the latest (4)', { skip }, async () => {
    const result = await readDeltaTable(store, 'simple_table');
    assert.equal(result.version, 4);
    assert.deepEqual(sortedNumbers(result.table, 'id'), [5, 7, 9]);
    assert.deepEqual(result.protocol, { minReaderVersion: 1, minWriterVersion: 2 });
    assert.equal(result.metadata.id, '5fba94ed-9794-4965-ba6e-6ee3c0d22af9');
  });

  test('simple_table_with_checkpoint latest is 10 with 11 files; works with commits 0-9 hidden', { skip }, async () => {
    const expected = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const result = await readDeltaTable(store, 'simple_table_with_checkpoint');
    assert.equal(result.version, 10);
    assert.equal(result.files.length, 11);
    assert.deepEqual(sortedNumbers(result.table, 'version'), expected);
    // Only the Parquet checkpoint (via _last_checkpoint) can supply versions 0-9 now.
    const withoutEarlyCommits = new HidingStore(store, (key) => /_delta_log\/0{19}\d\.json$/.test(key));
    const fromCheckpoint = await readDeltaTable(withoutEarlyCommits, 'simple_table_with_checkpoint');
    assert.equal(fromCheckpoint.version, 10);
    assert.deepEqual(sortedNumbers(fromCheckpoint.table, 'version'), expected);
    assert.equal(fromCheckpoint.metadata.id, 'cf3741a3-5f93-434f-99ac-9a4bebcdf06c');
    await assert.rejects(
      readDeltaTable(withoutEarlyCommits, 'simple_table_with_checkpoint', { version: 5 }),
      /commit 0 is missing/,
    );
  });

  test('simple_table_with_checkpoint time travel before the checkpoint replays JSON', { skip }, async () => {
    for (const version of [0, 5, 9]) {
      const result = await readDeltaTable(store, 'simple_table_with_checkpoint', { version });
      assert.equal(result.files.length, version + 1);
      // Version v appended one row with value v-1 (version 0 and 1 both wrote 0).
      assert.equal(result.table.numRows, version + 1);
    }
  });

  test('delta-0.8.0-partitioned: 6 files, 7 rows, year/month/day restored from the log', { skip }, async () => {
    const result = await readDeltaTable(store, 'delta-0.8.0-partitioned');
    assert.equal(result.version, 0);
    assert.equal(result.files.length, 6);
    assert.deepEqual(result.metadata.partitionColumns, ['year', 'month', 'day']);
    assert.deepEqual(
      result.table.schema.fields.map((f) => f.name),
      ['value', 'year', 'month', 'day'],
    );
    const rows = result.table.toArray().map((row) => {
      const r = row.toJSON() as Record<string, string>;
      return `${r.value} ${r.year}/${r.month}/${r.day}`;
    });
    assert.deepEqual(rows.sort(), [
      '1 2020/1/1',
      '2 2020/2/3',
      '3 2020/2/5',
      '4 2021/4/5',
      '5 2021/12/4',
      '6 2021/12/20',
      '7 2021/12/20',
    ]);
  });

  test('history of simple_table lists the five operations', { skip }, async () => {
    const history = await deltaHistory(store, 'simple_table');
    assert.deepEqual(
      history.map((h) => [h.version, h.operation, h.numFilesAdded, h.numFilesRemoved]),
      [
        [0, 'WRITE', 6, 0],
        [1, 'MERGE', 21, 5],
        [2, 'WRITE', 6, 22],
        [3, 'UPDATE', 2, 2],
        [4, 'DELETE', 1, 2],
      ],
    );
    assert.equal(history[2].operationParameters.mode, 'Overwrite');
  });

  test('orphans of simple_table are the Parquet files no log line names', { skip }, async () => {
    // Oracle: the folder listing minus every "path" that appears anywhere in the JSON log.
    const folder = path.join(fixtures, 'simple_table');
    const logText = fs
      .readdirSync(path.join(folder, '_delta_log'))
      .map((f) => fs.readFileSync(path.join(folder, '_delta_log', f), 'utf8'))
      .join('\n');
    const named = new Set(Array.from(logText.matchAll(/"path":"([^"]+)"/g), (m) => m[1]));
    const expected = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.parquet') && !named.has(f))
      .map((f) => `simple_table/${f}`);
    assert.ok(expected.length > 0);
    assert.deepEqual(
      (await findOrphanFiles(store, 'simple_table')).map((o) => o.key),
      expected.sort(),
    );
    assert.deepEqual(await findOrphanFiles(store, 'delta-0.8.0-partitioned'), []);
  });
});
