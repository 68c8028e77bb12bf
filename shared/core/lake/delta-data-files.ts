/**
 * Streams record batches into snappy Parquet data files of a Delta table, split into Hive-style
 * partition folders and capped at a number of rows per file. Memory holds at most
 * `targetRowsPerFile` buffered rows per partition seen but not yet flushed, plus the files
 * being encoded.
 *
 * A file of at least WORKER_MIN_ROWS rows is encoded on a worker thread while the caller goes on
 * producing rows (the encoding is a third to a half of a large write); at most one more file than the
 * pool has workers is in flight. Smaller files, where a worker's round trip would cost more than
 * it saves, are encoded here. Either way the bytes are those of `tableToParquet`, and the `add`
 * actions keep the order in which the files were cut.
 */
import * as path from 'node:path';
import { randomUUID } from 'crypto';
import { Data, RecordBatch, Schema, Table, Type, Vector, makeVector, tableToIPC } from 'apache-arrow';
import { sharedWorkerPool, taskKind, type WorkerPool } from '../parallel/worker-pool';
import { ObjectStore, joinKey } from '../storage/object-store';
import { batchFromColumns, columnData, takeRows } from './arrow-columns';
import { computeFileStats, statsToJson } from './column-stats';
import { AddFile } from './delta-log';
import { encodeLogPath, partitionFolder, partitionValueAt } from './delta-partition';
import { DeltaPrimitiveType, DeltaSchema } from './delta-schema';
import { tableToParquet } from './parquet';
import { ownBuffer, type EncodeParquetTask } from './parquet-tasks';

/** Files with fewer rows are encoded on the calling thread. */
const WORKER_MIN_ROWS = 32_768;
const ENCODE_TASK = taskKind<EncodeParquetTask, Uint8Array>(path.join(__dirname, 'parquet-tasks.ts'), 'encodeParquet');

export interface FileWriterOptions {
  /** Where large files are encoded (default: the process-wide pool). */
  pool?: WorkerPool;
  /** Files with at least this many rows go to the pool (default WORKER_MIN_ROWS). */
  workerMinRows?: number;
}

interface PartitionBuffer {
  values: Record<string, string | null>;
  batches: RecordBatch[];
  rows: number;
}

export class PartitionedFileWriter {
  private readonly buffers = new Map<string, PartitionBuffer>();
  /** Every file cut so far, in order; each settles once its bytes are stored. */
  private readonly files: Promise<AddFile>[] = [];
  /** The files being encoded on the pool. */
  private readonly inFlight = new Set<Promise<AddFile>>();
  private readonly partitionIndexes: number[];
  private readonly dataIndexes: number[];
  private readonly dataSchema: Schema;
  private fileCounter = 0;
  rowsWritten = 0;
  bytesWritten = 0;

  /** `schema` is the full table schema (Arrow, in table order) the incoming batches conform to. */
  constructor(
    private readonly store: ObjectStore,
    private readonly tablePath: string,
    schema: Schema,
    private readonly deltaSchema: DeltaSchema,
    private readonly partitionColumns: readonly string[],
    private readonly targetRowsPerFile: number,
    private readonly options: FileWriterOptions = {},
  ) {
    if (!Number.isInteger(targetRowsPerFile) || targetRowsPerFile < 1) {
      throw new Error(`targetRowsPerFile must be a positive integer, got ${targetRowsPerFile}`);
    }
    const indexOf = (name: string): number => schema.fields.findIndex((f) => f.name === name);
    this.partitionIndexes = partitionColumns.map(indexOf);
    this.dataIndexes = schema.fields.map((_, i) => i).filter((i) => !this.partitionIndexes.includes(i));
    this.dataSchema = new Schema(this.dataIndexes.map((i) => schema.fields[i]));
  }

  async write(batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    const data = batchFromColumns(
      this.dataSchema,
      this.dataIndexes.map((i) => columnData(batch, i)),
      batch.numRows,
    );
    for (const group of this.groupRowsByPartition(batch)) {
      const rows = group.indices.length;
      const contiguous = group.indices[rows - 1] - group.indices[0] + 1 === rows;
      const part =
        rows === batch.numRows
          ? data
          : contiguous
            ? data.slice(group.indices[0], group.indices[0] + rows)
            : takeRows(data, group.indices);
      const buffer = this.buffers.get(group.key) ?? { values: group.values, batches: [], rows: 0 };
      buffer.batches.push(part);
      buffer.rows += rows;
      this.buffers.set(group.key, buffer);
      while (buffer.rows >= this.targetRowsPerFile) await this.flush(buffer, this.targetRowsPerFile);
    }
  }

  /** Writes every buffered row and returns the `add` actions of all files written. */
  async finish(): Promise<AddFile[]> {
    for (const buffer of this.buffers.values()) if (buffer.rows > 0) await this.flush(buffer, buffer.rows);
    this.buffers.clear();
    return Promise.all(this.files);
  }

  /** Waits for the files still being encoded or stored, ignoring their errors (for a write that failed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.files);
  }

  /** The rows of each partition value combination, groups in the order of their first row. */
  private groupRowsByPartition(
    batch: RecordBatch,
  ): Array<{ key: string; values: Record<string, string | null>; indices: Int32Array }> {
    if (this.partitionColumns.length === 0) {
      return [{ key: '', values: {}, indices: Int32Array.from({ length: batch.numRows }, (_, i) => i) }];
    }
    const types = this.partitionColumns.map(
      (name) => this.deltaSchema.fields.find((f) => f.name === name)?.type ?? 'string',
    );
    const columns = this.partitionIndexes.map((i) => makeVector(columnData(batch, i)));
    let groups: PartitionCodes | undefined;
    columns.forEach((column, c) => {
      const codes = partitionCodes(column, types[c], this.partitionColumns[c]);
      groups = groups === undefined ? codes : combineCodes(groups, codes);
    });
    const { codes, count } = groups as PartitionCodes;
    const firstRow = new Int32Array(count).fill(-1);
    const starts = new Int32Array(count + 1);
    for (let row = 0; row < codes.length; row++) {
      const group = codes[row];
      if (firstRow[group] < 0) firstRow[group] = row;
      starts[group + 1]++;
    }
    for (let group = 0; group < count; group++) starts[group + 1] += starts[group];
    const order = new Int32Array(codes.length);
    const next = starts.slice(0, count);
    for (let row = 0; row < codes.length; row++) order[next[codes[row]]++] = row;
    return Array.from({ length: count }, (_, group) => {
      const values = columns.map((column, c) =>
        partitionValueAt(column, firstRow[group], types[c], this.partitionColumns[c]),
      );
      return {
        key: JSON.stringify(values),
        values: Object.fromEntries(this.partitionColumns.map((name, c) => [name, values[c]])),
        indices: order.subarray(starts[group], starts[group + 1]),
      };
    });
  }

  private async flush(buffer: PartitionBuffer, rows: number): Promise<void> {
    const buffered = new Table(this.dataSchema, buffer.batches);
    const fileRows = buffered.slice(0, rows);
    const rest = buffered.slice(rows);
    buffer.batches = rest.batches.filter((b) => b.numRows > 0);
    buffer.rows -= rows;

    const folder = partitionFolder(this.partitionColumns, buffer.values);
    // A UUID, not the seeded Random: names must differ between processes writing at once.
    const name = `part-${String(this.fileCounter++).padStart(5, '0')}-${randomUUID()}.c000.snappy.parquet`;
    const relativePath = folder === '' ? name : `${folder}/${name}`;
    const partitionValues = { ...buffer.values };
    const stats = statsToJson(computeFileStats(fileRows));
    const pool = rows >= (this.options.workerMinRows ?? WORKER_MIN_ROWS) ? this.pool() : undefined;
    const encoded = pool === undefined ? Promise.resolve(tableToParquet(fileRows)) : this.encodeOn(pool, fileRows);
    const file = encoded.then((bytes) => this.putFile(relativePath, bytes, rows, partitionValues, stats));
    this.files.push(file);
    // finish() or settle() hears of a failure; until then it must not count as unhandled.
    file.catch(() => undefined);
    if (pool === undefined) {
      await file;
      return;
    }
    this.inFlight.add(file);
    const done = () => this.inFlight.delete(file);
    file.then(done, done);
    while (this.inFlight.size > pool.size) await Promise.race(this.inFlight);
  }

  private pool(): WorkerPool {
    return this.options.pool ?? sharedWorkerPool();
  }

  private encodeOn(pool: WorkerPool, fileRows: Table): Promise<Uint8Array> {
    const ipc = ownBuffer(tableToIPC(fileRows, 'stream'));
    return pool.run(ENCODE_TASK, { ipc }, [ipc.buffer as ArrayBuffer]);
  }

  private async putFile(
    relativePath: string,
    bytes: Uint8Array,
    rows: number,
    partitionValues: Record<string, string | null>,
    stats: string,
  ): Promise<AddFile> {
    await this.store.put(joinKey(this.tablePath, relativePath), bytes, {
      contentType: 'application/vnd.apache.parquet',
    });
    this.rowsWritten += rows;
    this.bytesWritten += bytes.byteLength;
    return {
      path: encodeLogPath(relativePath),
      partitionValues,
      size: bytes.byteLength,
      modificationTime: Date.now(),
      dataChange: true,
      stats,
    };
  }
}

/** A dense code per row (0..count-1, numbered in order of first appearance). */
interface PartitionCodes {
  codes: Int32Array;
  count: number;
}

/**
 * Codes of one partition column: two rows share a code exactly when partitionValueAt gives them
 * the same log string. Rows are first coded by their raw value (a string's UTF-8 bytes, a
 * number's bits), without building a string per row; codes whose log strings coincide (null and
 * '', 0 and -0) are then merged.
 */
function partitionCodes(column: Vector, type: DeltaPrimitiveType, name: string): PartitionCodes {
  const data = column.data[0];
  const raw = rawValueCodes(data) ?? codesByKey(data.length, (row) => partitionValueAt(column, row, type, name));
  const firstRow = new Int32Array(raw.count).fill(-1);
  for (let row = 0; row < raw.codes.length; row++) if (firstRow[raw.codes[row]] < 0) firstRow[raw.codes[row]] = row;
  const canonical = new Map<string | null, number>();
  const merged = new Int32Array(raw.count);
  for (let code = 0; code < raw.count; code++) {
    const value = partitionValueAt(column, firstRow[code], type, name);
    let id = canonical.get(value);
    if (id === undefined) {
      id = canonical.size;
      canonical.set(value, id);
    }
    merged[code] = id;
  }
  const codes = raw.codes.map((code) => merged[code]);
  return { codes, count: canonical.size };
}

/** Codes by raw value for Utf8 and one-value-per-slot numeric columns; undefined for other types. */
function rawValueCodes(data: Data): PartitionCodes | undefined {
  const valid = (row: number): boolean => data.nullCount === 0 || data.getValid(row);
  if (data.type.typeId === Type.Utf8) return utf8Codes(data, valid);
  const numeric = [Type.Int, Type.Float, Type.Date, Type.Timestamp].includes(data.type.typeId);
  if (!numeric || data.stride !== 1) return undefined;
  const values = data.values as ArrayLike<number | bigint>;
  return codesByKey(data.length, (row) => (valid(row) ? values[row] : null));
}

/** Dense codes of `length` rows by a key per row (Map equality: SameValueZero). */
function codesByKey<K>(length: number, keyOf: (row: number) => K): PartitionCodes {
  const codes = new Int32Array(length);
  const ids = new Map<K, number>();
  for (let row = 0; row < length; row++) {
    const key = keyOf(row);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    codes[row] = id;
  }
  return { codes, count: ids.size };
}

/** Codes of a Utf8 column by its bytes: a hash of each row's bytes picks the codes to compare with. */
function utf8Codes(data: Data, valid: (row: number) => boolean): PartitionCodes {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const codes = new Int32Array(data.length);
  const firstRows: number[] = [];
  const byHash = new Map<number, number[]>();
  let nullCode = -1;
  const sameBytes = (row: number, other: number): boolean => {
    const length = offsets[row + 1] - offsets[row];
    if (offsets[other + 1] - offsets[other] !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[offsets[row] + i] !== bytes[offsets[other] + i]) return false;
    return true;
  };
  for (let row = 0; row < data.length; row++) {
    if (!valid(row)) {
      if (nullCode < 0) nullCode = firstRows.push(row) - 1;
      codes[row] = nullCode;
      continue;
    }
    let hash = 0x811c9dc5;
    for (let i = offsets[row]; i < offsets[row + 1]; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const candidates = byHash.get(hash);
    let code = -1;
    for (const candidate of candidates ?? []) if (sameBytes(row, firstRows[candidate])) code = candidate;
    if (code < 0) {
      code = firstRows.push(row) - 1;
      if (candidates === undefined) byHash.set(hash, [code]);
      else candidates.push(code);
    }
    codes[row] = code;
  }
  return { codes, count: firstRows.length };
}

/** Codes of the pairs (a, b) of two columns' codes, in order of first appearance. */
function combineCodes(a: PartitionCodes, b: PartitionCodes): PartitionCodes {
  return codesByKey(a.codes.length, (row) => a.codes[row] * b.count + b.codes[row]);
}
