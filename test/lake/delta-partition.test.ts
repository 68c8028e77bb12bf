/**
 * Partition value serialization, Hive folder escaping and add.path encoding, checked against the
 * formats of the Delta PROTOCOL.md "Partition Value Serialization" table and Hive's escape set.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Bool,
  DataType,
  DateDay,
  Float64,
  Int32,
  Int64,
  TimestampMicrosecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import {
  HIVE_NULL_PARTITION,
  decodeLogPath,
  encodeLogPath,
  escapePartitionPathSegment,
  formatTimestampMicros,
  parsePartitionValue,
  partitionFolder,
  partitionValueAt,
} from '../../shared/core/lake/delta-partition';
import { DeltaPrimitiveType } from '../../shared/core/lake/delta-schema';

function serialized(values: unknown[], type: DataType, deltaType: DeltaPrimitiveType): Array<string | null> {
  const vector = vectorFromArray(values, type);
  return values.map((_, row) => partitionValueAt(vector, row, deltaType, 'c'));
}

describe('partition value serialization', () => {
  test('strings pass through; empty string and null become null', () => {
    assert.deepEqual(serialized(['2025-01', '', null, 'a b/c'], new Utf8(), 'string'), [
      '2025-01',
      null,
      null,
      'a b/c',
    ]);
  });

  test('numbers are their decimal string, booleans true/false', () => {
    assert.deepEqual(serialized([7n, -3n, null], new Int64(), 'long'), ['7', '-3', null]);
    assert.deepEqual(serialized([42, null], new Int32(), 'integer'), ['42', null]);
    assert.deepEqual(serialized([0.08, -1.5], new Float64(), 'double'), ['0.08', '-1.5']);
    assert.deepEqual(serialized([true, false, null], new Bool(), 'boolean'), ['true', 'false', null]);
  });

  test('dates are yyyy-mm-dd, timestamps yyyy-mm-dd hh:mm:ss.ffffff in UTC', () => {
    assert.deepEqual(serialized([Date.UTC(1970, 0, 1), Date.UTC(2025, 0, 31)], new DateDay(), 'date'), [
      '1970-01-01',
      '2025-01-31',
    ]);
    // 2025-01-02T03:04:05.006007Z as microseconds since the epoch.
    const micros = BigInt(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) * 1000n + 7n;
    assert.equal(formatTimestampMicros(micros), '2025-01-02 03:04:05.006007');
    assert.equal(formatTimestampMicros(-1n), '1969-12-31 23:59:59.999999');
    const vector = vectorFromArray([Date.UTC(2025, 0, 2, 3, 4, 5, 6)], new TimestampMicrosecond('UTC'));
    assert.equal(partitionValueAt(vector, 0, 'timestamp', 'ts'), '2025-01-02 03:04:05.006000');
  });

  test('parsing inverts serialization for every type', () => {
    assert.equal(parsePartitionValue('2025-01', 'string', 'c', 'f'), '2025-01');
    assert.equal(parsePartitionValue('-9007199254740993', 'long', 'c', 'f'), -9007199254740993n);
    assert.equal(parsePartitionValue('12', 'integer', 'c', 'f'), 12);
    assert.equal(parsePartitionValue('0.08', 'double', 'c', 'f'), 0.08);
    assert.equal(parsePartitionValue('false', 'boolean', 'c', 'f'), false);
    assert.equal(parsePartitionValue('1970-01-02', 'date', 'c', 'f'), 1);
    assert.equal(parsePartitionValue('1970-01-01 00:00:01.5', 'timestamp', 'c', 'f'), 1500000n);
    assert.equal(parsePartitionValue('1970-01-01 00:00:00', 'timestamp', 'c', 'f'), 0n);
    for (const type of ['string', 'long', 'date', 'timestamp'] as const) {
      assert.equal(parsePartitionValue(null, type, 'c', 'f'), null);
      assert.equal(parsePartitionValue('', type, 'c', 'f'), null);
    }
  });

  test('a malformed value names the column, the file and what was expected', () => {
    assert.throws(
      () => parsePartitionValue('12a', 'long', 'age', 'tbl/f.parquet'),
      /tbl\/f\.parquet: partition value "12a" of column "age" is not a long/,
    );
    assert.throws(() => parsePartitionValue('2025/01/01', 'date', 'd', 'x'), /column "d" is not a date/);
    assert.throws(() => parsePartitionValue('yes', 'boolean', 'b', 'x'), /is not true or false/);
  });
});

describe('partition folders and log paths', () => {
  test('Hive escapes path-hostile characters as %XX and keeps the rest', () => {
    assert.equal(escapePartitionPathSegment('2025-01'), '2025-01');
    assert.equal(escapePartitionPathSegment('a/b:c=d%e'), 'a%2Fb%3Ac%3Dd%25e');
    assert.equal(escapePartitionPathSegment('x y é'), 'x y é');
    assert.equal(escapePartitionPathSegment('\u0001#?'), '%01%23%3F');
  });

  test('folders are col=value joined by /, null as the Hive default partition', () => {
    assert.equal(partitionFolder(['ym', 'g'], { ym: '2025-01', g: null }), `ym=2025-01/g=${HIVE_NULL_PARTITION}`);
  });

  test('add.path is URI-encoded and decodes back to the stored file name', () => {
    const file = `v=a b%3Ac/part-00000-x.c000.snappy.parquet`;
    assert.equal(encodeLogPath(file), 'v=a%20b%253Ac/part-00000-x.c000.snappy.parquet');
    assert.equal(decodeLogPath(encodeLogPath(file), 'w'), file);
    assert.equal(decodeLogPath('year=2020/month=1/part-0.parquet', 'w'), 'year=2020/month=1/part-0.parquet');
  });

  test('absolute, escaping or malformed paths are refused with the path named', () => {
    assert.throws(
      () => decodeLogPath('s3://bucket/x.parquet', 'v3'),
      /v3: absolute data file path "s3:\/\/bucket\/x\.parquet"/,
    );
    assert.throws(() => decodeLogPath('../other/x.parquet', 'v3'), /escapes the table folder/);
    assert.throws(() => decodeLogPath('bad%zz.parquet', 'v3'), /not a valid URI-encoded path/);
  });
});
