/**
 * Uniform read access to a table given either as records (`[{age: 67, ...}, ...]`) or as
 * columns (`{age: [67, ...], ...}`), with validation errors that name the row and the field.
 */

export type RecordRows = readonly Readonly<Record<string, unknown>>[];
export type ColumnTable = Readonly<Record<string, ArrayLike<unknown>>>;
export type TableInput = RecordRows | ColumnTable;

export interface TableReader {
  readonly rowCount: number;
  /** The raw cell; throws when the row lacks the field. */
  cell(row: number, field: string): unknown;
}

export function readTable(table: TableInput, context: string): TableReader {
  if (Array.isArray(table)) return recordReader(table as RecordRows, context);
  if (table === null || typeof table !== 'object') {
    throw new Error(`${context}: expected an array of records or an object of columns, got ${describeValue(table)}`);
  }
  return columnReader(table as ColumnTable, context);
}

function recordReader(rows: RecordRows, context: string): TableReader {
  return {
    rowCount: rows.length,
    cell(row: number, field: string): unknown {
      const record = rows[row];
      if (record === null || typeof record !== 'object') {
        throw new Error(`${context}: row ${row} is ${describeValue(record)}, expected an object`);
      }
      if (!Object.prototype.hasOwnProperty.call(record, field)) {
        throw new Error(`${context}: row ${row} is missing field '${field}'`);
      }
      return record[field];
    },
  };
}

function columnReader(columns: ColumnTable, context: string): TableReader {
  const names = Object.keys(columns);
  const rowCount = names.length === 0 ? 0 : columns[names[0]].length;
  for (const name of names) {
    if (columns[name].length !== rowCount) {
      throw new Error(`${context}: column '${name}' has ${columns[name].length} rows but '${names[0]}' has ${rowCount}`);
    }
  }
  return {
    rowCount,
    cell(row: number, field: string): unknown {
      const column = columns[field];
      if (column === undefined) throw new Error(`${context}: column '${field}' is missing`);
      return column[row];
    },
  };
}

/** A finite number cell, or a clear error naming row and field. */
export function numberCell(reader: TableReader, row: number, field: string, context: string): number {
  const value = reader.cell(row, field);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${context}: row ${row} field '${field}' is ${describeValue(value)}; expected a finite number`);
  }
  return value;
}

/** Nesting shown by describeValue; deeper levels print as "…" (a 5,000-deep value would overflow the stack). */
const DESCRIBED_DEPTH = 3;

function truncatedNesting(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (depth === 0) return '…';
  if (Array.isArray(value)) return value.map((item: unknown) => truncatedNesting(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncatedNesting(item, depth - 1)]));
}

/** A value as it appears in an error message: JSON, nested at most DESCRIBED_DEPTH levels. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  return JSON.stringify(truncatedNesting(value, DESCRIBED_DEPTH)) ?? String(value);
}
