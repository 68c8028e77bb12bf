/**
 * Raw CSV records → columnar silver batches (typed arrays, string arrays, presence masks).
 * A record is either entirely valid and appended, or rejected with its first problem in
 * silver column order; partial writes of a rejected row are overwritten by the next row.
 */
import type { CsvRecord } from '../ingest/csv-parser';
import { HeaderMapping, InputField, Variant } from './schema';
import {
  DOMAINS,
  FieldProblem,
  parseBounded,
  parseCategory,
  parseFlag,
  parseId,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
  yearMonthOfDay,
} from './validate';

export { toArrowTable } from './silver-arrow';

/** Column arrays named as the silver columns; `present` masks are 1 where a nullable value exists. */
export interface SilverBatch {
  variant: Variant;
  length: number;
  /** 1-based physical line of each row in the raw file (lineage; not a silver column). */
  source_line: Int32Array;
  id: Int32Array;
  admission_date: Int32Array;
  admission_year_month: (string | null)[];
  gender: string[];
  age: Float64Array;
  hypertension: Int32Array;
  heart_disease: Int32Array;
  ever_married: Int32Array;
  work_type: string[];
  residence_type: string[];
  avg_glucose_level: Float64Array;
  bmi: Float64Array;
  smoking_status: string[];
  stroke: Int32Array;
  present: { id: Uint8Array; admission_date: Uint8Array; bmi: Uint8Array };
}

export interface RowIssue {
  line: number;
  /** Raw header name of the offending column, or `(row)` for whole-row problems. */
  column: string;
  /** The offending raw value (never from a PII column), cut to 100 characters. */
  value: string;
  reason: string;
}

const MAX_VALUE_SHOWN = 100;
const MAX_CACHED_DATES = 100_000;

export class SilverBatchBuilder {
  private batch: SilverBatch;
  private readonly index: Readonly<Record<InputField, number>>;
  private readonly yearMonthCache = new Map<number, string>();
  private readonly dayCache = new Map<string, number>();

  constructor(
    private readonly mapping: HeaderMapping,
    private readonly header: readonly string[],
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
    this.index = mapping.columnIndex;
    this.batch = emptyBatch(mapping.variant, capacity);
  }

  get length(): number {
    return this.batch.length;
  }

  isFull(): boolean {
    return this.batch.length >= this.capacity;
  }

  /** Appends a valid record; returns the first problem of an invalid one (nothing appended). */
  add(record: CsvRecord): RowIssue | undefined {
    const b = this.batch;
    const row = b.length;
    const f = record.fields;
    const ix = this.index;
    let v: number | string | null | FieldProblem;

    if (ix.id >= 0) {
      if ((v = parseId(f[ix.id])) instanceof FieldProblem) return this.issue(record, 'id', v);
      b.id[row] = v;
      b.present.id[row] = 1;
    } else b.present.id[row] = 0;

    if (ix.admission_date >= 0) {
      if ((v = this.parseDate(f[ix.admission_date])) instanceof FieldProblem) return this.issue(record, 'admission_date', v);
      b.admission_date[row] = v;
      b.present.admission_date[row] = 1;
      b.admission_year_month[row] = this.yearMonth(v);
    } else {
      b.present.admission_date[row] = 0;
      b.admission_year_month[row] = null;
    }

    if ((v = parseCategory('gender', f[ix.gender])) instanceof FieldProblem) return this.issue(record, 'gender', v);
    b.gender[row] = v;
    if ((v = parseBounded(f[ix.age], DOMAINS.age.min, DOMAINS.age.max)) instanceof FieldProblem) return this.issue(record, 'age', v);
    b.age[row] = v;
    if ((v = parseFlag(f[ix.hypertension])) instanceof FieldProblem) return this.issue(record, 'hypertension', v);
    b.hypertension[row] = v;
    if ((v = parseFlag(f[ix.heart_disease])) instanceof FieldProblem) return this.issue(record, 'heart_disease', v);
    b.heart_disease[row] = v;
    if ((v = parseYesNo(f[ix.ever_married])) instanceof FieldProblem) return this.issue(record, 'ever_married', v);
    b.ever_married[row] = v;
    if ((v = parseCategory('work_type', f[ix.work_type])) instanceof FieldProblem) return this.issue(record, 'work_type', v);
    b.work_type[row] = v;
    if ((v = parseCategory('residence_type', f[ix.residence_type])) instanceof FieldProblem) return this.issue(record, 'residence_type', v);
    b.residence_type[row] = v;
    const glucose = DOMAINS.avg_glucose_level;
    if ((v = parseBounded(f[ix.avg_glucose_level], glucose.min, glucose.max)) instanceof FieldProblem) {
      return this.issue(record, 'avg_glucose_level', v);
    }
    b.avg_glucose_level[row] = v;
    if ((v = parseOptionalBounded(f[ix.bmi], DOMAINS.bmi.min, DOMAINS.bmi.max)) instanceof FieldProblem) return this.issue(record, 'bmi', v);
    b.bmi[row] = v === null ? 0 : v;
    b.present.bmi[row] = v === null ? 0 : 1;
    if ((v = parseCategory('smoking_status', f[ix.smoking_status])) instanceof FieldProblem) return this.issue(record, 'smoking_status', v);
    b.smoking_status[row] = v;
    if ((v = parseFlag(f[ix.stroke])) instanceof FieldProblem) return this.issue(record, 'stroke', v);
    b.stroke[row] = v;

    b.source_line[row] = record.line;
    b.length = row + 1;
    return undefined;
  }

  /** The rows added since the last call, trimmed to length; the builder starts a new batch. */
  finish(): SilverBatch {
    const done = trimBatch(this.batch);
    this.batch = emptyBatch(this.mapping.variant, this.capacity);
    return done;
  }

  /** Admission dates repeat heavily (a few hundred distinct days), so parsed days are memoised. */
  private parseDate(raw: string): number | FieldProblem {
    const known = this.dayCache.get(raw);
    if (known !== undefined) return known;
    const day = parseIsoDate(raw);
    if (day instanceof FieldProblem) return day;
    if (this.dayCache.size >= MAX_CACHED_DATES) this.dayCache.clear();
    this.dayCache.set(raw, day);
    return day;
  }

  private yearMonth(day: number): string {
    let text = this.yearMonthCache.get(day);
    if (text === undefined) {
      text = yearMonthOfDay(day);
      this.yearMonthCache.set(day, text);
    }
    return text;
  }

  private issue(record: CsvRecord, field: InputField, problem: FieldProblem): RowIssue {
    const raw = record.fields[this.index[field]];
    return {
      line: record.line,
      column: this.header[this.index[field]],
      value: raw.length > MAX_VALUE_SHOWN ? `${raw.slice(0, MAX_VALUE_SHOWN)}…` : raw,
      reason: `${field} ${problem.reason}`,
    };
  }
}

function emptyBatch(variant: Variant, capacity: number): SilverBatch {
  return {
    variant,
    length: 0,
    source_line: new Int32Array(capacity),
    id: new Int32Array(capacity),
    admission_date: new Int32Array(capacity),
    admission_year_month: new Array<string | null>(capacity),
    gender: new Array<string>(capacity),
    age: new Float64Array(capacity),
    hypertension: new Int32Array(capacity),
    heart_disease: new Int32Array(capacity),
    ever_married: new Int32Array(capacity),
    work_type: new Array<string>(capacity),
    residence_type: new Array<string>(capacity),
    avg_glucose_level: new Float64Array(capacity),
    bmi: new Float64Array(capacity),
    smoking_status: new Array<string>(capacity),
    stroke: new Int32Array(capacity),
    present: { id: new Uint8Array(capacity), admission_date: new Uint8Array(capacity), bmi: new Uint8Array(capacity) },
  };
}

function trimBatch(b: SilverBatch): SilverBatch {
  const n = b.length;
  return {
    variant: b.variant,
    length: n,
    source_line: b.source_line.subarray(0, n),
    id: b.id.subarray(0, n),
    admission_date: b.admission_date.subarray(0, n),
    admission_year_month: b.admission_year_month.slice(0, n),
    gender: b.gender.slice(0, n),
    age: b.age.subarray(0, n),
    hypertension: b.hypertension.subarray(0, n),
    heart_disease: b.heart_disease.subarray(0, n),
    ever_married: b.ever_married.subarray(0, n),
    work_type: b.work_type.slice(0, n),
    residence_type: b.residence_type.slice(0, n),
    avg_glucose_level: b.avg_glucose_level.subarray(0, n),
    bmi: b.bmi.subarray(0, n),
    smoking_status: b.smoking_status.slice(0, n),
    stroke: b.stroke.subarray(0, n),
    present: { id: b.present.id.subarray(0, n), admission_date: b.present.admission_date.subarray(0, n), bmi: b.present.bmi.subarray(0, n) },
  };
}
