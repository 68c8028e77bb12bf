/**
 * Arrow tables spilled to a temporary local file and read back in the order they were written,
 * for a job that must see all of its input before it can finish any output (MICE fills BMI from a
 * fit over every row) yet can neither hold that input in memory nor read its source twice (a
 * second read costs as much as the first, and the source may have changed in between).
 *
 * The file holds only the columns' buffers, as they are, each padded to 8 bytes; what they mean
 * (schema, types, lengths, null counts) stays in memory, since the file never outlives the
 * process. That skips IPC's framing and its extra copy of every buffer. Columns must be flat
 * (no children, no dictionary); the file lives in a folder of its own, which `remove()` deletes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferType, Data, DataType, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';

const ALIGN = 8;
const PADDING = new Uint8Array(ALIGN);

type TypedArray = Exclude<Data['values'], undefined>;
type TypedArrayConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;

/** One of a column's buffers: where it sits in its entry and the array type to view it as. */
interface BufferPlace {
  at: number;
  length: number;
  ArrayType: TypedArrayConstructor;
}

interface ColumnPlace {
  type: DataType;
  offset: number;
  length: number;
  nullCount: number;
  /** valueOffsets, values, nullBitmap (Arrow's buffer order); undefined where the column has none. */
  buffers: (BufferPlace | undefined)[];
}

interface Entry {
  schema: Schema;
  length: number;
  columns: ColumnPlace[];
  position: number;
  bytes: number;
}

export class TableSpill {
  private fd: number | undefined;
  private written = 0;
  private readonly entries: Entry[] = [];

  private constructor(
    private readonly folder: string,
    readonly file: string,
  ) {
    this.fd = fs.openSync(file, 'w+');
  }

  /** A new, empty spill in a fresh folder under `directory` (default: the system's temporary folder). */
  static create(directory: string = os.tmpdir(), prefix = 'table-spill-'): TableSpill {
    let folder: string;
    try {
      folder = fs.mkdtempSync(path.join(directory, prefix));
    } catch (error) {
      throw new Error(`cannot create a spill folder in ${directory}: ${messageOf(error)}`, { cause: error });
    }
    return new TableSpill(folder, path.join(folder, 'tables.bin'));
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.written;
  }

  /** Record batches written so far. */
  get count(): number {
    return this.entries.length;
  }

  /** Writes each record batch of `table`. */
  append(table: Table): void {
    for (const batch of table.batches) this.appendBatch(batch);
  }

  /** Every record batch appended, in order, each read when asked for and as a table of its own. */
  *tables(): Generator<Table, void, undefined> {
    for (const entry of this.entries) yield new Table([this.read(entry)]);
  }

  /** Deletes the file and its folder; the spill cannot be used afterwards. Safe to call twice. */
  remove(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    fs.rmSync(this.folder, { recursive: true, force: true });
  }

  private appendBatch(batch: RecordBatch): void {
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    const place = (array: TypedArray | undefined): BufferPlace | undefined => {
      if (array === undefined || array === null) return undefined;
      const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      const at = bytes;
      chunks.push(view);
      bytes += view.byteLength;
      const pad = (ALIGN - (bytes % ALIGN)) % ALIGN;
      if (pad > 0) chunks.push(PADDING.subarray(0, pad));
      bytes += pad;
      return { at, length: array.length, ArrayType: array.constructor as TypedArrayConstructor };
    };
    const columns = batch.data.children.map((data, i): ColumnPlace => {
      if (data.children.length > 0 || data.dictionary !== undefined)
        throw new Error(`cannot spill column "${batch.schema.fields[i].name}" of type ${data.type}: not a flat column`);
      return {
        type: data.type,
        offset: data.offset,
        length: data.length,
        nullCount: data.nullCount,
        buffers: [place(data.valueOffsets), place(data.values), place(data.nullBitmap)],
      };
    });
    this.writeAll(chunks, bytes);
    this.entries.push({ schema: batch.schema, length: batch.numRows, columns, position: this.written, bytes });
    this.written += bytes;
  }

  private read(entry: Entry): RecordBatch {
    const buffer = new ArrayBuffer(entry.bytes);
    this.readAll(new Uint8Array(buffer), entry.position);
    const view = (b: BufferPlace | undefined) =>
      b === undefined ? undefined : new b.ArrayType(buffer, b.at, b.length);
    const children = entry.columns.map((column) => {
      const [valueOffsets, values, nullBitmap] = column.buffers.map(view);
      return new Data(column.type, column.offset, column.length, column.nullCount, {
        [BufferType.OFFSET]: valueOffsets as Int32Array,
        [BufferType.DATA]: values,
        [BufferType.VALIDITY]: nullBitmap as Uint8Array,
      });
    });
    const struct = makeData({ type: new Struct(entry.schema.fields), length: entry.length, nullCount: 0, children });
    return new RecordBatch(entry.schema, struct);
  }

  private open(): number {
    if (this.fd === undefined) throw new Error(`${this.file}: the spill was removed`);
    return this.fd;
  }

  private writeAll(chunks: Uint8Array[], bytes: number): void {
    const fd = this.open();
    try {
      // writev may write less than asked (e.g. beyond IOV_MAX buffers): the rest follows from where it stopped.
      let done = fs.writevSync(fd, chunks, this.written);
      while (done < bytes) done += fs.writevSync(fd, remainingAfter(chunks, done), this.written + done);
    } catch (error) {
      throw new Error(`cannot spill to ${this.file}: ${messageOf(error)}`, { cause: error });
    }
  }

  private readAll(into: Uint8Array, position: number): void {
    const fd = this.open();
    let done = 0;
    while (done < into.byteLength) {
      const read = fs.readSync(fd, into, done, into.byteLength - done, position + done);
      if (read === 0) throw new Error(`${this.file}: the spill file ends early (at byte ${position + done})`);
      done += read;
    }
  }
}

/** The chunks' bytes after the first `skip` of them (a short write's remainder). */
function remainingAfter(chunks: Uint8Array[], skip: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let seen = 0;
  for (const chunk of chunks) {
    const end = seen + chunk.byteLength;
    if (end > skip) rest.push(seen >= skip ? chunk : chunk.subarray(skip - seen));
    seen = end;
  }
  return rest;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
