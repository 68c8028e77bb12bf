/**
 * Drift distances against Model Monitor-style baseline statistics, the values the
 * baseline_drift_check compares with `comparison_threshold`:
 *  - numeric features: the largest gap between the baseline's and the current cumulative
 *    distributions (Model Monitor's documented L-infinity distance), both evaluated on the
 *    baseline's `kll` buckets, plus a slot below the first and one above the last bucket so
 *    current values outside the baseline's range count;
 *  - categorical features: the largest gap between category proportions (`linfDistance`).
 */
import {
  classifyValue,
  commonStatistics,
  isNumericFeature,
  type KllBucket,
  type ModelMonitorStatistics,
  type MonitoredRecord,
  type StringFeatureStatistics,
} from './baseline-statistics';
import { linfDistance, type CategoryCounts } from './drift-categorical';
import { normalizeCounts } from '../../core/stats/histogram';

/** Slot 0 is below the first bucket, slot i the i-th bucket ([lower, upper), the last one closed), the last slot above the last bucket. */
function slot(value: number, buckets: readonly KllBucket[]): number {
  const last = buckets.length - 1;
  if (value < buckets[0].lower_bound) return 0;
  if (value > buckets[last].upper_bound) return buckets.length + 1;
  for (let i = 0; i < last; i++) if (value < buckets[i].upper_bound) return i + 1;
  return buckets.length;
}

/** max |F_baseline - F_current| over the cumulative distributions on the baseline's buckets. */
export function bucketedCdfDistance(buckets: readonly KllBucket[], currentValues: ArrayLike<number>): number {
  if (buckets.length === 0) throw new Error('bucketedCdfDistance: the baseline has no buckets');
  const current = new Float64Array(buckets.length + 2);
  for (let i = 0; i < currentValues.length; i++) current[slot(currentValues[i], buckets)]++;
  const p = normalizeCounts([0, ...buckets.map((b) => b.count), 0], 'baseline bucket counts');
  const q = normalizeCounts(current, 'current values per baseline bucket');
  let cumulativeP = 0;
  let cumulativeQ = 0;
  let distance = 0;
  for (let i = 0; i < p.length; i++) {
    cumulativeP += p[i];
    cumulativeQ += q[i];
    distance = Math.max(distance, Math.abs(cumulativeP - cumulativeQ));
  }
  return distance;
}

/**
 * Distance for every numeric baseline feature that has numeric values in `records`. Features
 * whose current values include text (the data type check reports those) or are all missing are
 * left out.
 */
export function numericDriftDistances(
  baseline: ModelMonitorStatistics,
  records: readonly MonitoredRecord[],
): Record<string, number> {
  const distances: Record<string, number> = {};
  for (const feature of baseline.features) {
    if (!isNumericFeature(feature)) continue;
    const values: number[] = [];
    let text = false;
    records.forEach((record, row) => {
      const value = classifyValue(record[feature.name], `record ${row}, column '${feature.name}'`);
      if (value.kind === 'string') text = true;
      else if (value.kind !== 'missing') values.push(value.number);
    });
    if (!text && values.length > 0)
      distances[feature.name] = bucketedCdfDistance(feature.numerical_statistics.distribution.kll.buckets, values);
  }
  return distances;
}

function categoryCounts(feature: StringFeatureStatistics): CategoryCounts {
  return new Map(feature.string_statistics.distribution.categorical.buckets.map((b) => [b.value, b.count]));
}

/** Distance between category proportions for every String feature with values on both sides. */
export function categoricalDriftDistances(
  baseline: ModelMonitorStatistics,
  current: ModelMonitorStatistics,
): Record<string, number> {
  const distances: Record<string, number> = {};
  for (const before of baseline.features) {
    const now = current.features.find((f) => f.name === before.name);
    if (now === undefined || isNumericFeature(before) || isNumericFeature(now)) continue;
    if (commonStatistics(before).num_present === 0 || commonStatistics(now).num_present === 0) continue;
    distances[before.name] = linfDistance(categoryCounts(before), categoryCounts(now));
  }
  return distances;
}
