/**
 * Raw CSV records, read in place, → columnar silver batches (typed arrays, string arrays,
 * presence masks).
 * A record is either entirely valid and appended, or rejected with its first problem in
 * silver column order; partial writes of a rejected row are overwritten by the next row.
 */
import type { CsvRecordView } from '../../core/csv/csv-parser';
import { boundedAt, categoryAt, flagAt, idAt, isoDateAt, isoDateKeyAt, optionalBoundedAt, yesNoAt } from './field-view';
import { DUPLICATE_ID_REASON, FirstLineById } from './duplicate-ids';
import { HeaderMapping, InputField, Variant } from '../schema';
import { DOMAINS, FieldProblem, yearMonthOfDay } from './validate';

/** Column arrays named as the silver columns; `present` masks are 1 where a nullable value exists. */
export interface SilverBatch {
  variant: Variant;
  length: number;
  /**
   * 1-based physical line of each row in the input file (lineage; not a silver column): the CSV's
   * own line, or its LINEAGE_COLUMN's value when it is a raw copy written by stripPii.
   */
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
  /** Physical line of the input file on which the row's record starts. */
  line: number;
  /** Raw header name of the offending column, or `(row)` for whole-row problems. */
  column: string;
  /** 1-based position of that column in the input file's header; null for `(row)` (or when unknown). */
  position: number | null;
  /** The offending raw value (never from a PII column), cut to 100 characters. */
  value: string;
  reason: string;
  /** For a repeated id (DUPLICATE_ID_REASON): the line of the first row with that id, which silver keeps. */
  firstLine?: number;
}

/*
 * Under tsx (benchmarks, scripts) every use of an imported binding is a getter call that V8
 * does not inline, ~25 ns each; at ~35 uses per row that was a third of the ETL's time, so the
 * per-row path reads them through these module-local names.
 */
const Problem = FieldProblem;
const { age: AGE, avg_glucose_level: GLUCOSE, bmi: BMI } = DOMAINS;
const read = {
  id: idAt,
  category: categoryAt,
  bounded: boundedAt,
  optionalBounded: optionalBoundedAt,
  flag: flagAt,
  yesNo: yesNoAt,
  dateKey: isoDateKeyAt,
  date: isoDateAt,
};

const MAX_VALUE_SHOWN = 100;
const MAX_CACHED_DATES = 100_000;

export class SilverBatchBuilder {
  private batch: SilverBatch;
  private readonly index: Readonly<Record<InputField, number>>;
  private readonly yearMonthCache = new Map<number, string>();
  /** Day number by `yyyymmdd` (see isoDateKeyAt). */
  private readonly dayCache = new Map<number, number>();
  /** Ids of the rows kept so far (undefined when the variant has no id column). */
  private readonly keptIds: FirstLineById | undefined;

  /** `positions`: each header column's position in the input file (see RowIssue.position). */
  constructor(
    private readonly mapping: HeaderMapping,
    private readonly header: readonly string[],
    readonly capacity: number,
    private readonly positions: readonly (number | null)[] = header.map((_, i) => i + 1),
  ) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
    this.index = mapping.columnIndex;
    this.batch = emptyBatch(mapping.variant, capacity);
    this.keptIds = this.index.id >= 0 ? new FirstLineById() : undefined;
  }

  get length(): number {
    return this.batch.length;
  }

  isFull(): boolean {
    return this.batch.length >= this.capacity;
  }

  /**
   * Appends a valid record; returns the first problem of an invalid one (nothing appended). A valid
   * row whose id an earlier kept row has is a problem too (see duplicate-ids.ts).
   * `line`: the input file's line of the record (see SilverBatch.source_line).
   */
  add(record: CsvRecordView, line = record.line): RowIssue | undefined {
    const b = this.batch;
    const row = b.length;
    const ix = this.index;
    let v: number | string | null | FieldProblem;

    if (ix.id >= 0) {
      if ((v = read.id(record, ix.id)) instanceof Problem) return this.issue(record, line, 'id', v);
      b.id[row] = v;
      b.present.id[row] = 1;
    } else b.present.id[row] = 0;

    if (ix.admission_date >= 0) {
      if ((v = this.parseDate(record, ix.admission_date)) instanceof Problem)
        return this.issue(record, line, 'admission_date', v);
      b.admission_date[row] = v;
      b.present.admission_date[row] = 1;
      b.admission_year_month[row] = this.yearMonth(v);
    } else {
      b.present.admission_date[row] = 0;
      b.admission_year_month[row] = null;
    }

    if ((v = read.category(record, ix.gender, 'gender')) instanceof Problem)
      return this.issue(record, line, 'gender', v);
    b.gender[row] = v;
    if ((v = read.bounded(record, ix.age, AGE.min, AGE.max)) instanceof Problem)
      return this.issue(record, line, 'age', v);
    b.age[row] = v;
    if ((v = read.flag(record, ix.hypertension)) instanceof Problem) return this.issue(record, line, 'hypertension', v);
    b.hypertension[row] = v;
    if ((v = read.flag(record, ix.heart_disease)) instanceof Problem)
      return this.issue(record, line, 'heart_disease', v);
    b.heart_disease[row] = v;
    if ((v = read.yesNo(record, ix.ever_married)) instanceof Problem)
      return this.issue(record, line, 'ever_married', v);
    b.ever_married[row] = v;
    if ((v = read.category(record, ix.work_type, 'work_type')) instanceof Problem)
      return this.issue(record, line, 'work_type', v);
    b.work_type[row] = v;
    if ((v = read.category(record, ix.residence_type, 'residence_type')) instanceof Problem)
      return this.issue(record, line, 'residence_type', v);
    b.residence_type[row] = v;
    if ((v = read.bounded(record, ix.avg_glucose_level, GLUCOSE.min, GLUCOSE.max)) instanceof Problem) {
      return this.issue(record, line, 'avg_glucose_level', v);
    }
    b.avg_glucose_level[row] = v;
    if ((v = read.optionalBounded(record, ix.bmi, BMI.min, BMI.max)) instanceof Problem)
      return this.issue(record, line, 'bmi', v);
    b.bmi[row] = v === null ? 0 : v;
    b.present.bmi[row] = v === null ? 0 : 1;
    if ((v = read.category(record, ix.smoking_status, 'smoking_status')) instanceof Problem)
      return this.issue(record, line, 'smoking_status', v);
    b.smoking_status[row] = v;
    if ((v = read.flag(record, ix.stroke)) instanceof Problem) return this.issue(record, line, 'stroke', v);
    b.stroke[row] = v;

    // Only a valid row claims its id: after a rejected row, the next valid row with its id is the one kept.
    const firstLine = this.keptIds?.firstLineOrRecord(b.id[row], line);
    if (firstLine !== undefined) return { ...this.entry(record, line, 'id', DUPLICATE_ID_REASON), firstLine };
    b.source_line[row] = line;
    b.length = row + 1;
    return undefined;
  }

  /** The rows added since the last call, trimmed to length; the builder starts a new batch. */
  finish(): SilverBatch {
    const done = trimBatch(this.batch, this.capacity);
    this.batch = emptyBatch(this.mapping.variant, this.capacity);
    return done;
  }

  /** Admission dates repeat heavily (a few hundred distinct days), so parsed days are memoised. */
  private parseDate(record: CsvRecordView, k: number): number | FieldProblem {
    const key = read.dateKey(record, k);
    const known = key < 0 ? undefined : this.dayCache.get(key);
    if (known !== undefined) return known;
    const day = read.date(record, k);
    if (day instanceof Problem || key < 0) return day;
    if (this.dayCache.size >= MAX_CACHED_DATES) this.dayCache.clear();
    this.dayCache.set(key, day);
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

  private issue(record: CsvRecordView, line: number, field: InputField, problem: FieldProblem): RowIssue {
    return this.entry(record, line, field, `${field} ${problem.reason}`);
  }

  private entry(record: CsvRecordView, line: number, field: InputField, reason: string): RowIssue {
    const raw = record.field(this.index[field]);
    return {
      line,
      column: this.header[this.index[field]],
      position: this.positions[this.index[field]],
      value: raw.length > MAX_VALUE_SHOWN ? `${raw.slice(0, MAX_VALUE_SHOWN)}…` : raw,
      reason,
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

function trimBatch(b: SilverBatch, capacity: number): SilverBatch {
  const n = b.length;
  // A full batch is handed over as it is (the builder starts a new one), without copying its arrays.
  if (n === capacity) return b;
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
    present: {
      id: b.present.id.subarray(0, n),
      admission_date: b.present.admission_date.subarray(0, n),
      bmi: b.present.bmi.subarray(0, n),
    },
  };
}
