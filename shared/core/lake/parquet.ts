/**
 * Arrow JS Table <-> Parquet bytes through parquet-wasm. The two libraries share no memory, so
 * data crosses as Arrow IPC stream bytes.
 */
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, readParquet, writeParquet } from 'parquet-wasm';

export interface ParquetWriteOptions {
  /** Rows per row group (parquet-wasm default ~1M). */
  maxRowGroupSize?: number;
  createdBy?: string;
}

export interface ParquetReadOptions {
  columns?: string[];
}

/** Snappy-compressed Parquet bytes of `table`. */
export function tableToParquet(table: Table, options: ParquetWriteOptions = {}): Uint8Array {
  return ipcStreamToParquet(tableToIPC(table, 'stream'), options);
}

/** Snappy-compressed Parquet bytes of a table given as Arrow IPC stream bytes (what a worker thread receives). */
export function ipcStreamToParquet(ipc: Uint8Array, options: ParquetWriteOptions = {}): Uint8Array {
  let builder = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY);
  if (options.maxRowGroupSize !== undefined) builder = builder.setMaxRowGroupSize(options.maxRowGroupSize);
  if (options.createdBy !== undefined) builder = builder.setCreatedBy(options.createdBy);
  const properties = builder.build();
  // writeParquet takes ownership of both wasm objects: neither may be freed here.
  return writeParquet(WasmTable.fromIPCStream(ipc), properties);
}

/** Reads Parquet bytes into an Arrow JS Table; `source` names the file in error messages. */
export function parquetToTable(bytes: Uint8Array, source: string, options: ParquetReadOptions = {}): Table {
  let wasmTable: WasmTable;
  try {
    wasmTable = readParquet(bytes, options.columns !== undefined ? { columns: options.columns } : undefined);
  } catch (error) {
    throw new Error(`cannot read Parquet file ${source}: ${errorText(error)}`, { cause: error });
  }
  // intoIPCStream consumes the wasm table, releasing it.
  return tableFromIPC(wasmTable.intoIPCStream());
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
