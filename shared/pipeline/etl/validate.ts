/**
 * Parsing of single raw field values into typed silver values, with their domains. Each parser
 * returns the value or a FieldProblem (allocated only for bad values, so the hot path makes no
 * garbage). Documented choices:
 * - surrounding spaces are trimmed before parsing any field;
 * - numbers are plain decimals with optional exponent; `NaN`, `Infinity`, hex, empty text and
 *   values overflowing float64 (`1e400`) and non-zero values underflowing to 0 (`1e-400`) are rejected;
 * - flags are exactly `0` or `1`; ever_married is `Yes`/`No` (any case) → 1/0;
 * - bmi: empty or `N/A` (any case) → null;
 * - dates are `yyyy-MM-dd` and must exist in the calendar (`2025-02-30` is rejected).
 */
import { CategoryField, canonicalCategory, CATEGORIES, InputField } from '../schema';

export class FieldProblem {
  constructor(readonly reason: string) {}
}

export const DOMAINS = {
  age: { min: 0, max: 120 },
  avg_glucose_level: { min: 40, max: 500 },
  bmi: { min: 10, max: 100 },
} as const;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A non-zero digit before any exponent: the text does not denote zero. */
const NONZERO_MANTISSA = /^[^eE]*[1-9]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MAX_INT32 = 2_147_483_647;

export function parseDecimal(raw: string): number | FieldProblem {
  const text = raw.trim();
  if (text === '') return new FieldProblem('is empty; expected a number');
  if (!DECIMAL.test(text)) return new FieldProblem('is not a number');
  const value = Number(text);
  if (!Number.isFinite(value)) return new FieldProblem('is out of the float64 range');
  if (value === 0 && NONZERO_MANTISSA.test(text))
    return new FieldProblem('underflows float64 to 0 (too small to represent)');
  return value;
}

export function parseBounded(raw: string, min: number, max: number): number | FieldProblem {
  const value = parseDecimal(raw);
  if (value instanceof FieldProblem) return value;
  if (value < min || value > max) return new FieldProblem(`is outside the accepted range ${min}..${max}`);
  return value;
}

/** Null for empty or `N/A`, otherwise a number within min..max. */
export function parseOptionalBounded(raw: string, min: number, max: number): number | null | FieldProblem {
  if (raw === '' || raw === 'N/A') return null;
  const text = raw.trim();
  if (text === '' || text.toUpperCase() === 'N/A') return null;
  return parseBounded(text, min, max);
}

export function parseFlag(raw: string): 0 | 1 | FieldProblem {
  if (raw === '0') return 0;
  if (raw === '1') return 1;
  const text = raw.trim();
  if (text === '0') return 0;
  if (text === '1') return 1;
  return new FieldProblem('is not a 0/1 flag');
}

export function parseYesNo(raw: string): 0 | 1 | FieldProblem {
  if (raw === 'Yes') return 1;
  if (raw === 'No') return 0;
  const text = raw.trim().toLowerCase();
  if (text === 'yes') return 1;
  if (text === 'no') return 0;
  return new FieldProblem('is not Yes/No');
}

export function parseCategory(field: CategoryField, raw: string): string | FieldProblem {
  const value = canonicalCategory(field, raw);
  if (value !== undefined) return value;
  return new FieldProblem(`is not a known category; expected one of ${CATEGORIES[field].join(' | ')}`);
}

export function parseId(raw: string): number | FieldProblem {
  const text = raw.trim();
  if (!/^\d{1,10}$/.test(text)) return new FieldProblem('is not a non-negative integer id');
  const value = Number(text);
  if (value > MAX_INT32) return new FieldProblem(`is larger than ${MAX_INT32}`);
  return value;
}

/** Days since 1970-01-01 of a real calendar date written `yyyy-MM-dd`. */
export function parseIsoDate(raw: string): number | FieldProblem {
  const match = ISO_DATE.exec(raw.trim());
  if (match === null) return new FieldProblem('is not a date written yyyy-MM-dd');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return new FieldProblem('is not a real calendar date');
  }
  return ms / MS_PER_DAY;
}

/** The value of one raw field under its input field's rule (the ETL's rules, for a single value). */
export function parseField(field: InputField, raw: string): number | string | null | FieldProblem {
  switch (field) {
    case 'id':
      return parseId(raw);
    case 'admission_date':
      return parseIsoDate(raw);
    case 'gender':
    case 'work_type':
    case 'residence_type':
    case 'smoking_status':
      return parseCategory(field, raw);
    case 'age':
    case 'avg_glucose_level':
      return parseBounded(raw, DOMAINS[field].min, DOMAINS[field].max);
    case 'bmi':
      return parseOptionalBounded(raw, DOMAINS.bmi.min, DOMAINS.bmi.max);
    case 'ever_married':
      return parseYesNo(raw);
    case 'hypertension':
    case 'heart_disease':
    case 'stroke':
      return parseFlag(raw);
  }
}

/** `yyyy-MM` of a day number from parseIsoDate. */
export function yearMonthOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 7);
}
