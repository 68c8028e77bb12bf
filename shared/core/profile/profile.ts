/**
 * Per-column statistics of a table, JSON-serialisable, used as the monitoring baseline
 * (Model Monitor-style statistics). Conventions follow pandas: nulls (and NaN) are excluded
 * from every statistic and counted in `nulls`; `std` is the sample standard deviation
 * (ddof = 1); quantiles use numpy's default linear method. Statistics that do not exist
 * (e.g. the mean of an all-null column, the std of one value) are `null`.
 */
import { Table } from 'apache-arrow';
import { quantileSorted } from '../stats/quantile';
import { readCategoryColumn, readNumericColumn } from './columns';
import { EqualWidthHistogram, equalWidthHistogram } from './equal-width-histogram';
import { CategoryFrequency, valueCounts } from './frequencies';
import { sumOfSquares } from '../stats/mean-sd';

const PROFILE_QUANTILES = { p01: 0.01, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;
export type QuantileName = keyof typeof PROFILE_QUANTILES;

export interface NumericProfile {
  kind: 'numeric';
  /** Arrow type of the column, e.g. `Float64`. */
  type: string;
  count: number;
  nulls: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  quantiles: Record<QuantileName, number> | null;
  histogram: EqualWidthHistogram | null;
}

export interface CategoricalProfile {
  kind: 'categorical';
  type: string;
  count: number;
  nulls: number;
  distinct: number;
  /** Ordered by count descending, ties by value. */
  frequencies: CategoryFrequency[];
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export interface TableProfile {
  rowCount: number;
  columns: Record<string, ColumnProfile>;
}

export interface ProfileOptions {
  categorical: readonly string[];
  numeric: readonly string[];
  /** Equal-width histogram bins between min and max (default 20). */
  histogramBins?: number;
}

export function profileTable(table: Table, options: ProfileOptions): TableProfile {
  const duplicated = options.categorical.filter((name) => options.numeric.includes(name));
  if (duplicated.length > 0) {
    throw new Error(`profileTable: column(s) ${duplicated.join(', ')} listed as both categorical and numeric`);
  }
  const columns: Record<string, ColumnProfile> = {};
  for (const name of options.numeric) columns[name] = numericProfile(table, name, options.histogramBins ?? 20);
  for (const name of options.categorical) columns[name] = categoricalProfile(table, name);
  return { rowCount: table.numRows, columns };
}

function numericProfile(table: Table, name: string, histogramBins: number): NumericProfile {
  const column = readNumericColumn(table, name, 'profileTable');
  const present = new Float64Array(column.values.length - column.nullCount);
  let k = 0;
  for (let i = 0; i < column.values.length; i++) if (column.valid[i] === 1) present[k++] = column.values[i];
  const count = present.length;
  const base = { kind: 'numeric' as const, type: column.arrowType, count, nulls: column.nullCount };
  if (count === 0) {
    return { ...base, min: null, max: null, mean: null, std: null, quantiles: null, histogram: null };
  }
  const sorted = present.slice().sort();
  const { mean, squares } = sumOfSquares(present);
  const quantiles = {} as Record<QuantileName, number>;
  for (const key of Object.keys(PROFILE_QUANTILES) as QuantileName[]) {
    quantiles[key] = quantileSorted(sorted, PROFILE_QUANTILES[key]);
  }
  return {
    ...base,
    min: sorted[0],
    max: sorted[count - 1],
    mean,
    std: count > 1 ? Math.sqrt(squares / (count - 1)) : null,
    quantiles,
    histogram: equalWidthHistogram(present, histogramBins, name),
  };
}

function categoricalProfile(table: Table, name: string): CategoricalProfile {
  const column = readCategoryColumn(table, name, 'profileTable');
  const { frequencies, nulls } = valueCounts(column.values);
  return {
    kind: 'categorical',
    type: column.arrowType,
    count: column.values.length - nulls,
    nulls,
    distinct: frequencies.length,
    frequencies,
  };
}
