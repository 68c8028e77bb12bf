/**
 * Model-input preprocessing equivalent to scikit-learn's
 * ColumnTransformer([StandardScaler() on numeric, OneHotEncoder(handle_unknown='ignore') on
 * categorical, 'passthrough']). Output columns come in that order: numeric, then one column per
 * (categorical field, category), then passthrough. The fitted state is plain JSON so the same
 * transform can be stored next to the model and replayed at serving time.
 */
import { TableInput, TableReader, describeValue, numberCell, readTable } from './table';

export type Category = string | number;

export interface PreprocessSpec {
  numeric: readonly string[];
  categorical: readonly string[];
  passthrough?: readonly string[];
  /** Subtract the mean (StandardScaler with_mean). Default true. */
  withMean?: boolean;
  /** Divide by the population standard deviation (StandardScaler with_std). Default true. */
  withStd?: boolean;
}

export interface NumericState {
  name: string;
  mean: number;
  /** Population standard deviation; 1 for (near-)constant columns, as sklearn does. */
  scale: number;
}

export interface CategoricalState {
  name: string;
  /** Sorted like sklearn: numbers ascending, strings by code unit. */
  categories: Category[];
}

export interface PreprocessorJSON {
  kind: 'preprocessor';
  version: 1;
  withMean: boolean;
  withStd: boolean;
  numeric: NumericState[];
  categorical: CategoricalState[];
  passthrough: string[];
}

export interface FeatureMatrix {
  /** Row-major: cell (r, c) at `matrix[r * cols + c]`. */
  matrix: Float64Array;
  rows: number;
  cols: number;
}

const MACHINE_EPSILON = 2.220446049250313e-16;

export class Preprocessor {
  readonly featureNames: readonly string[];
  private readonly categoryIndex: Map<Category, number>[];

  private constructor(private readonly state: PreprocessorJSON) {
    this.featureNames = [
      ...state.numeric.map((n) => n.name),
      ...state.categorical.flatMap((c) => c.categories.map((category) => `${c.name}=${category}`)),
      ...state.passthrough,
    ];
    this.categoryIndex = state.categorical.map((c) => new Map(c.categories.map((category, k) => [category, k])));
  }

  static fit(table: TableInput, spec: PreprocessSpec): Preprocessor {
    const reader = readTable(table, 'fitPreprocessor');
    checkSpec(spec);
    if (reader.rowCount === 0) throw new Error('fitPreprocessor: no rows to fit on');
    return new Preprocessor({
      kind: 'preprocessor',
      version: 1,
      withMean: spec.withMean ?? true,
      withStd: spec.withStd ?? true,
      numeric: spec.numeric.map((name) => fitScaler(reader, name)),
      categorical: spec.categorical.map((name) => fitCategories(reader, name)),
      passthrough: [...(spec.passthrough ?? [])],
    });
  }

  static fromJSON(json: unknown): Preprocessor {
    return new Preprocessor(parseState(json));
  }

  get cols(): number {
    return this.featureNames.length;
  }

  transform(table: TableInput): FeatureMatrix {
    const context = 'Preprocessor.transform';
    const reader = readTable(table, context);
    const { numeric, categorical, passthrough, withMean, withStd } = this.state;
    const rows = reader.rowCount;
    const cols = this.cols;
    const matrix = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let c = r * cols;
      for (const { name, mean, scale } of numeric) {
        const value = numberCell(reader, r, name, context);
        matrix[c++] = (withMean ? value - mean : value) / (withStd ? scale : 1);
      }
      categorical.forEach(({ name, categories }, f) => {
        const value = categoryCell(reader, r, name, context);
        const index = this.categoryIndex[f].get(value);
        if (index === undefined && categories.length > 0 && typeof categories[0] !== typeof value) {
          throw new Error(
            `${context}: row ${r} field '${name}' is ${describeValue(value)}; expected a ${typeof categories[0]} like the fitted categories`,
          );
        }
        // handle_unknown='ignore': an unseen category leaves the whole block at zero.
        if (index !== undefined) matrix[c + index] = 1;
        c += categories.length;
      });
      for (const name of passthrough) matrix[c++] = numberCell(reader, r, name, context);
    }
    return { matrix, rows, cols };
  }

  toJSON(): PreprocessorJSON {
    return JSON.parse(JSON.stringify(this.state)) as PreprocessorJSON;
  }
}

export function fitPreprocessor(table: TableInput, spec: PreprocessSpec): Preprocessor {
  return Preprocessor.fit(table, spec);
}

function checkSpec(spec: PreprocessSpec): void {
  const seen = new Set<string>();
  for (const name of [...spec.numeric, ...spec.categorical, ...(spec.passthrough ?? [])]) {
    if (seen.has(name)) throw new Error(`fitPreprocessor: field '${name}' is listed in more than one group`);
    seen.add(name);
  }
  if (seen.size === 0) throw new Error('fitPreprocessor: the spec lists no fields');
}

/** Mean and population variance with the two-pass correction sklearn's StandardScaler uses. */
function fitScaler(reader: TableReader, name: string): NumericState {
  const n = reader.rowCount;
  const values = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    values[r] = numberCell(reader, r, name, 'fitPreprocessor');
    sum += values[r];
  }
  const mean = sum / n;
  let squares = 0;
  let correction = 0;
  for (let r = 0; r < n; r++) {
    const d = values[r] - mean;
    squares += d * d;
    correction += d;
  }
  const variance = (squares - (correction * correction) / n) / n;
  // sklearn's _is_constant_feature: variance indistinguishable from rounding noise counts as zero.
  const constantBound = n * MACHINE_EPSILON * variance + (n * mean * MACHINE_EPSILON) ** 2;
  return { name, mean, scale: variance <= constantBound ? 1 : Math.sqrt(variance) };
}

function fitCategories(reader: TableReader, name: string): CategoricalState {
  const seen = new Set<Category>();
  let kind: 'string' | 'number' | undefined;
  for (let r = 0; r < reader.rowCount; r++) {
    const value = categoryCell(reader, r, name, 'fitPreprocessor');
    const valueKind = typeof value === 'number' ? 'number' : 'string';
    if (kind !== undefined && valueKind !== kind) {
      throw new Error(`fitPreprocessor: row ${r} field '${name}' is ${describeValue(value)}; earlier rows hold ${kind}s, mixed category types are not supported`);
    }
    kind = valueKind;
    seen.add(value);
  }
  const categories = [...seen].sort(compareCategories);
  return { name, categories };
}

function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

function categoryCell(reader: TableReader, row: number, field: string, context: string): Category {
  const value = reader.cell(row, field);
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new Error(`${context}: row ${row} field '${field}' is ${describeValue(value)}; expected a string or finite number category`);
}

function parseState(json: unknown): PreprocessorJSON {
  const fail = (what: string): never => {
    throw new Error(`Preprocessor.fromJSON: ${what}`);
  };
  if (json === null || typeof json !== 'object') return fail(`expected an object, got ${describeValue(json)}`);
  const s = json as Partial<Record<keyof PreprocessorJSON, unknown>>;
  if (s.kind !== 'preprocessor' || s.version !== 1) {
    return fail(`expected kind 'preprocessor' version 1, got kind ${describeValue(s.kind)} version ${describeValue(s.version)}`);
  }
  if (typeof s.withMean !== 'boolean' || typeof s.withStd !== 'boolean') return fail('withMean and withStd must be booleans');
  const list = (value: unknown, field: string): unknown[] => (Array.isArray(value) ? value : fail(`'${field}' must be an array`));
  const numeric = list(s.numeric, 'numeric').map((entry, k) => {
    const e = entry as Partial<NumericState> | null;
    if (!e || typeof e.name !== 'string' || !Number.isFinite(e.mean) || !(typeof e.scale === 'number' && e.scale > 0)) {
      return fail(`numeric[${k}] must be {name: string, mean: finite number, scale: positive number}`);
    }
    return { name: e.name, mean: e.mean as number, scale: e.scale };
  });
  const categorical = list(s.categorical, 'categorical').map((entry, k) => {
    const e = entry as Partial<CategoricalState> | null;
    const ok = e && typeof e.name === 'string' && Array.isArray(e.categories) &&
      e.categories.every((c) => typeof c === 'string' || Number.isFinite(c));
    if (!ok) return fail(`categorical[${k}] must be {name: string, categories: (string | number)[]}`);
    return { name: e.name as string, categories: [...(e.categories as Category[])] };
  });
  const passthrough = list(s.passthrough, 'passthrough').map((name, k) =>
    typeof name === 'string' ? name : fail(`passthrough[${k}] must be a string`),
  );
  return { kind: 'preprocessor', version: 1, withMean: s.withMean, withStd: s.withStd, numeric, categorical, passthrough };
}
