/** Little-endian reads from a byte buffer that fail with the offset and field name when data runs out. */
export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Throws unless `count` more bytes are available for `field`. */
  need(count: number, field: string): void {
    if (count > this.remaining) {
      throw new Error(
        `${this.what} is truncated: reading ${field} at byte ${this.offset} needs ${count} bytes, ` +
          `only ${this.remaining} left (total ${this.bytes.length})`,
      );
    }
  }

  int32(field: string): number {
    this.need(4, field);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  uint32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  float32(field: string): number {
    this.need(4, field);
    const v = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** A uint64 that must fit in a JS number (lengths and counts). */
  uint64(field: string): number {
    this.need(8, field);
    const low = this.view.getUint32(this.offset, true);
    const high = this.view.getUint32(this.offset + 4, true);
    this.offset += 8;
    return high * 4294967296 + low;
  }

  /** Reads `length` bytes as ASCII/UTF-8 text. */
  text(length: number, field: string): string {
    this.need(length, field);
    const s = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return s;
  }

  /** A dmlc::Stream string: uint64 length, then the bytes. */
  lengthPrefixedText(field: string, maxLength = 1 << 20): string {
    const start = this.offset;
    const length = this.uint64(`${field} length`);
    if (length > maxLength) {
      throw new Error(
        `${this.what}: ${field} at byte ${start} claims length ${length}, more than the limit ${maxLength}`,
      );
    }
    return this.text(length, field);
  }

  skip(count: number, field: string): void {
    this.need(count, field);
    this.offset += count;
  }

  /** A view (not a copy) of the next `count` bytes. */
  slice(count: number, field: string): Uint8Array {
    this.need(count, field);
    const s = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return s;
  }
}
