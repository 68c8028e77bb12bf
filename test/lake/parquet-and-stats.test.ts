/**
 * Parquet bytes round trip, Delta statistics edge cases (rules of the protocol's Per-file
 * Statistics section) and the lossless column casts the writer applies.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import {
  Binary,
  DateDay,
  DateMillisecond,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  TimestampMicrosecond,
  TimestampNanosecond,
  Utf8,
  makeVector,
  vectorFromArray,
} from 'apache-arrow';
import { parquetToTable, tableToParquet } from '../../shared/core/lake/parquet';
import { computeFileStats, statsToJson } from '../../shared/core/lake/column-stats';
import { castColumn } from '../../shared/core/lake/arrow-columns';
import { sampleRows, toArrow, fromArrow } from './sample-data';

const fixtures = path.resolve(__dirname, '..', '..', '../shared/fixtures/delta');
const skipFixtures = fs.existsSync(fixtures) ? false : `Delta fixtures folder ${fixtures} is absent`;

describe('Parquet bytes', () => {
  test('every column type survives a snappy Parquet round trip, nulls included', () => {
    const rows = sampleRows(300, 5);
    const bytes = tableToParquet(toArrow(rows));
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString(), 'PAR1');
    assert.equal(Buffer.from(bytes.subarray(bytes.length - 4)).toString(), 'PAR1');
    const back = parquetToTable(bytes, 'mem');
    assert.deepEqual(fromArrow(back), rows);
    assert.deepEqual(
      back.schema.fields.map((f) => String(f.type)),
      ['Int64', 'Utf8', 'Float64', 'Float32', 'Int32', 'Bool', 'Date32<DAY>', 'Timestamp<MICROSECOND, UTC>', 'Utf8'],
    );
  });

  test('microsecond timestamps keep their exact ticks', () => {
    const ticks = [1735776000000123n, -5n, 0n];
    const table = new Table({
      ts: makeVector({ type: new TimestampMicrosecond('UTC'), data: BigInt64Array.from(ticks) } as never),
    });
    const back = parquetToTable(tableToParquet(table), 'mem');
    assert.deepEqual(Array.from(back.getChild('ts')?.data[0].values as BigInt64Array), ticks);
  });

  test('a Spark-written file reads, and garbage bytes give an error naming the file', { skip: skipFixtures }, () => {
    const file = path.join(
      fixtures,
      'delta-0.8.0-partitioned/year=2020/month=1/day=1/part-00000-8eafa330-3be9-4a39-ad78-fd13c2027c7e.c000.snappy.parquet',
    );
    const table = parquetToTable(new Uint8Array(fs.readFileSync(file)), file);
    assert.deepEqual(table.getChild('value')?.toArray(), ['1']);
    assert.throws(
      () => parquetToTable(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'bad.parquet'),
      /cannot read Parquet file bad\.parquet/,
    );
  });
});

describe('Delta file statistics', () => {
  test('numbers, dates and strings give exact min/max; booleans only null counts', () => {
    const table = new Table({
      n: vectorFromArray([3, null, -7, 12], new Int32()),
      d: vectorFromArray([Date.UTC(2025, 0, 31), Date.UTC(1969, 11, 31), null, null], new DateDay()),
      s: vectorFromArray(['pear', 'apple', null, 'zoo'], new Utf8()),
    });
    assert.deepEqual(computeFileStats(table), {
      numRecords: 4,
      minValues: { n: -7, d: '1969-12-31', s: 'apple' },
      maxValues: { n: 12, d: '2025-01-31', s: 'zoo' },
      nullCount: { n: 1, d: 2, s: 1 },
    });
  });

  test('64-bit integers beyond 2^53 are written as exact JSON integers', () => {
    const table = new Table({
      id: makeVector({ type: new Int64(), data: BigInt64Array.from([9007199254740993n, -9007199254740995n]) } as never),
    });
    assert.equal(
      statsToJson(computeFileStats(table)),
      '{"numRecords":2,"minValues":{"id":-9007199254740995},"maxValues":{"id":9007199254740993},"nullCount":{"id":0}}',
    );
  });

  test('NaN or all-null columns give no bounds; strings over 32 characters: cut min, no max', () => {
    const long = 'b'.repeat(40);
    const table = new Table({
      f: vectorFromArray([1.5, NaN, 0.08], new Float64()),
      e: vectorFromArray([null, null, null], new Float64()),
      s: vectorFromArray([long, 'a'.repeat(33) + 'z', null], new Utf8()),
    });
    const stats = computeFileStats(table);
    assert.deepEqual(stats.minValues, { s: 'a'.repeat(32) });
    assert.deepEqual(stats.maxValues, {});
    assert.deepEqual(stats.nullCount, { f: 0, e: 3, s: 1 });
  });

  test('timestamp bounds are cut to milliseconds outward (min down, max up)', () => {
    const table = new Table({
      ts: makeVector({
        type: new TimestampMicrosecond('UTC'),
        data: BigInt64Array.from([1500n, -1500n, 999n]),
      } as never),
    });
    const stats = computeFileStats(table);
    assert.equal(stats.minValues.ts, '1969-12-31T23:59:59.998Z');
    assert.equal(stats.maxValues.ts, '1970-01-01T00:00:00.002Z');
  });
});

describe('lossless casts to Delta column types', () => {
  test('millisecond timestamps and Date64 convert; ns with sub-us precision is refused', () => {
    const ms = vectorFromArray([1000, null, -1], new TimestampMillisecond());
    const us = castColumn(ms.data[0], new TimestampMicrosecond('UTC'), 'c');
    assert.deepEqual(Array.from(us.values as BigInt64Array).slice(0, 3), [1000000n, 0n, -1000n]);
    assert.equal(us.nullCount, 1);
    const day = castColumn(
      vectorFromArray([Date.UTC(2025, 1, 3), null], new DateMillisecond()).data[0],
      new DateDay(),
      'c',
    );
    assert.deepEqual(makeVector(day).toArray().length, 2);
    assert.equal(makeVector(day).get(0), Date.UTC(2025, 1, 3));
    assert.equal(makeVector(day).get(1), null);
    const ns = makeVector({ type: new TimestampNanosecond(), data: BigInt64Array.from([1000n, 1500n]) } as never);
    assert.throws(
      () => castColumn(ns.data[0], new TimestampMicrosecond('UTC'), 'tbl column "t"'),
      /tbl column "t": timestamp at row 1/,
    );
  });

  test('int32 widens to int64, dictionary strings decode, other pairs are refused by name', () => {
    const wide = castColumn(vectorFromArray([5, null, -2], new Int32()).data[0], new Int64(), 'c');
    assert.deepEqual(makeVector(wide).toArray().length, 3);
    assert.deepEqual(
      [0, 1, 2].map((i) => makeVector(wide).get(i)),
      [5n, null, -2n],
    );
    const dict = vectorFromArray(['a', 'b', 'a', null], new Dictionary(new Utf8(), new Int32()));
    const decoded = castColumn(dict.data[0], new Utf8(), 'c');
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => makeVector(decoded).get(i)),
      ['a', 'b', 'a', null],
    );
    assert.throws(
      () => castColumn(vectorFromArray(['x'], new Utf8()).data[0], new Binary(), 'file.parquet column "s"'),
      /file\.parquet column "s": column type Utf8 cannot be converted to Binary/,
    );
  });
});
