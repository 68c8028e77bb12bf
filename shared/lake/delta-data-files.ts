/**
 * Streams record batches into snappy Parquet data files of a Delta table, split into Hive-style
 * partition folders and capped at a number of rows per file. Memory holds at most
 * `targetRowsPerFile` buffered rows per partition seen but not yet flushed.
 */
import { randomUUID } from 'crypto';
import { RecordBatch, Schema, Table, makeVector } from 'apache-arrow';
import { ObjectStore, joinKey } from '../storage/object-store';
import { batchFromColumns, columnData, takeRows } from './arrow-columns';
import { computeFileStats, statsToJson } from './column-stats';
import { AddFile } from './delta-log';
import { encodeLogPath, partitionFolder, partitionValueAt } from './delta-partition';
import { DeltaSchema } from './delta-schema';
import { tableToParquet } from './parquet';

interface PartitionBuffer {
  values: Record<string, string | null>;
  batches: RecordBatch[];
  rows: number;
}

export class PartitionedFileWriter {
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly added: AddFile[] = [];
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
    const data = batchFromColumns(this.dataSchema, this.dataIndexes.map((i) => columnData(batch, i)), batch.numRows);
    for (const group of this.groupRowsByPartition(batch)) {
      const rows = group.indices.length;
      const contiguous = group.indices[rows - 1] - group.indices[0] + 1 === rows;
      const part = rows === batch.numRows ? data : contiguous ? data.slice(group.indices[0], group.indices[0] + rows) : takeRows(data, group.indices);
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
    return this.added;
  }

  private groupRowsByPartition(batch: RecordBatch): Array<{ key: string; values: Record<string, string | null>; indices: Int32Array }> {
    if (this.partitionColumns.length === 0) {
      return [{ key: '', values: {}, indices: Int32Array.from({ length: batch.numRows }, (_, i) => i) }];
    }
    const types = this.partitionColumns.map((name) => this.deltaSchema.fields.find((f) => f.name === name)?.type ?? 'string');
    const columns = this.partitionIndexes.map((i) => makeVector(columnData(batch, i)));
    const groups = new Map<string, { values: Record<string, string | null>; rows: number[] }>();
    for (let row = 0; row < batch.numRows; row++) {
      const values = columns.map((column, c) => partitionValueAt(column, row, types[c], this.partitionColumns[c]));
      const key = JSON.stringify(values);
      let group = groups.get(key);
      if (group === undefined) {
        group = { values: Object.fromEntries(this.partitionColumns.map((name, c) => [name, values[c]])), rows: [] };
        groups.set(key, group);
      }
      group.rows.push(row);
    }
    return [...groups].map(([key, group]) => ({ key, values: group.values, indices: Int32Array.from(group.rows) }));
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
    const bytes = tableToParquet(fileRows);
    await this.store.put(joinKey(this.tablePath, relativePath), bytes, { contentType: 'application/vnd.apache.parquet' });
    this.rowsWritten += rows;
    this.bytesWritten += bytes.byteLength;
    this.added.push({
      path: encodeLogPath(relativePath),
      partitionValues: { ...buffer.values },
      size: bytes.byteLength,
      modificationTime: Date.now(),
      dataChange: true,
      stats: statsToJson(computeFileStats(fileRows)),
    });
  }
}
