import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketedCdfDistance,
  categoricalDriftDistances,
  numericDriftDistances,
} from '../../shared/pipeline/monitoring/baseline-drift';
import { baselineStatistics, type MonitoredRecord } from '../../shared/pipeline/monitoring/baseline-statistics';
import {
  checkConstraints,
  MAX_DOMAIN_SIZE,
  suggestConstraints,
  type ConstraintViolations,
  type ModelMonitorConstraints,
} from '../../shared/pipeline/monitoring/constraints';
import { assertClose } from '../assert-close';
import { featureKinds, fixture } from './model-monitor-fixture';

const baseline = baselineStatistics(fixture.records.baseline, featureKinds);
const constraints = suggestConstraints(baseline);
const clean = fixture.records.clean;

function check(
  records: readonly MonitoredRecord[],
  config: ModelMonitorConstraints = constraints,
): ConstraintViolations {
  const current = baselineStatistics(records, featureKinds);
  return checkConstraints(current, config, baseline, numericDriftDistances(baseline, records));
}

const kinds = (result: ConstraintViolations): string[][] =>
  result.violations.map((v) => [v.feature_name, v.constraint_check_type]);
const editRows = (
  edit: (record: Record<string, string | number | null | undefined>, row: number) => void,
): MonitoredRecord[] =>
  clean.map((record, row) => {
    const copy = { ...record };
    edit(copy, row);
    return copy;
  });
const withConfig = (
  change: (config: ModelMonitorConstraints['monitoring_config']) => void,
): ModelMonitorConstraints => {
  const copy = JSON.parse(JSON.stringify(constraints)) as ModelMonitorConstraints;
  change(copy.monitoring_config);
  return copy;
};

describe('suggestConstraints', () => {
  test("baseline completeness, non-negativity and category domains with Model Monitor's monitoring_config", () => {
    assert.deepEqual(constraints.version, 0);
    assert.deepEqual(constraints.monitoring_config, {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 1.0,
      domain_content_threshold: 1.0,
      distribution_constraints: {
        perform_comparison: 'Enabled',
        comparison_threshold: 0.1,
        comparison_method: 'Robust',
      },
    });
    const byName = Object.fromEntries(constraints.features.map((f) => [f.name, f]));
    for (const [name, want] of Object.entries(fixture.expected.features)) {
      const got = byName[name];
      assert.equal(got.inferred_type, want.inferred_type, name);
      assert.equal(got.completeness, want.num_present / (want.num_present + want.num_missing), `${name} completeness`);
      if (want.kind === 'numeric') assert.deepEqual(got.num_constraints, { is_non_negative: want.min >= 0 }, name);
      else assert.deepEqual(got.string_constraints?.domains.slice().sort(), Object.keys(want.counts).sort(), name);
    }
  });

  test('negative minimum and high-cardinality text get no non-negativity and no domain', () => {
    const records = Array.from({ length: MAX_DOMAIN_SIZE + 1 }, (_, i) => ({ delta: i - 3, id: `patient-${i}` }));
    const [delta, id] = suggestConstraints(
      baselineStatistics(records, { numeric: ['delta'], categorical: ['id'] }),
    ).features;
    assert.deepEqual(delta.num_constraints, { is_non_negative: false });
    assert.equal(id.string_constraints, undefined);
  });
});

describe('drift distances against numpy', () => {
  for (const window of ['clean', 'shifted'] as const) {
    test(`${window} window: CDF distance on the baseline buckets and category L-infinity`, () => {
      const records = fixture.records[window];
      const numeric = numericDriftDistances(baseline, records);
      const categorical = categoricalDriftDistances(baseline, baselineStatistics(records, featureKinds));
      assert.deepEqual(Object.keys(numeric), fixture.numeric);
      assert.deepEqual(Object.keys(categorical), fixture.categorical);
      for (const [name, want] of Object.entries(fixture.drift[window])) {
        assertClose(numeric[name] ?? categorical[name], want, { absolute: 1e-12 }, `${window} ${name}`);
      }
    });
  }

  test('values on bucket edges and outside the baseline range', () => {
    const buckets = [
      { lower_bound: 0, upper_bound: 1, count: 1 },
      { lower_bound: 1, upper_bound: 2, count: 1 },
    ];
    assert.equal(bucketedCdfDistance(buckets, [1]), 0.5, 'an inner edge opens the next bucket');
    assert.equal(bucketedCdfDistance(buckets, [2]), 0.5, 'the last bucket is closed');
    assert.equal(bucketedCdfDistance(buckets, [0, 2]), 0);
    assert.equal(bucketedCdfDistance(buckets, [2.001]), 1, 'above the range');
    assert.equal(bucketedCdfDistance(buckets, [-5, 1]), 0.5, 'below the range');
    assert.throws(() => bucketedCdfDistance([], [1]), /baseline has no buckets/);
  });
});

describe('checkConstraints', () => {
  test('a clean window drawn like the baseline has no violations', () => {
    assert.deepEqual(check(clean), { violations: [] });
  });

  test('a shifted window drifts exactly where it was shifted, naming distance and threshold', () => {
    const result = check(fixture.records.shifted);
    assert.deepEqual(kinds(result), [
      ['avg_glucose_level', 'baseline_drift_check'],
      ['smoking_status', 'baseline_drift_check'],
    ]);
    for (const violation of result.violations) {
      const match = /^Feature '(.+)': baseline drift distance: (.+) exceeds threshold: (.+)$/.exec(
        violation.description,
      );
      assert.ok(match !== null, violation.description);
      assert.equal(match[1], violation.feature_name);
      assertClose(
        Number(match[2]),
        fixture.drift.shifted[violation.feature_name],
        { absolute: 1e-12 },
        'distance in the description',
      );
      assert.equal(Number(match[3]), fixture.threshold);
    }
  });

  test('a new category is a categorical_values_check unless the domain threshold tolerates it', () => {
    const records = editRows((r, row) => {
      if (row % 100 === 1) r.work_type = 'Freelance';
    });
    const result = check(records);
    assert.deepEqual(kinds(result), [['work_type', 'categorical_values_check']]);
    assert.match(
      result.violations[0].description,
      /^Feature 'work_type': 1\.0% of the values are outside the baseline domain \("Freelance"\), more than the allowed 0\.0%$/,
    );
    assert.deepEqual(
      check(
        records,
        withConfig((c) => {
          c.domain_content_threshold = 0.98;
        }),
      ),
      { violations: [] },
    );
  });

  test('a numeric column of strings is a data_type_check only', () => {
    const result = check(
      editRows((r, row) => {
        r.avg_glucose_level = row % 2 === 0 ? 'high' : 'normal';
      }),
    );
    assert.deepEqual(kinds(result), [['avg_glucose_level', 'data_type_check']]);
    assert.match(
      result.violations[0].description,
      /^Feature 'avg_glucose_level': 0\.0% of the data is Fractional, below the expected match 100\.0% \(observed type String\)$/,
    );
  });

  test('fractional values in an Integral column: violation at threshold 1.0, none at 0.9; numbers as text are fine', () => {
    const records = editRows((r, row) => {
      if (row % 25 === 0 && typeof r.age === 'number') r.age += 0.5;
    });
    const result = check(records);
    assert.deepEqual(kinds(result), [['age', 'data_type_check']]);
    assert.match(
      result.violations[0].description,
      /95\.8% of the data is Integral, below the expected match 100\.0% \(observed type Fractional\)/,
    );
    assert.deepEqual(
      check(
        records,
        withConfig((c) => {
          c.datatype_check_threshold = 0.9;
        }),
      ),
      { violations: [] },
    );
    const csvLike = editRows((r) => {
      for (const key of Object.keys(r)) if (typeof r[key] === 'number') r[key] = String(r[key]);
    });
    assert.deepEqual(check(csvLike), { violations: [] });
  });

  test('many missing values are a completeness_check naming both completenesses', () => {
    const result = check(
      editRows((r, row) => {
        if (row % 2 === 0) r.bmi = null;
      }),
    );
    assert.deepEqual(kinds(result), [['bmi', 'completeness_check']]);
    assert.equal(
      result.violations[0].description,
      "Feature 'bmi': completeness 0.4 is below the baseline constraint 0.9",
    );
  });

  test('a dropped column is a missing_column_check, an added one an extra_column_check', () => {
    assert.deepEqual(
      kinds(
        check(
          editRows((r) => {
            delete r.work_type;
          }),
        ),
      ),
      [['work_type', 'missing_column_check']],
    );
    assert.deepEqual(
      kinds(
        check(
          editRows((r, row) => {
            r.residence_type = row % 2 === 0 ? 'Urban' : 'Rural';
          }),
        ),
      ),
      [['residence_type', 'extra_column_check']],
    );
  });

  test('disabled comparison or evaluation suppresses the checks', () => {
    const shifted = fixture.records.shifted;
    assert.deepEqual(
      check(
        shifted,
        withConfig((c) => {
          c.distribution_constraints.perform_comparison = 'Disabled';
        }),
      ),
      { violations: [] },
    );
    assert.deepEqual(
      check(
        editRows((r) => {
          delete r.age;
        }),
        withConfig((c) => {
          c.evaluate_constraints = 'Disabled';
        }),
      ),
      { violations: [] },
    );
    const looser = withConfig((c) => {
      c.distribution_constraints.categorical_comparison_threshold = 0.5;
    });
    assert.deepEqual(kinds(check(shifted, looser)), [['avg_glucose_level', 'baseline_drift_check']]);
  });

  test('a numeric feature without a drift distance is named', () => {
    const current = baselineStatistics(clean, featureKinds);
    assert.throws(
      () => checkConstraints(current, constraints, baseline),
      /no drift distance for numeric feature 'age'/,
    );
  });

  test('statistics, constraints and violations survive a JSON round trip', () => {
    const shifted = fixture.records.shifted;
    const current = baselineStatistics(shifted, featureKinds);
    const drift = numericDriftDistances(baseline, shifted);
    const violations = checkConstraints(current, constraints, baseline, drift);
    const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    assert.deepEqual(roundTrip(constraints), constraints);
    assert.deepEqual(roundTrip(violations), violations);
    assert.deepEqual(
      checkConstraints(roundTrip(current), roundTrip(constraints), roundTrip(baseline), drift),
      violations,
    );
  });
});
