/**
 * Per-file column statistics in the shape of Delta's `add.stats` JSON:
 * {numRecords, minValues, maxValues, nullCount}. Only values that are exact or safe bounds are
 * recorded; anything else is left out, which readers treat as "unknown".
 */
import {
  Data,
  DataType,
  DateUnit,
  Date_ as DateType,
  Float,
  Int,
  Precision,
  RecordBatch,
  Table,
  TimeUnit,
  Timestamp,
  Type,
} from 'apache-arrow';

/** A statistic value; `bigint` keeps 64-bit integers exact in the JSON text. */
export type StatValue = number | bigint | string;

export interface FileStats {
  numRecords: number;
  minValues: Record<string, StatValue>;
  maxValues: Record<string, StatValue>;
  nullCount: Record<string, number>;
}

/** Spark's default prefix length for string statistics. */
const STRING_STATS_PREFIX = 32;

interface Extremes {
  nullCount: number;
  min?: StatValue;
  max?: StatValue;
}

export function computeFileStats(data: Table | RecordBatch): FileStats {
  const stats: FileStats = { numRecords: data.numRows, minValues: {}, maxValues: {}, nullCount: {} };
  data.schema.fields.forEach((field, index) => {
    const column = data.getChildAt(index);
    if (column === null) return;
    const extremes = columnExtremes(column.data, field.type);
    stats.nullCount[field.name] = extremes.nullCount;
    if (extremes.min !== undefined) stats.minValues[field.name] = extremes.min;
    if (extremes.max !== undefined) stats.maxValues[field.name] = extremes.max;
  });
  return stats;
}

function columnExtremes(chunks: ReadonlyArray<Data<DataType>>, type: DataType): Extremes {
  switch (type.typeId) {
    case Type.Int:
      return numericExtremes(chunks, (type as Int).bitWidth === 64);
    case Type.Float:
      if ((type as Float).precision === Precision.HALF) return { nullCount: countNulls(chunks) };
      return numericExtremes(chunks, false);
    case Type.Date:
      if ((type as DateType).unit !== DateUnit.DAY) return { nullCount: countNulls(chunks) };
      return mapExtremes(numericExtremes(chunks, false), (days) => formatDate(Number(days)));
    case Type.Timestamp:
      return timestampExtremes(chunks, (type as Timestamp).unit);
    case Type.Utf8:
    case Type.LargeUtf8:
      return stringExtremes(chunks);
    default:
      // Booleans and anything else: only the null count is meaningful (as in Spark).
      return { nullCount: countNulls(chunks) };
  }
}

function numericExtremes(chunks: ReadonlyArray<Data<DataType>>, wide: boolean): Extremes {
  if (!wide) return numberExtremes(chunks);
  let nullCount = 0;
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (const chunk of chunks) {
    const values = chunk.values as BigInt64Array;
    const hasNulls = chunk.nullCount > 0;
    for (let i = 0; i < chunk.length; i++) {
      if (hasNulls && !chunk.getValid(i)) {
        nullCount++;
        continue;
      }
      const value = values[i];
      if (min === undefined || value < min) min = value;
      if (max === undefined || value > max) max = value;
    }
  }
  if (min === undefined || max === undefined) return { nullCount };
  return { nullCount, min: BigInt(min), max: BigInt(max) };
}

/** Extremes of columns whose values are JS numbers (32-bit and narrower integers, floats, day dates). */
function numberExtremes(chunks: ReadonlyArray<Data<DataType>>): Extremes {
  let nullCount = 0;
  let counted = 0;
  let min = Infinity;
  let max = -Infinity;
  let sawNaN = false;
  for (const chunk of chunks) {
    const values = chunk.values as ArrayLike<number>;
    const bitmap = chunk.nullCount > 0 ? (chunk.nullBitmap as Uint8Array) : undefined;
    for (let i = 0; i < chunk.length; i++) {
      if (bitmap !== undefined) {
        const bit = chunk.offset + i;
        if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) {
          nullCount++;
          continue;
        }
      }
      const value = values[i];
      if (value !== value) {
        sawNaN = true;
        continue;
      }
      counted++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  // NaN sorts above every number in Spark but cannot be written in JSON: give no bounds.
  if (sawNaN || counted === 0) return { nullCount };
  return { nullCount, min, max };
}

function timestampExtremes(chunks: ReadonlyArray<Data<DataType>>, unit: TimeUnit): Extremes {
  const raw = numericExtremes(chunks, true);
  if (raw.min === undefined || raw.max === undefined) return { nullCount: raw.nullCount };
  // Delta truncates timestamp stats to milliseconds; round outward so both stay valid bounds.
  const minMs = ticksToMillis(BigInt(raw.min), unit, false);
  const maxMs = ticksToMillis(BigInt(raw.max), unit, true);
  return { nullCount: raw.nullCount, min: formatTimestampMillis(minMs), max: formatTimestampMillis(maxMs) };
}

function stringExtremes(chunks: ReadonlyArray<Data<DataType>>): Extremes {
  let nullCount = 0;
  let min: Uint8Array | undefined;
  let max: Uint8Array | undefined;
  for (const chunk of chunks) {
    const hasNulls = chunk.nullCount > 0;
    const offsets = chunk.valueOffsets as ArrayLike<number | bigint>;
    const bytes = chunk.values as Uint8Array;
    const wide = typeof offsets[0] === 'bigint';
    for (let i = 0; i < chunk.length; i++) {
      if (hasNulls && !chunk.getValid(i)) {
        nullCount++;
        continue;
      }
      const start = wide ? Number(offsets[i]) : (offsets[i] as number);
      const end = wide ? Number(offsets[i + 1]) : (offsets[i + 1] as number);
      // UTF-8 bytes sort in code point order, so no string is decoded but the two extremes.
      if (min === undefined || compareBytes(bytes, start, end, min) < 0) min = bytes.subarray(start, end);
      if (max === undefined || compareBytes(bytes, start, end, max) > 0) max = bytes.subarray(start, end);
    }
  }
  const result: Extremes = { nullCount };
  const decoder = new TextDecoder();
  if (min !== undefined) result.min = truncateCodePoints(decoder.decode(min));
  // A cut maximum would no longer bound the column from above, so long maxima are left out.
  if (max !== undefined) {
    const text = decoder.decode(max);
    if (truncateCodePoints(text) === text) result.max = text;
  }
  return result;
}

/** Compares bytes[start, end) with `other` byte by byte (shorter first on a common prefix). */
function compareBytes(bytes: Uint8Array, start: number, end: number, other: Uint8Array): number {
  const length = Math.min(end - start, other.length);
  for (let i = 0; i < length; i++) {
    const a = bytes[start + i];
    const b = other[i];
    if (a !== b) return a < b ? -1 : 1;
  }
  return end - start - other.length;
}

function countNulls(chunks: ReadonlyArray<Data<DataType>>): number {
  let nulls = 0;
  for (const chunk of chunks) nulls += chunk.nullCount;
  return nulls;
}

function mapExtremes(extremes: Extremes, format: (v: StatValue) => StatValue): Extremes {
  const result: Extremes = { nullCount: extremes.nullCount };
  if (extremes.min !== undefined) result.min = format(extremes.min);
  if (extremes.max !== undefined) result.max = format(extremes.max);
  return result;
}

function ticksToMillis(ticks: bigint, unit: TimeUnit, roundUp: boolean): bigint {
  if (unit === TimeUnit.SECOND) return ticks * 1000n;
  if (unit === TimeUnit.MILLISECOND) return ticks;
  const perMilli = unit === TimeUnit.MICROSECOND ? 1000n : 1000000n;
  return roundUp ? -floorDiv(-ticks, perMilli) : floorDiv(ticks, perMilli);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function truncateCodePoints(value: string): string {
  const points = Array.from(value);
  return points.length <= STRING_STATS_PREFIX ? value : points.slice(0, STRING_STATS_PREFIX).join('');
}

export function formatDate(daysSinceEpoch: number): string {
  return new Date(daysSinceEpoch * 86400000).toISOString().slice(0, 10);
}

function formatTimestampMillis(millis: bigint): string {
  return new Date(Number(millis)).toISOString();
}

/** The stats JSON text of an `add` action; bigints are written as exact integer literals. */
export function statsToJson(stats: FileStats): string {
  const values = (record: Record<string, StatValue>): string =>
    `{${Object.entries(record)
      .map(
        ([name, value]) =>
          `${JSON.stringify(name)}:${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}`,
      )
      .join(',')}}`;
  return (
    `{"numRecords":${stats.numRecords},"minValues":${values(stats.minValues)},` +
    `"maxValues":${values(stats.maxValues)},"nullCount":${JSON.stringify(stats.nullCount)}}`
  );
}
