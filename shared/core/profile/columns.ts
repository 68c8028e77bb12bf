/**
 * Typed read access to Arrow table columns by name, tolerant of the physical type the silver
 * writer happens to use (Int32 or Bool flags, Int or Float numbers, Utf8 or dictionary strings),
 * so the gold, profile and EDA code keeps working if a column type shifts slightly.
 */
import { DataType, Table, Type, Vector } from 'apache-arrow';

export interface NumericColumn {
  /** Values as float64; entries at invalid positions are NaN. */
  values: Float64Array;
  /** 1 where the value is present (non-null and not NaN). */
  valid: Uint8Array;
  nullCount: number;
  arrowType: string;
}

export interface CategoryColumn {
  values: (string | null)[];
  nullCount: number;
  arrowType: string;
}

function columnVector(table: Table, name: string, context: string): Vector {
  const vector = table.getChild(name);
  if (vector === null) {
    const available = table.schema.fields.map((f) => f.name).join(', ');
    throw new Error(`${context}: column '${name}' is missing (available: ${available})`);
  }
  return vector;
}

function isNumericType(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float || type.typeId === Type.Bool;
}

function isStringType(type: DataType): boolean {
  return type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8 || type.typeId === Type.Dictionary;
}

/** A numeric, integer or boolean column as float64 (booleans become 0/1; NaN counts as missing). */
export function readNumericColumn(table: Table, name: string, context: string): NumericColumn {
  const vector = columnVector(table, name, context);
  if (!isNumericType(vector.type)) {
    throw new Error(
      `${context}: column '${name}' has type ${String(vector.type)}; expected a numeric, integer or boolean column`,
    );
  }
  const length = vector.length;
  const values = new Float64Array(length);
  const valid = new Uint8Array(length);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const raw: unknown = vector.get(i);
    const value = raw === null || raw === undefined ? NaN : Number(raw);
    values[i] = value;
    if (Number.isNaN(value)) nullCount++;
    else valid[i] = 1;
  }
  return { values, valid, nullCount, arrowType: String(vector.type) };
}

/**
 * A column whose values are treated as categories: strings as they are, integers and booleans
 * as their decimal/`true`/`false` text (so 0/1 flags can be profiled as categories).
 */
export function readCategoryColumn(table: Table, name: string, context: string): CategoryColumn {
  const vector = columnVector(table, name, context);
  if (!isStringType(vector.type) && !isNumericType(vector.type)) {
    throw new Error(
      `${context}: column '${name}' has type ${String(vector.type)}; expected strings, integers or booleans`,
    );
  }
  const values = new Array<string | null>(vector.length);
  let nullCount = 0;
  for (let i = 0; i < vector.length; i++) {
    const raw: unknown = vector.get(i);
    if (raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw))) {
      values[i] = null;
      nullCount++;
    } else {
      values[i] = String(raw);
    }
  }
  return { values, nullCount, arrowType: String(vector.type) };
}

/** Values of a column that must not contain nulls; the error names the first null row. */
export function requireComplete(column: NumericColumn, name: string, context: string): Float64Array {
  if (column.nullCount > 0) {
    const row = column.valid.indexOf(0);
    throw new Error(
      `${context}: column '${name}' has ${column.nullCount} null/NaN value(s), first at row ${row}; expected none`,
    );
  }
  return column.values;
}
