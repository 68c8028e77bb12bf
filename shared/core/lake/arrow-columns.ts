/**
 * Column-level Arrow operations the lake needs and apache-arrow JS lacks: lossless casts between
 * equivalent physical types, constant columns, row gathers, and batches built on a fixed schema.
 */
import {
  Data,
  DataType,
  DateUnit,
  Date_,
  Field,
  Int,
  RecordBatch,
  Schema,
  Struct,
  TimeUnit,
  Timestamp,
  Type,
  makeData,
  makeVector,
  util,
  vectorFromArray,
} from 'apache-arrow';

type FixedWidthArray = Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/**
 * `data` converted to `target` when the conversion is exact (timestamp unit/zone, date unit,
 * integer widening, large/dictionary strings); throws naming `where` otherwise.
 */
export function castColumn(data: Data, target: DataType, where: string): Data {
  const source: DataType = data.type;
  if (sameType(source, target)) return data;
  if (source.typeId === Type.Timestamp && target.typeId === Type.Timestamp) {
    return rescaleTimestamps(data, (source as Timestamp).unit, target as Timestamp, where);
  }
  if (source.typeId === Type.Date && target.typeId === Type.Date && (target as Date_).unit === DateUnit.DAY) {
    return viaValues(data, target);
  }
  if (source.typeId === Type.Int && target.typeId === Type.Int && isWidening(source as Int, target as Int)) {
    return mapFixedWidth(data, target, (value) => value);
  }
  const stringLike = [Type.Utf8, Type.LargeUtf8, Type.Dictionary];
  if (target.typeId === Type.Utf8 && stringLike.includes(source.typeId)) return viaValues(data, target);
  throw new Error(`${where}: column type ${String(source)} cannot be converted to ${String(target)}`);
}

/** A column of `length` copies of `value` (null gives an all-null column). */
export function constantColumn(type: DataType, value: unknown, length: number): Data {
  if (value === null || value === undefined) {
    return vectorFromArray(new Array<null>(length).fill(null), type).data[0];
  }
  const ArrayType = fixedWidthArrayType(type);
  if (ArrayType !== undefined) {
    const values = new ArrayType(length);
    (values as unknown as { fill(v: unknown): void }).fill(value);
    return makeData({ type, length, nullCount: 0, data: values } as Parameters<typeof makeData>[0]);
  }
  return vectorFromArray(new Array<unknown>(length).fill(value), type).data[0];
}

/** The rows of `batch` at `indices` (in that order), same schema. */
export function takeRows(batch: RecordBatch, indices: Int32Array): RecordBatch {
  const columns = batch.schema.fields.map((_, i) => takeFromData(columnData(batch, i), indices));
  return batchFromColumns(batch.schema, columns, indices.length);
}

/** A RecordBatch of `schema` whose columns are the given single-chunk Data objects. */
export function batchFromColumns(schema: Schema, columns: Data[], length: number): RecordBatch {
  columns.forEach((column, i) => {
    if (column.length !== length) {
      throw new Error(`column "${schema.fields[i].name}" has ${column.length} rows, expected ${length}`);
    }
  });
  const struct = makeData({ type: new Struct(schema.fields as Field[]), length, nullCount: 0, children: columns });
  return new RecordBatch(schema, struct);
}

/** The single Data chunk of column `index` of a RecordBatch. */
export function columnData(batch: RecordBatch, index: number): Data {
  return batch.data.children[index];
}

function takeFromData(data: Data, indices: Int32Array): Data {
  if (data.type.typeId === Type.Utf8) return takeUtf8(data, indices);
  const ArrayType = fixedWidthArrayType(data.type);
  if (ArrayType === undefined) {
    const picked = new Array<unknown>(indices.length);
    const column = makeVector(data);
    for (let i = 0; i < indices.length; i++) picked[i] = column.get(indices[i]);
    return vectorFromArray(picked, data.type).data[0];
  }
  const values = new ArrayType(indices.length);
  const { validity, nullCount } =
    data.nullCount > 0 ? takeValidity(data, indices) : { validity: undefined, nullCount: 0 };
  gatherWords(data.values as FixedWidthArray, values, indices, validity);
  return makeData({
    type: data.type,
    length: indices.length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : undefined,
    data: values,
  } as Parameters<typeof makeData>[0]);
}

/**
 * target[i] = source[indices[i]] for the valid rows (null slots stay zero), copying the elements'
 * bytes through 32-bit (or narrower) integer views: bit for bit, and one code path per width.
 */
function gatherWords(
  source: FixedWidthArray,
  target: FixedWidthArray,
  indices: Int32Array,
  validity: Uint8Array | undefined,
): void {
  const words = source.BYTES_PER_ELEMENT >> 2;
  const view = (array: FixedWidthArray): Int32Array | Int16Array | Int8Array =>
    words > 0
      ? new Int32Array(array.buffer, array.byteOffset, array.length * words)
      : (array as Int16Array | Int8Array);
  const from = view(source);
  const to = view(target);
  const step = Math.max(words, 1);
  for (let i = 0; i < indices.length; i++) {
    if (validity !== undefined && ((validity[i >> 3] >> (i & 7)) & 1) === 0) continue;
    const at = indices[i] * step;
    for (let w = 0; w < step; w++) to[i * step + w] = from[at + w];
  }
}

/** Utf8 rows gathered by copying their bytes (Arrow's builder would decode and re-encode every string). */
function takeUtf8(data: Data, indices: Int32Array): Data {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const { validity, nullCount } =
    data.nullCount > 0 ? takeValidity(data, indices) : { validity: undefined, nullCount: 0 };
  const isValid = (i: number): boolean => validity === undefined || ((validity[i >> 3] >> (i & 7)) & 1) === 1;
  const newOffsets = new Int32Array(indices.length + 1);
  let size = 0;
  for (let i = 0; i < indices.length; i++) {
    if (isValid(i)) size += offsets[indices[i] + 1] - offsets[indices[i]];
    newOffsets[i + 1] = size;
  }
  const values = new Uint8Array(size);
  for (let i = 0; i < indices.length; i++) {
    const start = offsets[indices[i]];
    const length = newOffsets[i + 1] - newOffsets[i];
    if (length > 16) values.set(bytes.subarray(start, start + length), newOffsets[i]);
    else for (let b = 0, at = newOffsets[i]; b < length; b++) values[at + b] = bytes[start + b];
  }
  return makeData({
    type: data.type,
    length: indices.length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : undefined,
    valueOffsets: newOffsets,
    data: values,
  } as Parameters<typeof makeData>[0]);
}

/** The validity bitmap (LSB first) of the rows at `indices`, and how many of them are null. */
function takeValidity(data: Data, indices: Int32Array): { validity: Uint8Array; nullCount: number } {
  const validity = new Uint8Array((indices.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < indices.length; i++) {
    if (data.getValid(indices[i])) validity[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  }
  return { validity, nullCount };
}

function rescaleTimestamps(data: Data, fromUnit: TimeUnit, target: Timestamp, where: string): Data {
  const exponent = (unit: TimeUnit): number => [0, 3, 6, 9][unit];
  const shift = exponent(target.unit) - exponent(fromUnit);
  const factor = 10n ** BigInt(Math.abs(shift));
  return mapFixedWidth(data, target, (value, row) => {
    const ticks = BigInt(value);
    if (shift >= 0) return ticks * factor;
    if (ticks % factor !== 0n) {
      throw new Error(
        `${where}: timestamp at row ${row} has sub-${TimeUnit[target.unit]} precision that would be lost`,
      );
    }
    return ticks / factor;
  });
}

/** Copies values (with validity) into a new buffer of the target's array type. */
function mapFixedWidth(
  data: Data,
  target: DataType,
  convert: (value: number | bigint, row: number) => number | bigint,
): Data {
  const ArrayType = fixedWidthArrayType(target);
  if (ArrayType === undefined) throw new Error(`internal: ${String(target)} is not fixed-width`);
  const source = data.values as FixedWidthArray;
  const values = new ArrayType(data.length);
  const wide = values instanceof BigInt64Array;
  for (let i = 0; i < data.length; i++) {
    if (data.nullCount > 0 && !data.getValid(i)) continue;
    const converted = convert(source[i], i);
    (values as unknown as Record<number, number | bigint>)[i] = wide ? BigInt(converted) : Number(converted);
  }
  return makeData({
    type: target,
    length: data.length,
    nullCount: data.nullCount,
    nullBitmap: data.nullCount > 0 ? copyValidity(data) : undefined,
    data: values,
  } as Parameters<typeof makeData>[0]);
}

function viaValues(data: Data, target: DataType): Data {
  const column = makeVector(data);
  const values = new Array<unknown>(data.length);
  for (let i = 0; i < data.length; i++) values[i] = column.get(i);
  return vectorFromArray(values, target).data[0];
}

function copyValidity(data: Data): Uint8Array {
  const validity = new Uint8Array((data.length + 7) >> 3);
  for (let i = 0; i < data.length; i++) if (data.getValid(i)) validity[i >> 3] |= 1 << (i & 7);
  return validity;
}

function sameType(a: DataType, b: DataType): boolean {
  return util.compareTypes(a, b);
}

function isWidening(from: Int, to: Int): boolean {
  return from.isSigned && to.isSigned && to.bitWidth >= from.bitWidth;
}

type FixedWidthConstructor = new (length: number) => FixedWidthArray;

function fixedWidthArrayType(type: DataType): FixedWidthConstructor | undefined {
  switch (type.typeId) {
    case Type.Int: {
      const int = type as Int;
      if (!int.isSigned) return undefined;
      return (
        { 8: Int8Array, 16: Int16Array, 32: Int32Array, 64: BigInt64Array } as Record<number, FixedWidthConstructor>
      )[int.bitWidth];
    }
    case Type.Float:
      return type.ArrayType === Float32Array
        ? Float32Array
        : type.ArrayType === Float64Array
          ? Float64Array
          : undefined;
    case Type.Date:
      return (type as Date_).unit === DateUnit.DAY ? Int32Array : undefined;
    case Type.Timestamp:
      return BigInt64Array;
    default:
      return undefined;
  }
}
