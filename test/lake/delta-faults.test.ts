/**
 * Failure behaviour of the Delta writer and reader: crashes before the commit, racing writers,
 * stores without put-if-absent, protocol features we lack, and bad input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, Uint32, Utf8, vectorFromArray } from 'apache-arrow';
import { ObjectInfo, ObjectStore, PutOptions } from '../../shared/core/storage/object-store';
import { ForwardingStore } from '../storage/forwarding-store';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import {
  DeltaConflictError,
  DeltaTableNotFoundError,
  DeltaUnsupportedFeatureError,
  findOrphanFiles,
  readDeltaTable,
  writeDeltaTable,
} from '../../shared/core/lake/delta';
import { fromArrow, sampleRows, toArrow } from './sample-data';

const isCommit = (key: string): boolean => /_delta_log\/\d{20}\.json$/.test(key);

/** A store that, like a local S3 server ignoring If-None-Match, cannot refuse overwrites. */
class NonConditionalStore extends ForwardingStore {
  get supportsConditionalPut(): boolean {
    return false;
  }
  get description(): string {
    return 'memory://no-conditional';
  }
  constructor() {
    super(new MemoryObjectStore());
  }
  put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    return this.inner.put(key, body, { ...options, ifNoneMatch: false });
  }
}

describe('Delta writer failures', () => {
  test('a crash before the log write leaves readers on the old version and orphans the new files', async () => {
    const store = new MemoryObjectStore();
    const first = sampleRows(20, 31, 0);
    await writeDeltaTable(store, 't', toArrow(first), { mode: 'overwrite', partitionBy: ['admission_year_month'] });

    store.failPutsMatching(isCommit);
    await assert.rejects(
      writeDeltaTable(store, 't', toArrow(sampleRows(15, 32, 100)), { mode: 'append' }),
      /simulated crash/,
    );
    const afterCrash = await readDeltaTable(store, 't');
    assert.equal(afterCrash.version, 0);
    assert.deepEqual(fromArrow(afterCrash.table), first);

    const active = new Set(afterCrash.files.map((f) => `t/${f.path}`));
    const parquetKeys = (await store.list('t/')).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
    const expectedOrphans = parquetKeys.filter((k) => !active.has(k));
    assert.ok(expectedOrphans.length > 0);
    assert.deepEqual(
      (await findOrphanFiles(store, 't')).map((o) => o.key),
      expectedOrphans,
    );

    store.clearFaults();
    const third = sampleRows(5, 33, 200);
    const retry = await writeDeltaTable(store, 't', toArrow(third), { mode: 'append' });
    assert.equal(retry.version, 1);
    assert.deepEqual(fromArrow((await readDeltaTable(store, 't')).table), [...first, ...third]);
    assert.deepEqual(
      (await findOrphanFiles(store, 't')).map((o) => o.key),
      expectedOrphans,
    );
  });

  test('two writers racing for the same version: one commits, the other gets DeltaConflictError', async () => {
    const store = new MemoryObjectStore();
    await writeDeltaTable(store, 'race', toArrow(sampleRows(4, 41, 0)), { mode: 'overwrite' });
    // Hold both writers' commits until both have prepared theirs, so both target version 1.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothReady = new Promise<void>((resolve) => (release = resolve));
    store.interceptPuts(async (key) => {
      if (!isCommit(key)) return;
      arrived++;
      if (arrived === 2) release();
      await bothReady;
    });
    const writes = await Promise.allSettled([
      writeDeltaTable(store, 'race', toArrow(sampleRows(3, 42, 100)), { mode: 'append' }),
      writeDeltaTable(store, 'race', toArrow(sampleRows(3, 43, 200)), { mode: 'append' }),
    ]);
    const won = writes.filter((w) => w.status === 'fulfilled');
    const lost = writes.filter((w): w is PromiseRejectedResult => w.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(lost[0].reason instanceof DeltaConflictError);
    assert.equal((lost[0].reason as DeltaConflictError).version, 1);
    assert.match(String(lost[0].reason.message), /memory:\/\/race: version 1 was committed by another writer/);
    const read = await readDeltaTable(store, 'race');
    assert.equal(read.version, 1);
    assert.equal(read.table.numRows, 7);
  });

  test('a store without conditional puts still commits but says so, and refuses a version it can see', async () => {
    const store = new NonConditionalStore();
    const result = await writeDeltaTable(store, 'nc', toArrow(sampleRows(3, 51)), { mode: 'overwrite' });
    assert.equal(result.conditionalCommits, false);
    assert.equal(result.version, 0);
    await writeDeltaTable(store, 'nc', toArrow(sampleRows(2, 52, 10)), { mode: 'append' });
    // A writer whose listing still ends at version 0 targets version 1, which now exists.
    await assert.rejects(
      writeDeltaTable(new StaleView(store, 0), 'nc', toArrow(sampleRows(1, 53, 20)), { mode: 'append' }),
      (e: unknown) =>
        e instanceof DeltaConflictError && e.version === 1 && /cannot enforce put-if-absent/.test(e.message),
    );
    assert.equal((await readDeltaTable(store, 'nc')).table.numRows, 5);
  });
});

/** Shows the log only up to `version`, as a writer with a stale listing would see it. */
class StaleView extends ForwardingStore {
  constructor(
    inner: ObjectStore,
    private readonly version: number,
  ) {
    super(inner);
  }
  async list(prefix: string): Promise<ObjectInfo[]> {
    return (await this.inner.list(prefix)).filter((o) => {
      const match = /(\d{20})\.json$/.exec(o.key);
      return match === null || Number(match[1]) <= this.version;
    });
  }
}

describe('Delta reader refusals', () => {
  async function tableWithLog(lines: object[]): Promise<MemoryObjectStore> {
    const store = new MemoryObjectStore();
    await store.put('x/_delta_log/00000000000000000000.json', lines.map((l) => JSON.stringify(l)).join('\n'));
    return store;
  }
  const metaData = {
    id: 'i',
    format: { provider: 'parquet', options: {} },
    partitionColumns: [],
    configuration: {},
    schemaString: JSON.stringify({
      type: 'struct',
      fields: [{ name: 'a', type: 'integer', nullable: true, metadata: {} }],
    }),
  };

  test('a table needing reader version 3 is rejected naming the version and features', async () => {
    const store = await tableWithLog([
      {
        protocol: {
          minReaderVersion: 3,
          minWriterVersion: 7,
          readerFeatures: ['deletionVectors'],
          writerFeatures: ['deletionVectors'],
        },
      },
      { metaData },
    ]);
    await assert.rejects(
      readDeltaTable(store, 'x'),
      (e: unknown) =>
        e instanceof DeltaUnsupportedFeatureError &&
        /reader version 3 \(reader features: deletionVectors\)/.test(e.message),
    );
  });

  test('a writer-version-7 table refuses our writes', async () => {
    const store = await tableWithLog([
      { protocol: { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['checkConstraints'] } },
      { metaData },
    ]);
    const data = new Table({ a: vectorFromArray([1], new Int32()) });
    await assert.rejects(
      writeDeltaTable(store, 'x', data, { mode: 'append' }),
      /writer version 7 \(writer features: checkConstraints\)/,
    );
  });

  test('unsupported column types in the schema are named', async () => {
    const store = await tableWithLog([
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      {
        metaData: {
          ...metaData,
          schemaString: JSON.stringify({
            type: 'struct',
            fields: [{ name: 'price', type: 'decimal(10,2)', nullable: true, metadata: {} }],
          }),
        },
      },
    ]);
    await assert.rejects(readDeltaTable(store, 'x'), /column "price" has Delta type "decimal\(10,2\)"/);
  });

  test('a missing table is DeltaTableNotFoundError; a corrupt commit names file and line', async () => {
    await assert.rejects(readDeltaTable(new MemoryObjectStore(), 'nothing'), DeltaTableNotFoundError);
    const store = await tableWithLog([{ protocol: { minReaderVersion: 1, minWriterVersion: 2 } }]);
    await store.put('x/_delta_log/00000000000000000001.json', '{"add":{}}\n{not json');
    await assert.rejects(readDeltaTable(store, 'x'), /00000000000000000001\.json line 2: not valid JSON/);
  });
});

describe('Delta writer input checks', () => {
  test('append with a different schema is refused naming the column', async () => {
    const store = new MemoryObjectStore();
    await writeDeltaTable(store, 's', new Table({ a: vectorFromArray([1], new Int32()) }), { mode: 'overwrite' });
    await assert.rejects(
      writeDeltaTable(store, 's', new Table({ a: vectorFromArray(['x'], new Utf8()) }), { mode: 'append' }),
      /column "a" is string, table has integer/,
    );
    const replaced = await writeDeltaTable(store, 's', new Table({ a: vectorFromArray(['x'], new Utf8()) }), {
      mode: 'overwrite',
      overwriteSchema: true,
    });
    assert.equal(replaced.version, 1);
    assert.deepEqual((await readDeltaTable(store, 's')).table.getChild('a')?.toArray(), ['x']);
    assert.equal(String((await readDeltaTable(store, 's', { version: 0 })).table.schema.fields[0].type), 'Int32');
  });

  test('unsupported Arrow types, unknown partition columns and NOT NULL violations are named', async () => {
    const store = new MemoryObjectStore();
    await assert.rejects(
      writeDeltaTable(store, 'u', new Table({ n: vectorFromArray([1], new Uint32()) }), { mode: 'overwrite' }),
      /column "n" has Arrow type Uint32/,
    );
    const data = new Table({ a: vectorFromArray([1, null], new Int32()) });
    await assert.rejects(
      writeDeltaTable(store, 'u', data, { mode: 'overwrite', partitionBy: ['zzz'] }),
      /partition column "zzz" is not a column/,
    );
    await assert.rejects(
      writeDeltaTable(store, 'u', data, { mode: 'overwrite', partitionBy: ['a'] }),
      /at least one data column/,
    );
    // A table whose schema declares the column NOT NULL (as another engine may create it).
    const notNull = JSON.stringify({
      type: 'struct',
      fields: [{ name: 'a', type: 'integer', nullable: false, metadata: {} }],
    });
    await store.put(
      'nn/_delta_log/00000000000000000000.json',
      [
        JSON.stringify({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } }),
        JSON.stringify({
          metaData: {
            id: 'i',
            format: { provider: 'parquet', options: {} },
            schemaString: notNull,
            partitionColumns: [],
            configuration: {},
          },
        }),
      ].join('\n'),
    );
    await assert.rejects(writeDeltaTable(store, 'nn', data, { mode: 'append' }), /column "a" is NOT NULL .* 1 null/);
    await assert.rejects(writeDeltaTable(store, 'u', [], { mode: 'append' }), /cannot create a table from empty input/);
  });
});
