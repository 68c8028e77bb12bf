/**
 * The canonical silver schema and the two raw variants of the stroke dataset, told apart by
 * header. Documented choices:
 * - header names are matched exactly after trimming surrounding spaces; order does not matter;
 * - a missing required column is an error naming it; unknown extra columns are ignored (never
 *   carried into silver, never uploaded by stripPii) and reported as warnings;
 * - the PII columns of the pii variant are optional, so a file already stripped of them is
 *   still recognised as the pii variant.
 */
import { clipInputText } from '../core/csv/csv-errors';

export type Variant = 'original' | 'pii';

/** Silver columns that come from a raw column (admission_year_month is derived). */
export type InputField =
  | 'id'
  | 'admission_date'
  | 'gender'
  | 'age'
  | 'hypertension'
  | 'heart_disease'
  | 'ever_married'
  | 'work_type'
  | 'residence_type'
  | 'avg_glucose_level'
  | 'bmi'
  | 'smoking_status'
  | 'stroke';

export type SilverColumn = InputField | 'admission_year_month';

export type SilverArrowType = 'Int32' | 'Float64' | 'Utf8' | 'DateDay';

export interface SilverFieldSpec {
  name: SilverColumn;
  arrowType: SilverArrowType;
  nullable: boolean;
}

export const SILVER_FIELDS: readonly SilverFieldSpec[] = [
  { name: 'id', arrowType: 'Int32', nullable: true },
  { name: 'admission_date', arrowType: 'DateDay', nullable: true },
  { name: 'admission_year_month', arrowType: 'Utf8', nullable: true },
  { name: 'gender', arrowType: 'Utf8', nullable: false },
  { name: 'age', arrowType: 'Float64', nullable: false },
  { name: 'hypertension', arrowType: 'Int32', nullable: false },
  { name: 'heart_disease', arrowType: 'Int32', nullable: false },
  { name: 'ever_married', arrowType: 'Int32', nullable: false },
  { name: 'work_type', arrowType: 'Utf8', nullable: false },
  { name: 'residence_type', arrowType: 'Utf8', nullable: false },
  { name: 'avg_glucose_level', arrowType: 'Float64', nullable: false },
  { name: 'bmi', arrowType: 'Float64', nullable: true },
  { name: 'smoking_status', arrowType: 'Utf8', nullable: false },
  { name: 'stroke', arrowType: 'Int32', nullable: false },
];

export type CategoryField = 'gender' | 'work_type' | 'residence_type' | 'smoking_status';

export const CATEGORIES: Readonly<Record<CategoryField, readonly string[]>> = {
  gender: ['Male', 'Female', 'Other'],
  work_type: ['Private', 'Self-employed', 'children', 'Govt_job', 'Never_worked'],
  residence_type: ['Urban', 'Rural'],
  smoking_status: ['never smoked', 'Unknown', 'formerly smoked', 'smokes'],
};

/** Raw header name → silver field, per variant. */
const VARIANT_COLUMNS: Readonly<Record<Variant, Readonly<Record<string, InputField>>>> = {
  original: {
    id: 'id',
    gender: 'gender',
    age: 'age',
    hypertension: 'hypertension',
    heart_disease: 'heart_disease',
    ever_married: 'ever_married',
    work_type: 'work_type',
    Residence_type: 'residence_type',
    avg_glucose_level: 'avg_glucose_level',
    bmi: 'bmi',
    smoking_status: 'smoking_status',
    stroke: 'stroke',
  },
  pii: {
    'Admission Date': 'admission_date',
    Gender: 'gender',
    Age: 'age',
    Hypertension: 'hypertension',
    'Heart Disease': 'heart_disease',
    'Ever Married': 'ever_married',
    'Work Type': 'work_type',
    'Residence Type': 'residence_type',
    'Avg Glucose Level': 'avg_glucose_level',
    BMI: 'bmi',
    'Smoking Status': 'smoking_status',
    Stroke: 'stroke',
  },
};

/** Columns holding personal data; dropped before anything leaves the machine. */
export const PII_COLUMNS: Readonly<Record<Variant, readonly string[]>> = {
  original: [],
  pii: ['Full Name', 'Phone Number', 'Address'],
};

/**
 * Lineage column of the raw copy: stripPii writes it first, holding the physical line of the input
 * file on which each record starts, so the ETL of the copy reports the user's lines (blank lines,
 * withheld rows and quoted multi-line fields make the copy's own lines differ). Any header may
 * carry it; an input's own column of that name is not uploaded (stripPii writes its own).
 */
export const LINEAGE_COLUMN = 'source_line';

/** Full raw headers in their published order (used by the synthetic generator). */
export const RAW_HEADERS: Readonly<Record<Variant, readonly string[]>> = {
  original: Object.keys(VARIANT_COLUMNS.original),
  pii: ['Admission Date', ...PII_COLUMNS.pii, ...Object.keys(VARIANT_COLUMNS.pii).slice(1)],
};

export interface HeaderMapping {
  variant: Variant;
  /** Header index of each silver input field; -1 when the variant does not have it. */
  columnIndex: Readonly<Record<InputField, number>>;
  /** Header indexes of PII columns present in the file. */
  piiColumnIndexes: number[];
  /** Header indexes of the columns kept by stripPii (known, non-PII), in header order. */
  keptColumnIndexes: number[];
  /** Header index of the LINEAGE_COLUMN, or -1. */
  lineageColumnIndex: number;
  ignoredColumns: string[];
  warnings: string[];
}

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/** Which variant a header belongs to; throws SchemaError when it matches neither. */
export function detectVariant(headerFields: readonly string[], fileName = 'input'): Variant {
  return resolveHeader(headerFields, fileName).variant;
}

export function resolveHeader(headerFields: readonly string[], fileName = 'input'): HeaderMapping {
  const header = headerFields.map((name) => name.trim());
  const variant = closestVariant(header, fileName);
  const known = VARIANT_COLUMNS[variant];
  const pii = PII_COLUMNS[variant];
  const missing = Object.keys(known).filter((name) => !header.includes(name));
  const unexpected = header.filter((name) => !(name in known) && !pii.includes(name) && name !== LINEAGE_COLUMN);
  if (missing.length > 0) {
    throw new SchemaError(
      `${fileName}: header looks like the ${variant} variant but is missing required column(s) ` +
        `${quoteList(missing)}` +
        (unexpected.length > 0 ? `; unexpected column(s): ${clipInputText(quoteList(unexpected))}` : '') +
        `. Expected columns: ${quoteList(RAW_HEADERS[variant])}`,
    );
  }
  const columnIndex = { id: -1, admission_date: -1 } as Record<InputField, number>;
  const piiColumnIndexes: number[] = [];
  const keptColumnIndexes: number[] = [];
  header.forEach((name, index) => {
    if (name in known) {
      columnIndex[known[name]] = index;
      keptColumnIndexes.push(index);
    } else if (pii.includes(name)) {
      piiColumnIndexes.push(index);
    }
  });
  const warnings =
    unexpected.length === 0
      ? []
      : [
          `${fileName}: ignoring unknown column(s) ${clipInputText(quoteList(unexpected))} (not part of the ${variant} variant; not loaded, not uploaded)`,
        ];
  const lineageColumnIndex = header.indexOf(LINEAGE_COLUMN);
  return {
    variant,
    columnIndex,
    piiColumnIndexes,
    keptColumnIndexes,
    lineageColumnIndex,
    ignoredColumns: unexpected,
    warnings,
  };
}

function closestVariant(header: readonly string[], fileName: string): Variant {
  const score = (variant: Variant): number =>
    header.filter((name) => name in VARIANT_COLUMNS[variant] || PII_COLUMNS[variant].includes(name)).length;
  const original = score('original');
  const pii = score('pii');
  if (original === 0 && pii === 0) {
    throw new SchemaError(
      `${fileName}: header matches neither dataset variant (got ${clipInputText(quoteList(header))}). ` +
        `Expected the original columns ${quoteList(RAW_HEADERS.original)} or the PII-augmented columns ${quoteList(RAW_HEADERS.pii)}`,
    );
  }
  return original >= pii ? 'original' : 'pii';
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

const CATEGORY_LOOKUP = new Map<CategoryField, Map<string, string>>(
  (Object.keys(CATEGORIES) as CategoryField[]).map((field) => [
    field,
    new Map(
      CATEGORIES[field].flatMap((c): [string, string][] => [
        [c, c],
        [c.toLowerCase(), c],
      ]),
    ),
  ]),
);

/**
 * Canonical spelling of a category value, or undefined when unknown. Surrounding spaces are
 * trimmed and case is ignored (`male`, ` Female ` are accepted and normalised).
 */
export function canonicalCategory(field: CategoryField, raw: string): string | undefined {
  const lookup = CATEGORY_LOOKUP.get(field) as Map<string, string>;
  return lookup.get(raw) ?? lookup.get(raw.trim().toLowerCase());
}
