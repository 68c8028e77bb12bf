/** The golden fixture written by scripts/fixtures/model_monitor_baseline.py (numpy/pandas). */
import type { MonitoredRecord } from '../../shared/pipeline/monitoring/baseline-statistics';
import { loadFixture } from '../assert-close';

export interface ExpectedNumeric {
  kind: 'numeric';
  inferred_type: 'Integral' | 'Fractional';
  num_present: number;
  num_missing: number;
  type_counts: { integral: number; fractional: number; string: number };
  sum: number;
  mean: number;
  std_dev: number;
  min: number;
  max: number;
  bucket_edges: number[];
  bucket_counts: number[];
  percentiles: number[];
}

export interface ExpectedCategorical {
  kind: 'categorical';
  inferred_type: 'String';
  num_present: number;
  num_missing: number;
  distinct_count: number;
  counts: Record<string, number>;
}

export interface ModelMonitorFixture {
  numeric: string[];
  categorical: string[];
  threshold: number;
  records: { baseline: MonitoredRecord[]; clean: MonitoredRecord[]; shifted: MonitoredRecord[] };
  expected: { item_count: number; features: Record<string, ExpectedNumeric | ExpectedCategorical> };
  drift: { clean: Record<string, number>; shifted: Record<string, number> };
}

export const fixture = loadFixture<ModelMonitorFixture>('.', 'model-monitor-baseline.json');
export const featureKinds = { numeric: fixture.numeric, categorical: fixture.categorical };
