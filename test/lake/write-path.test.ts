/**
 * The write path's column work on the cases its fast paths treat specially: partition rows grouped
 * by value codes (null and '' one partition, 0 and -0 one, NaN one), row gathers that copy bytes
 * (multi-byte strings, nulls, sliced batches) and statistics read from raw buffers (UTF-8 byte
 * order, validity bits of a slice). Oracles: plain JS values and the partition rules of
 * partitionValueAt, applied row by row.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Int32, Int64, RecordBatch, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { writeDeltaTable } from '../../shared/core/lake/delta';
import { parquetToTable } from '../../shared/core/lake/parquet';
import { takeRows } from '../../shared/core/lake/arrow-columns';
import { computeFileStats } from '../../shared/core/lake/column-stats';

const labels = ['b', '', null, 'ä', 'b', 'a😀', '', 'é', null, 'b'];
const numbers = [0, -0, NaN, 1.5, null, NaN, 0, 1.5, -0, 2];

describe('write path', () => {
  test('rows go to the partition partitionValueAt gives them, files in order of first appearance', async () => {
    const rows = 200;
    const table = new Table({
      p: vectorFromArray(
        Array.from({ length: rows }, (_, i) => labels[(i * 7) % labels.length]),
        new Utf8(),
      ),
      q: vectorFromArray(
        Array.from({ length: rows }, (_, i) => numbers[(Math.floor(i / 10) * 3) % numbers.length]),
        new Float64(),
      ),
      row: vectorFromArray(
        Array.from({ length: rows }, (_, i) => i),
        new Int32(),
      ),
    });
    // Two input batches: a partition's rows arrive in pieces and must stay in input order.
    const batches = [table.slice(0, 90), table.slice(90)].map((part) => part.batches[0]) as RecordBatch[];
    const store = new MemoryObjectStore();
    const result = await writeDeltaTable(store, 't', batches, { mode: 'overwrite', partitionBy: ['p', 'q'] });

    const expected = new Map<string, { values: Record<string, string | null>; rows: number[] }>();
    for (let i = 0; i < rows; i++) {
      const p = labels[(i * 7) % labels.length];
      const q = numbers[(Math.floor(i / 10) * 3) % numbers.length];
      const values = { p: p === null || p === '' ? null : p, q: q === null ? null : String(q) };
      const key = JSON.stringify(values);
      const group = expected.get(key) ?? { values, rows: [] as number[] };
      group.rows.push(i);
      expected.set(key, group);
    }
    assert.deepEqual(
      result.added.map((add) => add.partitionValues),
      [...expected.values()].map((g) => g.values),
    );
    for (const [index, add] of result.added.entries()) {
      const file = parquetToTable((await store.get(`t/${decodeURI(add.path)}`)).body, add.path);
      assert.deepEqual(Array.from(file.getChild('row')?.toArray() as Int32Array), [...expected.values()][index].rows);
    }
  });

  test('takeRows copies strings byte for byte and keeps nulls, also from a sliced batch', () => {
    const strings = ['Ünïcode ✓', null, '', 'a😀b', 'x'.repeat(40), null, 'plain'];
    const floats = [NaN, -0, null, 1e-300, -2.5, null, 7];
    const longs = [9007199254740993n, null, -1n, 0n, 5n, -9007199254740995n, null];
    const table = new Table({
      s: vectorFromArray(strings, new Utf8()),
      f: vectorFromArray(floats, new Float64()),
      l: vectorFromArray(longs, new Int64()),
    });
    const sliced = table.slice(1).batches[0] as RecordBatch;
    const indices = Int32Array.from([5, 0, 2, 2, 4, 1, 3]);
    const taken = new Table([takeRows(sliced, indices)]);
    const pick = <T>(values: readonly T[]): T[] => Array.from(indices, (i) => values[i + 1]);
    assert.deepEqual(taken.getChild('s')?.toArray(), pick(strings));
    assert.deepEqual([...(taken.getChild('f') ?? [])], pick(floats));
    assert.ok(Object.is(taken.getChild('f')?.get(1), -0));
    assert.deepEqual([...(taken.getChild('l') ?? [])], pick(longs));
    assert.equal(taken.getChild('s')?.nullCount, 2);
  });

  test('string bounds follow code points (UTF-8 byte order), numbers skip the nulls of a slice', () => {
    const strings = new Table({ s: vectorFromArray(['\uFFFF', '😀', null, 'a😀', 'a\uFFFF', 'é', 'a'], new Utf8()) });
    // UTF-16 order would put '\uFFFF' above '😀' (U+1F600 is the surrogate pair D83D DE00).
    assert.deepEqual(computeFileStats(strings), {
      numRecords: 7,
      minValues: { s: 'a' },
      maxValues: { s: '😀' },
      nullCount: { s: 1 },
    });
    const numbers = vectorFromArray([null, 40, null, -3, 7, null, 2, null], new Int32());
    const sliced = new Table({ n: numbers.slice(2, 7) });
    assert.deepEqual(computeFileStats(sliced), {
      numRecords: 5,
      minValues: { n: -3 },
      maxValues: { n: 7 },
      nullCount: { n: 2 },
    });
  });

  test('files encoded on worker threads are the bytes, statistics and order of the calling thread', async () => {
    const rows = 6000;
    const table = new Table({
      p: vectorFromArray(
        Array.from({ length: rows }, (_, i) => ['x', 'y', null][i % 3]),
        new Utf8(),
      ),
      s: vectorFromArray(
        Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : `value ${i % 97} é`)),
        new Utf8(),
      ),
      v: vectorFromArray(
        Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : i / 7)),
        new Float64(),
      ),
    });
    const batches = [table.slice(0, 2500), table.slice(2500)].map((part) => part.batches[0]) as RecordBatch[];
    const written = async (workerMinRows: number) => {
      const store = new MemoryObjectStore();
      const result = await writeDeltaTable(store, 't', batches, {
        mode: 'overwrite',
        partitionBy: ['p'],
        targetRowsPerFile: 700,
        encoding: { workerMinRows },
      });
      const files = await Promise.all(
        result.added.map(async (add) => (await store.get(`t/${decodeURI(add.path)}`)).body),
      );
      const described = result.added.map((add) => ({
        partitionValues: add.partitionValues,
        size: add.size,
        stats: add.stats,
        sequence: add.path.split('/').pop()?.slice(0, 10),
      }));
      return { result, files, described };
    };
    const onWorkers = await written(1);
    const here = await written(Infinity);
    assert.equal(onWorkers.result.filesAdded, 9, 'three partitions of 2000 rows in files of 700');
    assert.equal(onWorkers.result.rowsWritten, rows);
    assert.deepEqual(onWorkers.described, here.described);
    onWorkers.files.forEach((bytes, i) => assert.deepEqual(bytes, here.files[i], `file ${i}`));
  });

  test('a file that cannot be stored fails the write after every file in flight has settled', async () => {
    const store = new MemoryObjectStore();
    let started = 0;
    let ended = 0;
    store.interceptPuts(async (key) => {
      if (!key.endsWith('.parquet')) return;
      const put = ++started;
      await new Promise((resolve) => setTimeout(resolve, 20));
      ended++;
      if (put === 2) throw new Error('disk full');
    });
    const table = new Table({
      row: vectorFromArray(
        Array.from({ length: 5000 }, (_, i) => i),
        new Int32(),
      ),
    });
    await assert.rejects(
      writeDeltaTable(store, 't', table, {
        mode: 'overwrite',
        targetRowsPerFile: 1000,
        encoding: { workerMinRows: 1 },
      }),
      /disk full/,
    );
    assert.ok(started >= 2);
    assert.equal(ended, started, 'no put is still running when the caller hears of the failure');
    assert.deepEqual(await store.list('t/_delta_log/'), [], 'nothing is committed');
  });
});
