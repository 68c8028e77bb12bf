/**
 * The validate.ts parsers applied to a field read in place (a CSV record view: text plus
 * offsets), without making a string for it. Each recognises only the common spelling directly
 * (`67.5`, `Private`, `0`, `Yes`, `2025-03-04`) and hands anything else to validate.ts, so every
 * value and every problem is exactly what validate.ts gives for the field's text.
 */
import type { CsvRecordView } from '../../core/csv/csv-parser';
import { CategoryField, CATEGORIES } from '../schema';
import {
  FieldProblem,
  parseBounded,
  parseCategory,
  parseFlag,
  parseId,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
} from './validate';

const DIGIT_0 = 48;
const DOT = 46;
const DASH = 45;
/** 15 decimal digits always fit the 53-bit significand exactly. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, e) => 10 ** e);
/** A module-local name: under tsx each use of an imported binding is a slow getter call. */
const ALLOWED: Readonly<Record<CategoryField, readonly string[]>> = CATEGORIES;

/**
 * The value of `text[start, end)` when it is a plain decimal (`123`, `0.08`, `120.50`: digits,
 * optionally a dot and more digits, 15 digits at most), else NaN. Exact: the digits form an
 * integer below 2^53 and the power of ten is exact too, so the one division is correctly rounded,
 * which is what `Number(text)` returns (the classic fast path of decimal-to-binary conversion).
 */
export function plainDecimal(text: string, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (d === DOT - DIGIT_0 && dot === -1 && i > start && i < end - 1) {
      dot = i;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > MAX_EXACT_DIGITS) return NaN;
  return dot === -1 ? mantissa : mantissa / POWERS_OF_TEN[end - dot - 1];
}

function span(view: CsvRecordView, k: number): number {
  return view.ends[k] - view.starts[k];
}

/** parseBounded of field k. */
export function boundedAt(view: CsvRecordView, k: number, min: number, max: number): number | FieldProblem {
  const value = plainDecimal(view.text, view.starts[k], view.ends[k]);
  if (value >= min && value <= max) return value;
  return parseBounded(view.field(k), min, max);
}

/** parseOptionalBounded of field k. */
export function optionalBoundedAt(
  view: CsvRecordView,
  k: number,
  min: number,
  max: number,
): number | null | FieldProblem {
  if (span(view, k) === 0) return null;
  const value = plainDecimal(view.text, view.starts[k], view.ends[k]);
  if (value >= min && value <= max) return value;
  return parseOptionalBounded(view.field(k), min, max);
}

/** parseFlag of field k. */
export function flagAt(view: CsvRecordView, k: number): 0 | 1 | FieldProblem {
  if (span(view, k) === 1) {
    const c = view.text.charCodeAt(view.starts[k]);
    if (c === DIGIT_0) return 0;
    if (c === DIGIT_0 + 1) return 1;
  }
  return parseFlag(view.field(k));
}

/** parseYesNo of field k. */
export function yesNoAt(view: CsvRecordView, k: number): 0 | 1 | FieldProblem {
  if (isExactly(view, k, 'Yes')) return 1;
  if (isExactly(view, k, 'No')) return 0;
  return parseYesNo(view.field(k));
}

/** parseCategory of field k; the result is one of the CATEGORIES strings themselves. */
export function categoryAt(view: CsvRecordView, k: number, field: CategoryField): string | FieldProblem {
  const allowed = ALLOWED[field];
  for (let c = 0; c < allowed.length; c++) if (isExactly(view, k, allowed[c])) return allowed[c];
  return parseCategory(field, view.field(k));
}

/** parseId of field k. */
export function idAt(view: CsvRecordView, k: number): number | FieldProblem {
  // Nine digits stay below 2^31, so this path needs no range check.
  const value = span(view, k) <= 9 ? digitsValue(view.text, view.starts[k], view.ends[k]) : -1;
  return value >= 0 ? value : parseId(view.field(k));
}

/**
 * `yyyymmdd` as a number when field k is written exactly `yyyy-mm-dd` with digits, else -1.
 * Says nothing about whether the date exists (see parseIsoDate).
 */
export function isoDateKeyAt(view: CsvRecordView, k: number): number {
  if (span(view, k) !== 10) return -1;
  const text = view.text;
  const s = view.starts[k];
  if (text.charCodeAt(s + 4) !== DASH || text.charCodeAt(s + 7) !== DASH) return -1;
  const year = digitsValue(text, s, s + 4);
  const month = digitsValue(text, s + 5, s + 7);
  const day = digitsValue(text, s + 8, s + 10);
  if (year < 0 || month < 0 || day < 0) return -1;
  return year * 10_000 + month * 100 + day;
}

/** parseIsoDate of field k (for the fields isoDateKeyAt does not vouch for, or the first time). */
export function isoDateAt(view: CsvRecordView, k: number): number | FieldProblem {
  return parseIsoDate(view.field(k));
}

/** The integer written by the digits text[start, end), or -1 when empty or not all digits. */
function digitsValue(text: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function isExactly(view: CsvRecordView, k: number, word: string): boolean {
  const start = view.starts[k];
  // The first-character test spares most calls to startsWith, the costlier part.
  return (
    view.ends[k] - start === word.length &&
    view.text.charCodeAt(start) === word.charCodeAt(0) &&
    view.text.startsWith(word, start)
  );
}
