/**
 * Delta `schemaString` (Spark's JSON schema) <-> Arrow schema, for the flat primitive columns
 * this pipeline stores. Nested, decimal and other types are rejected with the column named.
 */
import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Field,
  Float,
  Float32,
  Float64,
  Int,
  Int16,
  Int32,
  Int64,
  Int8,
  Precision,
  Schema,
  TimestampMicrosecond,
  Type,
  Utf8,
  Dictionary,
} from 'apache-arrow';

export type DeltaPrimitiveType =
  'string' | 'long' | 'integer' | 'short' | 'byte' | 'double' | 'float' | 'boolean' | 'date' | 'timestamp' | 'binary';

const PRIMITIVES: readonly DeltaPrimitiveType[] = [
  'string',
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'boolean',
  'date',
  'timestamp',
  'binary',
];

export interface DeltaStructField {
  name: string;
  type: DeltaPrimitiveType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

export interface DeltaSchema {
  type: 'struct';
  fields: DeltaStructField[];
}

/** Parses and validates a `metaData.schemaString`; `where` names the source in errors. */
export function parseSchemaString(schemaString: string, where: string): DeltaSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaString);
  } catch (error) {
    throw new Error(`${where}: schemaString is not valid JSON (${String(error)})`, { cause: error });
  }
  if (!isRecord(parsed) || parsed.type !== 'struct' || !Array.isArray(parsed.fields)) {
    throw new Error(`${where}: schemaString must be a JSON object {"type":"struct","fields":[...]}`);
  }
  const fields = parsed.fields.map((raw: unknown, index: number): DeltaStructField => {
    if (!isRecord(raw) || typeof raw.name !== 'string') {
      throw new Error(`${where}: schema field #${index} has no string "name"`);
    }
    if (typeof raw.type !== 'string' || !(PRIMITIVES as readonly string[]).includes(raw.type)) {
      throw new Error(
        `${where}: column "${raw.name}" has Delta type ${JSON.stringify(raw.type)}; ` +
          `this reader supports only ${PRIMITIVES.join(', ')}`,
      );
    }
    return {
      name: raw.name,
      type: raw.type as DeltaPrimitiveType,
      nullable: raw.nullable !== false,
      metadata: isRecord(raw.metadata) ? raw.metadata : {},
    };
  });
  return { type: 'struct', fields };
}

export function arrowTypeOfDelta(type: DeltaPrimitiveType): DataType {
  switch (type) {
    case 'string':
      return new Utf8();
    case 'long':
      return new Int64();
    case 'integer':
      return new Int32();
    case 'short':
      return new Int16();
    case 'byte':
      return new Int8();
    case 'double':
      return new Float64();
    case 'float':
      return new Float32();
    case 'boolean':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'binary':
      return new Binary();
  }
}

/**
 * The Delta type an Arrow column is stored as. Types the writer can convert losslessly map too:
 * any date unit -> date, any timestamp unit or zone -> timestamp (UTC microseconds; a zoneless
 * timestamp is taken as UTC, which is what JS Date values are), large or dictionary strings -> string.
 */
function deltaTypeOfArrow(type: DataType, column: string): DeltaPrimitiveType {
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Int: {
      const int = type as Int;
      if (int.isSigned) {
        if (int.bitWidth === 64) return 'long';
        if (int.bitWidth === 32) return 'integer';
        if (int.bitWidth === 16) return 'short';
        if (int.bitWidth === 8) return 'byte';
      }
      break;
    }
    case Type.Float: {
      const precision = (type as Float).precision;
      if (precision === Precision.DOUBLE) return 'double';
      if (precision === Precision.SINGLE) return 'float';
      break;
    }
    case Type.Bool:
      return 'boolean';
    case Type.Date:
      return 'date';
    case Type.Timestamp:
      return 'timestamp';
    case Type.Binary:
      return 'binary';
    case Type.Dictionary:
      if ((type as Dictionary).dictionary.typeId === Type.Utf8) return 'string';
      break;
    default:
      break;
  }
  throw new Error(
    `column "${column}" has Arrow type ${String(type)}, which has no Delta equivalent here; ` +
      `expected a signed integer, float32/64, utf8, bool, date, timestamp or binary column`,
  );
}

export function arrowSchemaToDelta(schema: Schema): DeltaSchema {
  const seen = new Set<string>();
  return {
    type: 'struct',
    fields: schema.fields.map((field) => {
      if (seen.has(field.name)) throw new Error(`duplicate column name "${field.name}" in Arrow schema`);
      seen.add(field.name);
      return {
        name: field.name,
        type: deltaTypeOfArrow(field.type, field.name),
        nullable: field.nullable,
        metadata: {},
      };
    }),
  };
}

export function deltaSchemaToArrow(schema: DeltaSchema): Schema {
  return new Schema(schema.fields.map((f) => new Field(f.name, arrowTypeOfDelta(f.type), f.nullable)));
}

export function schemaToString(schema: DeltaSchema): string {
  return JSON.stringify(schema);
}

/** Describes the first difference between two schemas, or returns undefined when they match. */
export function schemaDifference(expected: DeltaSchema, actual: DeltaSchema): string | undefined {
  const actualByName = new Map(actual.fields.map((f) => [f.name, f]));
  for (const field of expected.fields) {
    const other = actualByName.get(field.name);
    if (other === undefined) return `column "${field.name}" (${field.type}) is missing`;
    if (other.type !== field.type) return `column "${field.name}" is ${other.type}, table has ${field.type}`;
  }
  const expectedNames = new Set(expected.fields.map((f) => f.name));
  const extra = actual.fields.find((f) => !expectedNames.has(f.name));
  if (extra !== undefined) return `column "${extra.name}" (${extra.type}) is not in the table schema`;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
