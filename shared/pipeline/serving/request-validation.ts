/**
 * Validation of what clients send to /invocations, before anything reaches the model.
 *
 * JSON: raw patient records (one object or an array of them) with the silver fields, typed and
 * bounded by the ETL's own schema (shared/pipeline/schema.ts, shared/pipeline/etl/validate.ts). Documented
 * choices:
 * - numbers must be JSON numbers (a string "67" is a wrong type, not a number);
 * - categories are matched like the ETL does (trimmed, any case), then must be among the
 *   categories the served model was trained on: gold drops gender `Other`, so a model has never
 *   seen it and scoring it would be a guess: it is refused, like any unseen category;
 * - flags (hypertension, heart_disease, ever_married) are the numbers 0 or 1;
 * - bmi may be null: it is then imputed with the bmi mean the preprocessor was fitted on
 *   (the StandardScaler centre, so it contributes the neutral standardised value 0) and
 *   `bmi_imputed` is 1, which is what the flag meant in training (bmi was missing and filled by
 *   MICE, whose chained regressions need the whole training table and cannot run online);
 * - `id` is accepted and ignored; any other unknown field is refused (it is usually a typo);
 * - derived gold columns (`log_glucose_level`, `age_group`, `bmi_imputed`) are computed here,
 *   never accepted from the client.
 * CSV: preprocessed feature rows, no header, exactly one finite number per model feature.
 * libsvm (`text/libsvm`, `text/x-libsvm`): preprocessed feature rows as the built-in XGBoost
 * container reads them: an optional label first (ignored), then `index:value` pairs whose index
 * is the zero-based feature column, in any order; a feature a row does not list is missing (NaN,
 * scored down each tree's default branch), not 0. Stricter than the container, which skips any
 * token without a colon and sums repeated indices: such tokens are refused.
 */
import { CATEGORIES, CategoryField, SILVER_FIELDS, SilverFieldSpec } from '../schema';
import { DOMAINS, FieldProblem, parseCategory, parseDecimal } from '../etl/validate';
import { ageGroupOf, goldRowOf } from '../gold/gold-transforms';
import { Category, FeatureMatrix, Preprocessor } from '../../ml/data/preprocess';
import { describeValue } from '../../ml/data/table';
import { RequestError, badRequest } from './request-error';
import { memoizeByObject } from '../../core/util/memo';

export type PatientInputRule =
  | { name: string; kind: 'category'; field: CategoryField }
  | { name: string; kind: 'flag' }
  | { name: string; kind: 'number'; min: number; max: number; nullable: boolean };

/** A validated record with the derived gold columns, ready for `Preprocessor.transform`. */
export type ModelInputRecord = Record<string, number | string>;

const NOT_PATIENT_INPUTS: ReadonlySet<string> = new Set(['id', 'admission_date', 'admission_year_month', 'stroke']);
const IGNORED_FIELDS: ReadonlySet<string> = new Set(['id']);
const DERIVED_FIELDS: readonly string[] = ['log_glucose_level', 'age_group', 'bmi_imputed'];
const MAX_REPORTED_PROBLEMS = 10;
const FLOAT32_MAX = 3.4028234663852886e38;

function ruleOf(spec: SilverFieldSpec): PatientInputRule {
  const name = spec.name;
  if (Object.prototype.hasOwnProperty.call(CATEGORIES, name))
    return { name, kind: 'category', field: name as CategoryField };
  if (Object.prototype.hasOwnProperty.call(DOMAINS, name)) {
    const domain = DOMAINS[name as keyof typeof DOMAINS];
    return { name, kind: 'number', min: domain.min, max: domain.max, nullable: spec.nullable };
  }
  // Every Int32 clinical column of silver is a 0/1 flag (hypertension, heart_disease, ever_married).
  if (spec.arrowType === 'Int32') return { name, kind: 'flag' };
  throw new Error(
    `request-validation: silver field '${name}' has no serving rule (not a category, bounded number or flag)`,
  );
}

/** The fields a JSON patient record must have, derived from the silver schema. */
export const PATIENT_INPUT_RULES: readonly PatientInputRule[] = SILVER_FIELDS.filter(
  (spec) => !NOT_PATIENT_INPUTS.has(spec.name),
).map(ruleOf);

const RULE_BY_NAME = new Map(PATIENT_INPUT_RULES.map((rule) => [rule.name, rule]));
const ACCEPTED_LIST = [...PATIENT_INPUT_RULES.map((r) => r.name), ...IGNORED_FIELDS].join(', ');

/** What a fitted preprocessor needs from a request, computed once per preprocessor. */
export interface ServingInputs {
  /** Columns the preprocessor reads. */
  columns: readonly string[];
  /** Fitted categories of each categorical column. */
  categories: ReadonlyMap<string, ReadonlySet<Category>>;
  /** Training mean of bmi, used to impute a null bmi; undefined when bmi is not a scaled input. */
  bmiFill: number | undefined;
}

/** Throws when the preprocessor reads a column a patient record cannot provide. */
export const servingInputsOf = memoizeByObject((preprocessor: Preprocessor): ServingInputs => {
  const state = preprocessor.toJSON();
  const columns = [...state.numeric.map((n) => n.name), ...state.categorical.map((c) => c.name), ...state.passthrough];
  const unavailable = columns.filter((name) => !RULE_BY_NAME.has(name) && !DERIVED_FIELDS.includes(name));
  if (unavailable.length > 0) {
    throw new Error(
      `the preprocessor reads column(s) ${unavailable.map((n) => `'${n}'`).join(', ')} that a patient record cannot provide; ` +
        `servable columns: ${[...RULE_BY_NAME.keys(), ...DERIVED_FIELDS].join(', ')}`,
    );
  }
  const bmiState = state.numeric.find((n) => n.name === 'bmi');
  const inputs: ServingInputs = {
    columns,
    categories: new Map(state.categorical.map((c) => [c.name, new Set<Category>(c.categories)])),
    bmiFill: bmiState === undefined ? undefined : bmiState.mean,
  };
  return inputs;
});

class ProblemList {
  readonly problems: { message: string; field?: string }[] = [];
  add(message: string, field?: string): void {
    this.problems.push({ message, field });
  }
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const shown = this.problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => p.message);
    const more = this.problems.length - shown.length;
    throw badRequest(shown.join('; ') + (more > 0 ? `; and ${more} more problem(s)` : ''), this.problems[0].field);
  }
}

function checkField(
  rule: PatientInputRule,
  value: unknown,
  where: string,
  problems: ProblemList,
): number | string | null | undefined {
  const fail = (what: string): undefined => {
    problems.add(`${where} field '${rule.name}' ${what}`, rule.name);
    return undefined;
  };
  if (rule.kind === 'category') {
    if (typeof value !== 'string')
      return fail(`is ${describeValue(value)}; expected a string, one of ${CATEGORIES[rule.field].join(' | ')}`);
    const parsed = parseCategory(rule.field, value);
    return parsed instanceof FieldProblem ? fail(`${describeValue(value)} ${parsed.reason}`) : parsed;
  }
  if (rule.kind === 'flag') {
    return value === 0 || value === 1 ? value : fail(`is ${describeValue(value)}; expected the number 0 or 1`);
  }
  if (value === null) return rule.nullable ? null : fail('is null; expected a number');
  if (typeof value !== 'number')
    return fail(`is ${describeValue(value)}; expected a number${rule.nullable ? ' or null' : ''}`);
  if (value < rule.min || value > rule.max)
    return fail(`is ${value}, outside the accepted range ${rule.min}..${rule.max}`);
  return value;
}

function deriveColumns(
  values: Record<string, number | string | null>,
  inputs: ServingInputs,
  where: string,
  problems: ProblemList,
): ModelInputRecord | undefined {
  const fillsBmi = inputs.columns.includes('bmi');
  if (values.bmi === null && fillsBmi && inputs.bmiFill === undefined) {
    problems.add(
      `${where} field 'bmi' is null and the served model has no training mean to impute it with; send a number`,
      'bmi',
    );
    return undefined;
  }
  const record: ModelInputRecord = goldRowOf(values, fillsBmi ? inputs.bmiFill : undefined);
  if (inputs.columns.includes('age_group')) {
    try {
      record.age_group = ageGroupOf(values.age as number, `${where} field 'age'`);
    } catch (error) {
      problems.add(error instanceof Error ? error.message : String(error), 'age');
      return undefined;
    }
  }
  for (const [column, fitted] of inputs.categories) {
    const value = record[column];
    if (value !== undefined && !fitted.has(value)) {
      problems.add(
        `${where} field '${column}' is ${describeValue(value)}, a category the served model was not trained on; ` +
          `it knows ${[...fitted].join(' | ')}`,
        column,
      );
      return undefined;
    }
  }
  return record;
}

function validateRecord(
  raw: unknown,
  index: number,
  inputs: ServingInputs,
  problems: ProblemList,
): ModelInputRecord | undefined {
  const where = `record ${index}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.add(
      `${where} is ${Array.isArray(raw) ? 'an array' : describeValue(raw)}; expected an object with the patient fields ${ACCEPTED_LIST}`,
    );
    return undefined;
  }
  const object = raw as Record<string, unknown>;
  const before = problems.problems.length;
  for (const key of Object.keys(object)) {
    if (!RULE_BY_NAME.has(key) && !IGNORED_FIELDS.has(key)) {
      problems.add(`${where} has unknown field '${key}'; accepted fields: ${ACCEPTED_LIST}`, key);
    }
  }
  const values: Record<string, number | string | null> = {};
  for (const rule of PATIENT_INPUT_RULES) {
    if (!Object.prototype.hasOwnProperty.call(object, rule.name)) {
      problems.add(`${where} is missing field '${rule.name}'`, rule.name);
      continue;
    }
    const value = checkField(rule, object[rule.name], where, problems);
    if (value !== undefined) values[rule.name] = value;
  }
  if (problems.problems.length > before) return undefined;
  return deriveColumns(values, inputs, where, problems);
}

/**
 * Validates a parsed JSON body (one record or a non-empty array of them) against the served
 * preprocessor; throws a RequestError listing every problem found (up to ten).
 */
export function validatePatientRecords(
  body: unknown,
  preprocessor: Preprocessor,
  maxRecords: number,
): ModelInputRecord[] {
  const inputs = servingInputsOf(preprocessor);
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw badRequest('the JSON array is empty; send one patient record or an array of them');
  if (items.length > maxRecords) {
    throw new RequestError(413, `the JSON body holds ${items.length} records; at most ${maxRecords} per request`);
  }
  const problems = new ProblemList();
  const records: ModelInputRecord[] = [];
  items.forEach((item, index) => {
    const record = validateRecord(item, index, inputs, problems);
    if (record !== undefined) records.push(record);
  });
  problems.throwIfAny();
  return records;
}

/** Line count of a text body: every `\n` ends a line, and one trailing newline adds none. */
function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

/** The first `rows` lines of `text`, without their `\r\n` or `\n`, one at a time. */
function* linesOf(text: string, rows: number): Generator<string> {
  let start = 0;
  for (let r = 0; r < rows; r++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    yield text.slice(start, newline !== -1 && end > start && text[end - 1] === '\r' ? end - 1 : end);
    start = end + 1;
  }
}

/** Row count of a body, refused when empty (400) or above `maxRows` (413) before any row is parsed. */
function countRows(text: string, format: string, maxRows: number): number {
  const rows = lineCount(text);
  if (rows === 1 && text.trim() === '')
    throw badRequest(`the ${format} body is empty; send one row of feature values per line`);
  if (rows > maxRows)
    throw new RequestError(413, `the ${format} body holds ${rows} rows; at most ${maxRows} per request`);
  return rows;
}

/** A feature value as the model compares it: a finite decimal within float32's range, or the reason it is not. */
function featureValue(text: string): number | string {
  const value = parseDecimal(text);
  if (value instanceof FieldProblem) return `${describeValue(text)} ${value.reason}`;
  if (Math.abs(value) > FLOAT32_MAX) return `${text} overflows float32, the precision the model compares in`;
  return value;
}

/**
 * Parses a CSV body of preprocessed feature rows (no header; one trailing newline allowed) into
 * a row-major matrix; every row must hold one finite number per feature. The first bad line
 * ends the parse: the refusal names its problems and no later line is read.
 */
export function parseFeatureCsv(text: string, featureNames: readonly string[], maxRows: number): FeatureMatrix {
  const rows = countRows(text, 'CSV', maxRows);
  const cols = featureNames.length;
  const matrix = new Float64Array(rows * cols);
  let r = -1;
  for (const line of linesOf(text, rows)) {
    r++;
    const problems = new ProblemList();
    const cells = line.split(',');
    if (cells.length !== cols) {
      const hint = r === 0 && cells.some((c) => /[A-Za-z_]{2,}/.test(c)) ? ' (a header line is not accepted)' : '';
      problems.add(`CSV line ${r + 1} has ${cells.length} value(s); the model expects ${cols} features${hint}`);
    } else {
      cells.forEach((cell, c) => {
        const value = featureValue(cell);
        const feature = featureNames[c];
        if (typeof value === 'string')
          problems.add(`CSV line ${r + 1} column ${c + 1} (feature '${feature}'): ${value}`, feature);
        else matrix[r * cols + c] = value;
      });
    }
    problems.throwIfAny();
  }
  return { matrix, rows, cols };
}

const LIBSVM_INDEX = /^\d+$/;

/** Reads one libsvm token (`t` counts from 1) into row `r` of `matrix`; throws the 400 that names it. */
function readLibsvmToken(
  token: string,
  r: number,
  t: number,
  featureNames: readonly string[],
  matrix: Float64Array,
): void {
  const cols = featureNames.length;
  const where = `libsvm line ${r + 1} token ${t} (${describeValue(token)})`;
  const colon = token.indexOf(':');
  if (colon === -1) {
    if (t > 1) throw badRequest(`${where} is not an index:value pair; only the first token may be a label`);
    const label = featureValue(token);
    if (typeof label === 'string') throw badRequest(`${where}: the label ${label}`);
    return;
  }
  const indexText = token.slice(0, colon);
  if (!LIBSVM_INDEX.test(indexText)) throw badRequest(`${where}: the feature index must be a non-negative integer`);
  const index = Number(indexText);
  if (index >= cols) {
    throw badRequest(
      `${where}: feature index ${index} is beyond the model's ${cols} features (indices 0..${cols - 1}, zero-based)`,
    );
  }
  const feature = featureNames[index];
  const value = featureValue(token.slice(colon + 1));
  if (typeof value === 'string')
    throw badRequest(`${where}: the value of feature ${index} ('${feature}') ${value}`, feature);
  if (!Number.isNaN(matrix[r * cols + index]))
    throw badRequest(`${where}: feature ${index} ('${feature}') is listed twice on the line`, feature);
  matrix[r * cols + index] = value;
}

/**
 * Parses a libsvm body of preprocessed feature rows (see the header) into a row-major matrix with
 * NaN for every feature a row does not list. Tokens are separated by spaces. The first bad token
 * ends the parse: the refusal names its line and token (1-based, a label counting as a token), and
 * nothing after it is read.
 */
export function parseFeatureLibsvm(text: string, featureNames: readonly string[], maxRows: number): FeatureMatrix {
  const rows = countRows(text, 'libsvm', maxRows);
  const cols = featureNames.length;
  const matrix = new Float64Array(rows * cols).fill(Number.NaN);
  let r = -1;
  for (const line of linesOf(text, rows)) {
    r++;
    let tokens = 0;
    for (let at = 0; at < line.length;) {
      if (line[at] === ' ') {
        at++;
        continue;
      }
      const space = line.indexOf(' ', at);
      const end = space === -1 ? line.length : space;
      readLibsvmToken(line.slice(at, end), r, ++tokens, featureNames, matrix);
      at = end;
    }
    if (tokens === 0) throw badRequest(`libsvm line ${r + 1} is empty; send an optional label and index:value pairs`);
  }
  return { matrix, rows, cols };
}
