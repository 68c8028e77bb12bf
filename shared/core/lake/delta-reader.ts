/**
 * Reads the rows of a Delta table version: the snapshot's active files, with partition columns
 * restored from the log and every column conformed to the table schema.
 */
import { Data, RecordBatch, Schema, Table } from 'apache-arrow';
import { ObjectStore, joinKey } from '../storage/object-store';
import { batchFromColumns, castColumn, columnData, constantColumn } from './arrow-columns';
import { AddFile, MetadataAction, ProtocolAction } from './delta-log';
import { decodeLogPath, parsePartitionValue } from './delta-partition';
import { DeltaSchema, arrowTypeOfDelta, deltaSchemaToArrow } from './delta-schema';
import { DeltaSnapshot, loadSnapshot } from './delta-snapshot';
import { parquetToTable } from './parquet';

export interface ReadDeltaOptions {
  /** Time travel: read this version instead of the latest. */
  version?: number;
  /** Only these columns (in this order); default all columns of the schema. */
  columns?: string[];
}

export interface DeltaReadResult {
  version: number;
  table: Table;
  files: AddFile[];
  metadata: MetadataAction;
  protocol: ProtocolAction;
  schema: DeltaSchema;
}

export async function readDeltaTable(
  store: ObjectStore,
  tablePath: string,
  options: ReadDeltaOptions = {},
): Promise<DeltaReadResult> {
  const snapshot = await loadSnapshot(store, tablePath, { version: options.version });
  const table = await readSnapshotRows(store, snapshot, options.columns);
  return {
    version: snapshot.version,
    table,
    files: snapshot.files,
    metadata: snapshot.metadata,
    protocol: snapshot.protocol,
    schema: snapshot.schema,
  };
}

async function readSnapshotRows(store: ObjectStore, snapshot: DeltaSnapshot, columns?: string[]): Promise<Table> {
  const fullSchema = deltaSchemaToArrow(snapshot.schema);
  const schema = columns === undefined ? fullSchema : selectFields(fullSchema, columns, snapshot.location);
  const batches: RecordBatch[] = [];
  for (const file of snapshot.files) {
    for (const batch of await readFileBatches(store, snapshot, file, schema)) batches.push(batch);
  }
  return batches.length === 0 ? new Table(schema) : new Table(batches);
}

async function readFileBatches(
  store: ObjectStore,
  snapshot: DeltaSnapshot,
  file: AddFile,
  schema: Schema,
): Promise<RecordBatch[]> {
  const relative = decodeLogPath(file.path, `${snapshot.location} version ${snapshot.version}`);
  const key = joinKey(snapshot.tablePath, relative);
  const where = `${snapshot.location}/${relative}`;
  const partitionColumns = new Set(snapshot.metadata.partitionColumns);
  const deltaTypes = new Map(snapshot.schema.fields.map((f) => [f.name, f.type]));
  const fileTable = parquetToTable((await store.get(key)).body, where);
  const partitionValues = new Map<string, unknown>();
  for (const name of partitionColumns) {
    const type = deltaTypes.get(name);
    if (type === undefined) throw new Error(`${snapshot.location}: partition column "${name}" is not in the schema`);
    partitionValues.set(name, parsePartitionValue(file.partitionValues[name], type, name, where));
  }
  return fileTable.batches.map((batch) => {
    const columns: Data[] = schema.fields.map((field) => {
      if (partitionColumns.has(field.name)) {
        return constantColumn(
          arrowTypeOfDelta(deltaTypes.get(field.name) ?? 'string'),
          partitionValues.get(field.name),
          batch.numRows,
        );
      }
      const index = batch.schema.fields.findIndex((f) => f.name === field.name);
      // A column added to the schema after this file was written reads as null.
      if (index < 0) return constantColumn(field.type, null, batch.numRows);
      return castColumn(columnData(batch, index), field.type, `${where} column "${field.name}"`);
    });
    return batchFromColumns(schema, columns, batch.numRows);
  });
}

function selectFields(schema: Schema, columns: string[], location: string): Schema {
  return new Schema(
    columns.map((name) => {
      const field = schema.fields.find((f) => f.name === name);
      if (field === undefined) {
        throw new Error(
          `${location} has no column "${name}"; columns are ${schema.fields.map((f) => f.name).join(', ')}`,
        );
      }
      return field;
    }),
  );
}
