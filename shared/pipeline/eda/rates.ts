/**
 * Stroke rate per category with a Wilson score interval (shared/core/metrics/wilson.ts), plus value
 * counts of a table column. Null categories are kept as their own group (`category: null`)
 * rather than dropped; a target value other than 0/1 is an error naming the row.
 */
import { Table } from 'apache-arrow';
import { AGE_GROUP_LABELS, ageGroupOf } from '../gold/gold-transforms';
import { wilsonInterval } from '../../core/metrics/wilson';
import { readCategoryColumn, readNumericColumn } from '../../core/profile/columns';
import { ValueCounts, valueCounts } from '../../core/profile/frequencies';

export interface CategoryRate {
  category: string | null;
  /** Rows in the category. */
  n: number;
  /** Rows with target = 1. */
  cases: number;
  rate: number;
  lower: number;
  upper: number;
}

export interface RateOptions {
  /** 0/1 target column (default `stroke`). */
  target?: string;
  /** Confidence level of the Wilson interval (default 0.95). */
  confidence?: number;
  /**
   * Category order of the result; categories not listed follow by size. Listed categories absent
   * from the data are omitted (a rate over zero rows does not exist).
   */
  order?: readonly string[];
}

/** Value counts of one column of `table` (strings, integers or booleans as categories). */
export function columnValueCounts(table: Table, column: string): ValueCounts {
  return valueCounts(readCategoryColumn(table, column, 'valueCounts').values);
}

/**
 * How rare the 0/1 `target` is, as one table row: patients, cases, the rate and the number of
 * non-cases per case (Infinity when there is no case). `cases` is also returned for the caller's checks.
 */
export function targetBalance(table: Table, target = 'stroke'): { cases: number; row: Record<string, number> } {
  const cases = targetValues(table, target, 'targetBalance').reduce((sum, value) => sum + value, 0);
  const rows = table.numRows;
  const row = {
    patients: rows,
    [`${target} cases`]: cases,
    [`${target} rate`]: cases / rows,
    [`no-${target} per ${target}`]: (rows - cases) / cases,
  };
  return { cases: cases, row: row };
}

/** Target rate and Wilson interval for every category of `column`. */
export function rateByCategory(table: Table, column: string, options: RateOptions = {}): CategoryRate[] {
  const categories = readCategoryColumn(table, column, 'rateByCategory').values;
  return ratesOf(categories, targetValues(table, options.target ?? 'stroke', 'rateByCategory'), options);
}

/**
 * Rates by age group in the gold bins: uses the `age_group` column when the table has one,
 * otherwise bins `age` with ageGroupOf.
 */
export function rateByAgeGroup(table: Table, options: Omit<RateOptions, 'order'> = {}): CategoryRate[] {
  const context = 'rateByAgeGroup';
  let groups: (string | null)[];
  if (table.getChild('age_group') !== null) {
    groups = readCategoryColumn(table, 'age_group', context).values;
  } else {
    const age = readNumericColumn(table, 'age', context);
    groups = Array.from(age.values, (value, row) => ageGroupOf(value, `${context}: age at row ${row}`));
  }
  return ratesOf(groups, targetValues(table, options.target ?? 'stroke', context), {
    ...options,
    order: AGE_GROUP_LABELS,
  });
}

function targetValues(table: Table, target: string, context: string): Uint8Array {
  const column = readNumericColumn(table, target, context);
  const out = new Uint8Array(column.values.length);
  for (let i = 0; i < out.length; i++) {
    const value = column.values[i];
    if (value !== 0 && value !== 1) {
      throw new Error(
        `${context}: target '${target}' at row ${i} is ${column.valid[i] === 1 ? value : 'null'}; expected 0 or 1`,
      );
    }
    out[i] = value;
  }
  return out;
}

function ratesOf(categories: readonly (string | null)[], target: Uint8Array, options: RateOptions): CategoryRate[] {
  const totals = new Map<string | null, { n: number; cases: number }>();
  for (let i = 0; i < categories.length; i++) {
    const entry = totals.get(categories[i]) ?? { n: 0, cases: 0 };
    entry.n++;
    entry.cases += target[i];
    totals.set(categories[i], entry);
  }
  const listed = (options.order ?? []).filter((c) => totals.has(c));
  const rest = Array.from(totals.keys())
    .filter((c) => c === null || !listed.includes(c))
    .sort((a, b) => (totals.get(b)?.n ?? 0) - (totals.get(a)?.n ?? 0));
  return [...listed, ...rest].map((category) => {
    const { n, cases } = totals.get(category) ?? { n: 0, cases: 0 };
    const interval = wilsonInterval(cases, n, options.confidence ?? 0.95);
    return { category, n, cases, rate: interval.rate, lower: interval.lower, upper: interval.upper };
  });
}
