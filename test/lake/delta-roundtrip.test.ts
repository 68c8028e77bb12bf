/**
 * Write -> read round trips on both local stores. Oracles: the plain JS rows the tables were
 * built from, and statistics recomputed from those rows by simple loops.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RecordBatch } from 'apache-arrow';
import { ObjectStore } from '../../shared/core/storage/object-store';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { AddFile, deltaHistory, readDeltaTable, writeCheckpoint, writeDeltaTable } from '../../shared/core/lake/delta';
import { SampleRow, fromArrow, sampleRows, toArrow } from './sample-data';

const tempRoots: string[] = [];
after(() => {
  for (const root of tempRoots) fs.rmSync(root, { recursive: true, force: true });
});

const stores: Array<[string, () => ObjectStore]> = [
  ['MemoryObjectStore', () => new MemoryObjectStore()],
  [
    'FsObjectStore',
    () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-roundtrip-'));
      tempRoots.push(root);
      return new FsObjectStore(root);
    },
  ],
];

type Stat = number | string;
interface ExpectedStats {
  numRecords: number;
  minValues: Record<string, Stat>;
  maxValues: Record<string, Stat>;
  nullCount: Record<string, number>;
}

/** Delta stats of `rows` computed straight from the JS values. */
function expectedStats(rows: readonly SampleRow[], partitionColumns: readonly string[]): ExpectedStats {
  const stats: ExpectedStats = { numRecords: rows.length, minValues: {}, maxValues: {}, nullCount: {} };
  const columns: Array<[keyof SampleRow, (v: never) => Stat | undefined]> = [
    ['id', (v: bigint) => Number(v)],
    ['admission_year_month', (v: string) => v],
    ['age', (v: number) => v],
    ['bmi', (v: number) => v],
    ['hypertension', (v: number) => v],
    ['smoker', () => undefined], // booleans carry only a null count
    ['admitted_on', (v: number) => new Date(v).toISOString().slice(0, 10)],
    ['recorded_at', (v: number) => new Date(v).toISOString()],
    ['note', (v: string) => v],
  ];
  for (const [name, format] of columns) {
    if (partitionColumns.includes(name)) continue;
    const present = rows.map((r) => r[name]).filter((v) => v !== null);
    stats.nullCount[name] = rows.length - present.length;
    if (present.length === 0 || format(present[0] as never) === undefined) continue;
    const sorted = [...present].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
    stats.minValues[name] = format(sorted[0] as never) as Stat;
    const max = sorted[sorted.length - 1];
    // Strings over 32 characters get no max (a cut max would not bound the column).
    if (!(typeof max === 'string' && max.length > 32)) stats.maxValues[name] = format(max as never) as Stat;
  }
  return stats;
}

function statsOf(add: AddFile): ExpectedStats {
  assert.equal(typeof add.stats, 'string', `add ${add.path} has no stats`);
  return JSON.parse(add.stats as string) as ExpectedStats;
}

for (const [storeName, makeStore] of stores) {
  describe(`Delta round trip on ${storeName}`, () => {
    test('partitioned write reads back row for row, with correct stats and folders', async () => {
      const store = makeStore();
      const rows = sampleRows(120, 7);
      const result = await writeDeltaTable(store, 'silver/stroke', toArrow(rows), {
        mode: 'overwrite',
        partitionBy: ['admission_year_month'],
      });
      assert.equal(result.version, 0);
      assert.equal(result.rowsWritten, 120);
      assert.equal(result.conditionalCommits, true);
      const months = new Set(rows.map((r) => r.admission_year_month));
      assert.equal(result.filesAdded, months.size);

      const read = await readDeltaTable(store, 'silver/stroke');
      assert.equal(read.version, 0);
      assert.deepEqual(fromArrow(read.table), rows);
      assert.deepEqual(
        read.table.schema.fields.map((f) => f.name),
        Object.keys(rows[0]),
      );
      assert.deepEqual(read.metadata.partitionColumns, ['admission_year_month']);
      const narrow = await readDeltaTable(store, 'silver/stroke', { columns: ['note', 'admission_year_month'] });
      assert.deepEqual(
        narrow.table.schema.fields.map((f) => f.name),
        ['note', 'admission_year_month'],
      );
      const pairs = (rs: Array<{ note: string | null; admission_year_month: string | null }>): string[] =>
        rs.map((r) => `${r.note}|${r.admission_year_month}`).sort();
      assert.deepEqual(pairs(narrow.table.toArray().map((r) => r.toJSON() as SampleRow)), pairs(rows));
      await assert.rejects(readDeltaTable(store, 'silver/stroke', { columns: ['nope'] }), /has no column "nope"/);

      for (const add of read.files) {
        const month = add.partitionValues.admission_year_month;
        const folder = month === null ? '__HIVE_DEFAULT_PARTITION__' : month;
        assert.match(
          add.path,
          new RegExp(`^admission_year_month=${folder}/part-\\d{5}-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet$`),
        );
        assert.equal(add.dataChange, true);
        const inFile = rows.filter((r) => r.admission_year_month === month);
        assert.deepEqual(statsOf(add), expectedStats(inFile, ['admission_year_month']));
        const stored = await store.get(`silver/stroke/${add.path}`);
        assert.equal(add.size, stored.body.byteLength);
        // Snappy Parquet: PAR1 magic at both ends.
        assert.equal(Buffer.from(stored.body.subarray(0, 4)).toString(), 'PAR1');
      }
    });

    test('unpartitioned streamed batches split at targetRowsPerFile', async () => {
      const store = makeStore();
      const rows = sampleRows(250, 11);
      async function* batches(): AsyncGenerator<RecordBatch, void, undefined> {
        for (let start = 0; start < rows.length; start += 64) yield* toArrow(rows.slice(start, start + 64)).batches;
      }
      const result = await writeDeltaTable(store, 'gold/features', batches(), {
        mode: 'append',
        targetRowsPerFile: 100,
      });
      assert.equal(result.filesAdded, 3);
      const read = await readDeltaTable(store, 'gold/features');
      assert.deepEqual(fromArrow(read.table), rows);
      const counts = read.files.map((f) => statsOf(f).numRecords).sort((a, b) => a - b);
      assert.deepEqual(counts, [50, 100, 100]);
      // Files are filled in input order, so the ids of each file are a contiguous run.
      const total = read.files.map((f) => statsOf(f)).reduce((n, s) => n + s.numRecords, 0);
      assert.equal(total, 250);
      for (const add of read.files) {
        const s = statsOf(add);
        assert.equal((s.maxValues.id as number) - (s.minValues.id as number) + 1, s.numRecords);
        const inFile = rows.filter(
          (r) => Number(r.id) >= (s.minValues.id as number) && Number(r.id) <= (s.maxValues.id as number),
        );
        assert.deepEqual(s, expectedStats(inFile, []));
      }
    });

    test('append, overwrite, time travel and history', async () => {
      const store = makeStore();
      const first = sampleRows(40, 1, 0);
      const second = sampleRows(30, 2, 1000);
      const third = sampleRows(10, 3, 5000);
      const opts = { partitionBy: ['admission_year_month'] };
      const v0 = await writeDeltaTable(store, 't', toArrow(first), { mode: 'overwrite', ...opts });
      const v1 = await writeDeltaTable(store, 't', toArrow(second), { mode: 'append' });
      const v2 = await writeDeltaTable(store, 't', toArrow(third), {
        mode: 'overwrite',
        commitInfo: { pipelineRun: 'run-3' },
      });
      assert.deepEqual([v0.version, v1.version, v2.version], [0, 1, 2]);
      assert.equal(v2.filesRemoved, v0.filesAdded + v1.filesAdded);

      assert.deepEqual(fromArrow((await readDeltaTable(store, 't')).table), third);
      assert.deepEqual(fromArrow((await readDeltaTable(store, 't', { version: 1 })).table), [...first, ...second]);
      assert.deepEqual(fromArrow((await readDeltaTable(store, 't', { version: 0 })).table), first);
      await assert.rejects(readDeltaTable(store, 't', { version: 3 }), /has no version 3; versions run up to 2/);

      const history = await deltaHistory(store, 't');
      assert.deepEqual(
        history.map((h) => [
          h.version,
          h.operation,
          h.operationParameters.mode,
          h.numFilesAdded,
          h.numFilesRemoved,
          h.readVersion,
        ]),
        [
          [0, 'WRITE', 'Overwrite', v0.filesAdded, 0, undefined],
          [1, 'WRITE', 'Append', v1.filesAdded, 0, 0],
          [2, 'WRITE', 'Overwrite', v2.filesAdded, v0.filesAdded + v1.filesAdded, 1],
        ],
      );
      assert.equal(history[0].operationParameters.partitionBy, '["admission_year_month"]');
      const log2 = new TextDecoder().decode((await store.get('t/_delta_log/00000000000000000002.json')).body);
      assert.match(log2, /"pipelineRun":"run-3"/);
      for (const line of log2.trim().split('\n')) {
        const action = JSON.parse(line) as { remove?: { deletionTimestamp: number; dataChange: boolean } };
        if (action.remove !== undefined) {
          assert.equal(action.remove.dataChange, true);
          assert.equal(typeof action.remove.deletionTimestamp, 'number');
        }
      }
    });

    test('version 0 log: commitInfo, protocol 1/2, metaData, then adds', async () => {
      const store = makeStore();
      await writeDeltaTable(store, 'p', toArrow(sampleRows(5, 4)), {
        mode: 'overwrite',
        partitionBy: ['admission_year_month'],
      });
      const lines = new TextDecoder()
        .decode((await store.get('p/_delta_log/00000000000000000000.json')).body)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
      assert.deepEqual(Object.keys(lines[0]), ['commitInfo']);
      assert.deepEqual(lines[1], { protocol: { minReaderVersion: 1, minWriterVersion: 2 } });
      const meta = lines[2].metaData;
      assert.match(meta.id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepEqual(meta.format, { provider: 'parquet', options: {} });
      assert.deepEqual(meta.configuration, {});
      assert.equal(typeof meta.createdTime, 'number');
      assert.deepEqual(JSON.parse(meta.schemaString as string), {
        type: 'struct',
        fields: [
          ['id', 'long'],
          ['admission_year_month', 'string'],
          ['age', 'double'],
          ['bmi', 'float'],
          ['hypertension', 'integer'],
          ['smoker', 'boolean'],
          ['admitted_on', 'date'],
          ['recorded_at', 'timestamp'],
          ['note', 'string'],
        ].map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
      });
      assert.ok(lines.slice(3).every((l) => Object.keys(l)[0] === 'add'));
    });

    test('a checkpoint written by us is read back and time travel before it still works', async () => {
      const store = makeStore();
      const batches = [sampleRows(8, 21, 0), sampleRows(8, 22, 100), sampleRows(8, 23, 200)];
      await writeDeltaTable(store, 'c', toArrow(batches[0]), {
        mode: 'overwrite',
        partitionBy: ['admission_year_month'],
      });
      await writeDeltaTable(store, 'c', toArrow(batches[1]), { mode: 'append' });
      const checkpoint = await writeCheckpoint(store, 'c');
      assert.equal(checkpoint.version, 1);
      await writeDeltaTable(store, 'c', toArrow(batches[2]), { mode: 'append' });
      await store.delete(['c/_delta_log/00000000000000000000.json', 'c/_delta_log/00000000000000000001.json']);
      const read = await readDeltaTable(store, 'c');
      assert.equal(read.version, 2);
      assert.deepEqual(fromArrow(read.table), [...batches[0], ...batches[1], ...batches[2]]);
      assert.deepEqual(fromArrow((await readDeltaTable(store, 'c', { version: 1 })).table), [
        ...batches[0],
        ...batches[1],
      ]);
      await assert.rejects(readDeltaTable(store, 'c', { version: 0 }), /commit 0 is missing/);
    });
  });
}
