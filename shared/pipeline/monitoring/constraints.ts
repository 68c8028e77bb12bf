/**
 * Model Monitor's `constraints.json` suggested from baseline statistics, and the
 * `constraint_violations.json` a window of traffic produces against it.
 *
 * The checks, per feature of the constraints (simplified from Model Monitor, documented here):
 *  - missing_column_check: the feature is absent from the current statistics;
 *    extra_column_check: a current feature the constraints do not list.
 *  - data_type_check: the share of present values of the expected type (Integral; Fractional,
 *    which accepts integral values; String and Unknown accept anything) is below
 *    `datatype_check_threshold` (1.0 by default: one value of another type is a violation).
 *  - completeness_check: current completeness below the constraint's (the baseline's) completeness.
 *  - categorical_values_check: the share of present values outside `domains` exceeds
 *    1 - `domain_content_threshold` (0 by default: one unknown value is a violation).
 *  - baseline_drift_check: the L-infinity distance between the baseline and current distributions
 *    exceeds `comparison_threshold` (`categorical_comparison_threshold`, if set, for categories).
 *    Categories compare their proportions (`linfDistance`). Numeric features compare cumulative
 *    distributions on the baseline's buckets, as Model Monitor's documentation describes
 *    (baseline-drift.ts); the current statistics alone cannot give that, so the caller passes
 *    `numericDriftDistances(baseline, currentRecords)`. Model Monitor's 'Robust' method corrects
 *    for small samples in a way it does not document: the file says 'Robust', as Model Monitor's
 *    suggested constraints do, but both methods are evaluated with the plain distance here.
 * `is_non_negative` is suggested for Model Monitor's use but not checked here: the violations
 * schema has no check type for it.
 */
import { categoricalDriftDistances } from './baseline-drift';
import {
  commonStatistics,
  completeness,
  isNumericFeature,
  type FeatureStatistics,
  type InferredType,
  type ModelMonitorStatistics,
} from './baseline-statistics';

/** Above this many distinct values a String feature gets no domain (Model Monitor: "for small cardinality"). */
export const MAX_DOMAIN_SIZE = 20;

export type Switch = 'Enabled' | 'Disabled';

export interface FeatureConstraint {
  name: string;
  inferred_type: InferredType;
  completeness: number;
  num_constraints?: { is_non_negative: boolean };
  string_constraints?: { domains: string[] };
}

export interface MonitoringConfig {
  evaluate_constraints: Switch;
  emit_metrics: Switch;
  datatype_check_threshold: number;
  domain_content_threshold: number;
  distribution_constraints: {
    perform_comparison: Switch;
    comparison_threshold: number;
    comparison_method: 'Simple' | 'Robust';
    categorical_comparison_threshold?: number;
  };
}

export interface ModelMonitorConstraints {
  version: 0;
  features: FeatureConstraint[];
  monitoring_config: MonitoringConfig;
}

export type ConstraintCheckType =
  | 'data_type_check'
  | 'completeness_check'
  | 'baseline_drift_check'
  | 'missing_column_check'
  | 'extra_column_check'
  | 'categorical_values_check';

export interface ConstraintViolation {
  feature_name: string;
  constraint_check_type: ConstraintCheckType;
  description: string;
}

export interface ConstraintViolations {
  violations: ConstraintViolation[];
}

export function suggestConstraints(statistics: ModelMonitorStatistics): ModelMonitorConstraints {
  const features = statistics.features.map((feature): FeatureConstraint => {
    const constraint: FeatureConstraint = {
      name: feature.name,
      inferred_type: feature.inferred_type,
      completeness: completeness(feature),
    };
    if (isNumericFeature(feature)) {
      constraint.num_constraints = { is_non_negative: feature.numerical_statistics.min >= 0 };
    } else if (feature.inferred_type === 'String' && feature.string_statistics.distinct_count <= MAX_DOMAIN_SIZE) {
      constraint.string_constraints = {
        domains: feature.string_statistics.distribution.categorical.buckets.map((b) => b.value),
      };
    }
    return constraint;
  });
  return {
    version: 0,
    features,
    monitoring_config: {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1.0,
      domain_content_threshold: 1.0,
      distribution_constraints: {
        perform_comparison: 'Enabled',
        comparison_threshold: 0.1,
        comparison_method: 'Robust',
      },
    },
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function quoteList(values: readonly string[], shown = 5): string {
  const quoted = values.slice(0, shown).map((v) => JSON.stringify(v));
  return values.length > shown ? `${quoted.join(', ')} and ${values.length - shown} more` : quoted.join(', ');
}

function typeShare(feature: FeatureStatistics, expected: InferredType): number {
  const counts = feature.type_counts;
  if (counts === undefined)
    throw new Error(
      `checkConstraints: current feature '${feature.name}' has no type_counts (statistics must come from baselineStatistics)`,
    );
  const present = counts.integral + counts.fractional + counts.string;
  if (present === 0) return 1;
  if (expected === 'Integral') return counts.integral / present;
  if (expected === 'Fractional') return (counts.integral + counts.fractional) / present;
  return 1;
}

function unknownCategories(
  feature: FeatureStatistics,
  domains: readonly string[],
): { share: number; values: string[] } {
  if (isNumericFeature(feature) || feature.string_statistics.common.num_present === 0) return { share: 0, values: [] };
  const known = new Set(domains);
  const unknown = feature.string_statistics.distribution.categorical.buckets.filter((b) => !known.has(b.value));
  const count = unknown.reduce((total, b) => total + b.count, 0);
  return { share: count / feature.string_statistics.common.num_present, values: unknown.map((b) => b.value) };
}

/** The drift distance for one feature, or null when the two sides are of different kinds (the type check reports that). */
function driftDistance(
  before: FeatureStatistics,
  now: FeatureStatistics,
  given: Readonly<Record<string, number>>,
): number | null {
  if (isNumericFeature(before) !== isNumericFeature(now)) return null;
  if (commonStatistics(before).num_present === 0 || commonStatistics(now).num_present === 0) return null;
  const distance = given[before.name];
  if (distance !== undefined) return distance;
  throw new Error(
    `checkConstraints: no drift distance for numeric feature '${before.name}'; pass numericDriftDistances(baseline, currentRecords)`,
  );
}

/**
 * Violations of `constraints` by the `current` statistics; `drift` gives per-feature distances
 * (required for numeric features when the comparison is enabled; categorical ones default to the
 * distance between the baseline's and the current category counts).
 */
export function checkConstraints(
  current: ModelMonitorStatistics,
  constraints: ModelMonitorConstraints,
  baseline: ModelMonitorStatistics,
  drift: Readonly<Record<string, number>> = {},
): ConstraintViolations {
  const config = constraints.monitoring_config;
  if (config.evaluate_constraints === 'Disabled') return { violations: [] };
  const distances = { ...categoricalDriftDistances(baseline, current), ...drift };
  const violations: ConstraintViolation[] = [];
  const flag = (feature: string, type: ConstraintCheckType, description: string): void => {
    violations.push({
      feature_name: feature,
      constraint_check_type: type,
      description: `Feature '${feature}': ${description}`,
    });
  };
  for (const constraint of constraints.features) {
    const name = constraint.name;
    const now = current.features.find((f) => f.name === name);
    if (now === undefined) {
      flag(name, 'missing_column_check', 'column in the baseline constraints is missing from the current data');
      continue;
    }
    const share = typeShare(now, constraint.inferred_type);
    if (share < config.datatype_check_threshold) {
      flag(
        name,
        'data_type_check',
        `${percent(share)} of the data is ${constraint.inferred_type}, below the expected match ${percent(config.datatype_check_threshold)} (observed type ${now.inferred_type})`,
      );
    }
    const observed = completeness(now);
    if (observed < constraint.completeness) {
      flag(
        name,
        'completeness_check',
        `completeness ${observed} is below the baseline constraint ${constraint.completeness}`,
      );
    }
    const domains = constraint.string_constraints?.domains;
    if (domains !== undefined) {
      const unknown = unknownCategories(now, domains);
      if (unknown.share > 1 - config.domain_content_threshold) {
        flag(
          name,
          'categorical_values_check',
          `${percent(unknown.share)} of the values are outside the baseline domain (${quoteList(unknown.values)}), more than the allowed ${percent(1 - config.domain_content_threshold)}`,
        );
      }
    }
    const comparison = config.distribution_constraints;
    if (comparison.perform_comparison === 'Enabled') {
      const before = baseline.features.find((f) => f.name === name);
      if (before === undefined)
        throw new Error(
          `checkConstraints: the baseline statistics have no feature '${name}' listed in the constraints`,
        );
      const distance = driftDistance(before, now, distances);
      const threshold = isNumericFeature(before)
        ? comparison.comparison_threshold
        : (comparison.categorical_comparison_threshold ?? comparison.comparison_threshold);
      if (distance !== null && distance > threshold)
        flag(name, 'baseline_drift_check', `baseline drift distance: ${distance} exceeds threshold: ${threshold}`);
    }
  }
  const listed = new Set(constraints.features.map((f) => f.name));
  for (const feature of current.features) {
    if (!listed.has(feature.name))
      flag(feature.name, 'extra_column_check', 'column in the current data is not in the baseline constraints');
  }
  return { violations };
}

/** Whether any violation is of `type`. */
export function hasViolation(violations: ConstraintViolations, type: ConstraintCheckType): boolean {
  return violations.violations.some((v) => v.constraint_check_type === type);
}

/** constraints.json as table rows: each feature's expected type, completeness, sign rule and category domain. */
export function constraintRows(constraints: ModelMonitorConstraints): Array<{
  feature: string;
  type: InferredType;
  completeness: number;
  'non-negative': boolean | '';
  domain: string;
}> {
  return constraints.features.map((f) => ({
    feature: f.name,
    type: f.inferred_type,
    completeness: f.completeness,
    'non-negative': f.num_constraints?.is_non_negative ?? '',
    domain: (f.string_constraints?.domains ?? []).join(', '),
  }));
}

/** Every window's violations as table rows, window by window in the order given. */
export function violationRows(
  windows: Readonly<Record<string, { violations: ConstraintViolations }>>,
): Array<{ window: string; feature: string; check: ConstraintCheckType; description: string }> {
  return Object.entries(windows).flatMap(([window, w]) =>
    w.violations.violations.map((v) => ({
      window,
      feature: v.feature_name,
      check: v.constraint_check_type,
      description: v.description,
    })),
  );
}
