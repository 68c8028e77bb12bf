/**
 * Worker side of the Delta writer's Parquet encoding (delta-data-files.ts): a data file's rows
 * arrive as Arrow IPC stream bytes and leave as the Parquet bytes `tableToParquet` would give.
 */
import type { TaskOutcome } from '../parallel/pool-protocol';
import { ipcStreamToParquet } from './parquet';

export interface EncodeParquetTask {
  ipc: Uint8Array;
}

export function encodeParquet(task: EncodeParquetTask): TaskOutcome<Uint8Array> {
  const bytes = ownBuffer(ipcStreamToParquet(task.ipc));
  return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
}

/** `bytes` over an ArrayBuffer of its own (copied when a view into a larger or shared one), so it can be transferred. */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}
