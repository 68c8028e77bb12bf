/**
 * Baseline statistics of a set of records in SageMaker Model Monitor's `statistics.json` format,
 * so a user who knows Model Monitor recognises the file and it can be handed to it.
 *
 * Where this differs from Model Monitor (whose statistics come from Deequ on Spark):
 *  - The `kll` distribution is exact, not a KLL sketch: `buckets` are numpy.histogram's 10
 *    equal-width buckets between min and max, and `sketch.data` holds one level with the 101
 *    exact percentiles 0, 1, ..., 100 (numpy's default linear method). `parameters` says so:
 *    `exact: true`, `c: 1` (no lower levels) and `k: 101` (the one level holds every point). A KLL
 *    reader sees 101 equally weighted items whose quantiles are the sample's. The data fit in
 *    memory, so an approximation would only lose accuracy.
 *  - `distinct_count` is exact (Deequ estimates it with HyperLogLog).
 *  - `std_dev` is the population standard deviation, as Deequ's StandardDeviation (sqrt(m2 / n)).
 *  - Features listed as categorical are `String` even when their values are numbers (the 0/1
 *    flags), where Model Monitor would infer `Integral`: they are categories to this pipeline.
 *  - Each feature carries `type_counts` (a custom statistic, which the schema provides for): how
 *    many present values were integral, fractional or text, so the data type check can apply
 *    `datatype_check_threshold` to the share of values of the expected type.
 * Type inference otherwise follows Deequ: any text value makes a column `String`, else any
 * fractional value makes it `Fractional`, else `Integral`; a column with no present value is
 * `Unknown`. Missing values (null, undefined, '' and NaN) count in `num_missing`. Numbers sent as
 * text ("42", "-3.5") count as numbers, as in a CSV capture.
 */
import { equalWidthHistogram } from '../../core/profile/equal-width-histogram';
import { valueCounts } from '../../core/profile/frequencies';
import { percentileSorted } from '../../core/stats/quantile';
import { sumOfSquares } from '../../core/stats/mean-sd';

export type InferredType = 'Integral' | 'Fractional' | 'String' | 'Unknown';
export type MonitoredValue = string | number | null | undefined;
export type MonitoredRecord = Readonly<Record<string, MonitoredValue>>;

const KLL_BUCKET_COUNT = 10;
export const SKETCH_PERCENTILES: readonly number[] = Array.from({ length: 101 }, (_, percent) => percent);

export interface CommonStatistics {
  num_present: number;
  num_missing: number;
}

export interface KllBucket {
  lower_bound: number;
  upper_bound: number;
  count: number;
}

export interface ExactSketch {
  parameters: { c: number; k: number; exact: true };
  data: number[][];
}

export interface NumericalStatistics {
  common: CommonStatistics;
  mean: number;
  sum: number;
  std_dev: number;
  min: number;
  max: number;
  distribution: { kll: { buckets: KllBucket[]; sketch: ExactSketch } };
}

export interface CategoricalBucket {
  value: string;
  count: number;
}

export interface StringStatistics {
  common: CommonStatistics;
  distinct_count: number;
  distribution: { categorical: { buckets: CategoricalBucket[] } };
}

export interface TypeCounts {
  integral: number;
  fractional: number;
  string: number;
}

export interface NumericFeatureStatistics {
  name: string;
  inferred_type: 'Integral' | 'Fractional';
  type_counts: TypeCounts;
  numerical_statistics: NumericalStatistics;
}

export interface StringFeatureStatistics {
  name: string;
  inferred_type: 'String' | 'Unknown';
  type_counts: TypeCounts;
  string_statistics: StringStatistics;
}

export type FeatureStatistics = NumericFeatureStatistics | StringFeatureStatistics;

export interface ModelMonitorStatistics {
  version: 0;
  dataset: { item_count: number };
  features: FeatureStatistics[];
}

export interface BaselineStatisticsOptions {
  /** Features whose type is inferred from their values (Integral or Fractional unless text appears). */
  numeric: readonly string[];
  /** Features profiled as categories (`String`) whatever their values. */
  categorical: readonly string[];
}

export type ClassifiedValue =
  | { kind: 'missing' }
  | { kind: 'integral' | 'fractional'; number: number; text: string }
  | { kind: 'string'; text: string };

const INTEGRAL_TEXT = /^[+-]?\d+$/;
const FRACTIONAL_TEXT = /^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/;

/** What one raw value is; `where` names it in errors (e.g. "record 3, column 'age'"). */
export function classifyValue(value: unknown, where: string): ClassifiedValue {
  if (value === null || value === undefined || value === '') return { kind: 'missing' };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { kind: 'missing' };
    if (!Number.isFinite(value)) throw new Error(`${where}: ${value} is not a finite number`);
    return { kind: Number.isInteger(value) ? 'integral' : 'fractional', number: value, text: String(value) };
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (INTEGRAL_TEXT.test(trimmed)) return { kind: 'integral', number: Number(trimmed), text: value };
    if (FRACTIONAL_TEXT.test(trimmed)) return { kind: 'fractional', number: Number(trimmed), text: value };
    return { kind: 'string', text: value };
  }
  throw new Error(`${where}: expected a number, a string or null, got ${typeof value} ${JSON.stringify(value)}`);
}

function columnNames(records: readonly MonitoredRecord[], options: BaselineStatisticsOptions): string[] {
  const seen = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) seen.add(key);
  const declared = [...options.numeric, ...options.categorical];
  return [...declared.filter((name) => seen.has(name)), ...[...seen].filter((name) => !declared.includes(name))];
}

function numericalStatistics(values: Float64Array, missing: number, name: string): NumericalStatistics {
  const sorted = values.slice().sort();
  const { sum, mean, squares } = sumOfSquares(values);
  const histogram = equalWidthHistogram(values, KLL_BUCKET_COUNT, name);
  return {
    common: { num_present: values.length, num_missing: missing },
    mean,
    sum,
    std_dev: Math.sqrt(squares / values.length),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    distribution: {
      kll: {
        buckets: histogram.counts.map((count, i) => ({
          lower_bound: histogram.edges[i],
          upper_bound: histogram.edges[i + 1],
          count,
        })),
        sketch: {
          parameters: { c: 1, k: SKETCH_PERCENTILES.length, exact: true },
          data: [SKETCH_PERCENTILES.map((percent) => percentileSorted(sorted, percent))],
        },
      },
    },
  };
}

function stringStatistics(texts: readonly string[], missing: number): StringStatistics {
  const { frequencies } = valueCounts(texts);
  return {
    common: { num_present: texts.length, num_missing: missing },
    distinct_count: frequencies.length,
    distribution: { categorical: { buckets: frequencies.map((f) => ({ value: f.value, count: f.count })) } },
  };
}

function featureStatistics(records: readonly MonitoredRecord[], name: string, categorical: boolean): FeatureStatistics {
  const texts: string[] = [];
  const numbers: number[] = [];
  const typeCounts: TypeCounts = { integral: 0, fractional: 0, string: 0 };
  records.forEach((record, row) => {
    const value = classifyValue(record[name], `record ${row}, column '${name}'`);
    if (value.kind === 'missing') return;
    typeCounts[value.kind]++;
    texts.push(value.text);
    if (value.kind !== 'string') numbers.push(value.number);
  });
  const missing = records.length - texts.length;
  if (texts.length === 0 || categorical || typeCounts.string > 0) {
    const inferredType = texts.length === 0 ? 'Unknown' : 'String';
    return {
      name,
      inferred_type: inferredType,
      type_counts: typeCounts,
      string_statistics: stringStatistics(texts, missing),
    };
  }
  return {
    name,
    inferred_type: typeCounts.fractional > 0 ? 'Fractional' : 'Integral',
    type_counts: typeCounts,
    numerical_statistics: numericalStatistics(Float64Array.from(numbers), missing, name),
  };
}

/**
 * Statistics of every column that appears in `records`: the declared ones first (numeric, then
 * categorical, in the order given), then undeclared ones, whose type is inferred. A declared
 * column absent from every record is left out, so checking against a baseline reports it missing.
 */
export function baselineStatistics(
  records: readonly MonitoredRecord[],
  options: BaselineStatisticsOptions,
): ModelMonitorStatistics {
  const both = options.numeric.filter((name) => options.categorical.includes(name));
  if (both.length > 0) throw new Error(`baselineStatistics: ${both.join(', ')} listed as both numeric and categorical`);
  const categorical = new Set(options.categorical);
  return {
    version: 0,
    dataset: { item_count: records.length },
    features: columnNames(records, options).map((name) => featureStatistics(records, name, categorical.has(name))),
  };
}

export function isNumericFeature(feature: FeatureStatistics): feature is NumericFeatureStatistics {
  return 'numerical_statistics' in feature;
}

export function commonStatistics(feature: FeatureStatistics): CommonStatistics {
  return isNumericFeature(feature) ? feature.numerical_statistics.common : feature.string_statistics.common;
}

/** Non-missing share of the feature's values (1 for a dataset without rows). */
export function completeness(feature: FeatureStatistics): number {
  const common = commonStatistics(feature);
  const total = common.num_present + common.num_missing;
  return total === 0 ? 1 : common.num_present / total;
}
