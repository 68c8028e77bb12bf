/**
 * Partition values as the Delta protocol serializes them (strings in `add.partitionValues`),
 * Hive-style partition folders, and the URI encoding of `add.path`.
 */
import { Vector } from 'apache-arrow';
import { formatDate } from './column-stats';
import { DeltaPrimitiveType } from './delta-schema';

/** Folder name Hive and Spark use for a null partition value. */
export const HIVE_NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/**
 * The log string of row `row` of a single-chunk column, or null. An empty string is written as
 * null: the protocol reads an empty partition string as null, so it could not round-trip.
 */
export function partitionValueAt(vector: Vector, row: number, type: DeltaPrimitiveType, column: string): string | null {
  const data = vector.data[0];
  if (!data.getValid(row)) return null;
  const raw = (data.values as ArrayLike<number | bigint>)[row];
  switch (type) {
    case 'string': {
      const text = vector.get(row) as string;
      return text === '' ? null : text;
    }
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'double':
    case 'float':
      return String(raw);
    case 'boolean':
      return vector.get(row) === true ? 'true' : 'false';
    case 'date':
      return formatDate(Number(raw));
    case 'timestamp':
      return formatTimestampMicros(BigInt(raw));
    case 'binary':
      break;
  }
  throw new Error(`partition column "${column}" has type ${type}, which cannot be a partition column here`);
}

/**
 * The value a log partition string stands for, in the form `constantColumn` fills an Arrow column
 * with (bigint for long and timestamp microseconds, day number for date). `where` names the file.
 */
export function parsePartitionValue(
  text: string | null | undefined,
  type: DeltaPrimitiveType,
  column: string,
  where: string,
): number | bigint | string | boolean | null {
  if (text === null || text === undefined || text === '') return null;
  const fail = (expected: string): never => {
    throw new Error(`${where}: partition value ${JSON.stringify(text)} of column "${column}" is not ${expected}`);
  };
  switch (type) {
    case 'string':
      return text;
    case 'long':
      return /^[-+]?\d+$/.test(text) ? BigInt(text) : fail('a long');
    case 'integer':
    case 'short':
    case 'byte':
      return /^[-+]?\d+$/.test(text) ? Number(text) : fail(`an ${type}`);
    case 'double':
    case 'float': {
      const value = Number(text);
      return Number.isNaN(value) && text !== 'NaN' ? fail(`a ${type}`) : value;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : fail('true or false');
    case 'date': {
      const match = /^(\d{4,})-(\d{1,2})-(\d{1,2})$/.exec(text);
      if (match === null) return fail('a date yyyy-mm-dd');
      return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86400000;
    }
    case 'timestamp':
      return parseTimestampMicros(text) ?? fail('a timestamp yyyy-mm-dd hh:mm:ss[.ffffff]');
    case 'binary':
      break;
  }
  return fail(`a supported partition type (${type} is not)`);
}

/** `yyyy-mm-dd hh:mm:ss.ffffff` in UTC, the protocol's timestamp partition format. */
export function formatTimestampMicros(micros: bigint): string {
  const millis = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n);
  const subMilli = Number(micros - millis * 1000n);
  const iso = new Date(Number(millis)).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(subMilli).padStart(3, '0')}`;
}

function parseTimestampMicros(text: string): bigint | undefined {
  const match = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]00:?00)?$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  return BigInt(seconds) * 1000000n + BigInt((fraction ?? '').padEnd(6, '0'));
}

/** Hive's escaping of a partition folder name: characters a path cannot hold become %XX. */
export function escapePartitionPathSegment(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    const needsEscape = code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(char);
    escaped += needsEscape ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return escaped;
}

/** `col1=v1/col2=v2` for the given partition columns and their log values. */
export function partitionFolder(columns: readonly string[], values: Record<string, string | null>): string {
  return columns
    .map((column) => {
      const value = values[column];
      const folderValue =
        value === null || value === undefined ? HIVE_NULL_PARTITION : escapePartitionPathSegment(value);
      return `${escapePartitionPathSegment(column)}=${folderValue}`;
    })
    .join('/');
}

/** A relative file path as `add.path` stores it: an RFC 2396 URI reference. */
export function encodeLogPath(relativePath: string): string {
  return encodeURI(relativePath);
}

/** The table-relative file path an `add`/`remove` path refers to. */
export function decodeLogPath(logPath: string, where: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logPath) || logPath.startsWith('/')) {
    throw new Error(
      `${where}: absolute data file path ${JSON.stringify(logPath)} is not supported (only table-relative paths)`,
    );
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(logPath);
  } catch {
    throw new Error(`${where}: data file path ${JSON.stringify(logPath)} is not a valid URI-encoded path`);
  }
  if (decoded.split('/').some((segment) => segment === '..')) {
    throw new Error(`${where}: data file path ${JSON.stringify(logPath)} escapes the table folder`);
  }
  return decoded;
}
