import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ParameterRanges } from '@aws-sdk/client-sagemaker';
import {
  TuningParameterRanges,
  fromSageMakerParameterRanges,
  toSageMakerParameterRanges,
  validateParameterRanges,
} from '../../shared/core/tuning/parameter-ranges';
import { STROKE_XGBOOST_TUNING } from '../../shared/pipeline/modeling/stroke-tuning-config';
import { STROKE_PARAMETER_RANGES } from './stroke-parameter-ranges';

describe('SageMaker ParameterRanges shape', () => {
  test('the stroke ranges convert to the CreateHyperParameterTuningJob request shape (strings)', () => {
    assert.deepEqual(toSageMakerParameterRanges(STROKE_XGBOOST_TUNING.ranges), STROKE_PARAMETER_RANGES);
  });

  test('the stroke job definition carries the original objective and limits', () => {
    assert.deepEqual(STROKE_XGBOOST_TUNING.objective, { Type: 'Maximize', MetricName: 'validation:aucpr' });
    assert.deepEqual(STROKE_XGBOOST_TUNING.resourceLimits, { MaxNumberOfTrainingJobs: 12, MaxParallelTrainingJobs: 3 });
  });

  test('categorical ranges keep their values; empty groups are omitted', () => {
    const ranges: TuningParameterRanges = {
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
    };
    assert.deepEqual(toSageMakerParameterRanges(ranges), {
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
    });
  });

  test('fromSageMakerParameterRanges parses strings back and defaults ScalingType to Auto', () => {
    const sdk: ParameterRanges = {
      ContinuousParameterRanges: [{ Name: 'alpha', MinValue: '1e-3', MaxValue: ' 2.5 ' }],
      IntegerParameterRanges: [{ Name: 'num_round', MinValue: '10', MaxValue: '200', ScalingType: 'Logarithmic' }],
      CategoricalParameterRanges: [{ Name: 'tree_method', Values: ['hist', 'exact'] }],
    };
    assert.deepEqual(fromSageMakerParameterRanges(sdk), {
      ContinuousParameterRanges: [{ Name: 'alpha', MinValue: 0.001, MaxValue: 2.5, ScalingType: 'Auto' }],
      IntegerParameterRanges: [{ Name: 'num_round', MinValue: 10, MaxValue: 200, ScalingType: 'Logarithmic' }],
      CategoricalParameterRanges: [{ Name: 'tree_method', Values: ['hist', 'exact'] }],
    });
    assert.deepEqual(
      fromSageMakerParameterRanges(toSageMakerParameterRanges(STROKE_XGBOOST_TUNING.ranges)),
      STROKE_XGBOOST_TUNING.ranges,
    );
  });

  test('unparseable SDK values are rejected naming the field', () => {
    assert.throws(
      () =>
        fromSageMakerParameterRanges({ ContinuousParameterRanges: [{ Name: 'eta', MinValue: 'abc', MaxValue: '1' }] }),
      /ContinuousParameterRanges\[0\] \('eta'\)\.MinValue: expected a number string, got "abc"/,
    );
    assert.throws(
      () => fromSageMakerParameterRanges({ AutoParameters: [{ Name: 'eta', ValueHint: '0.1' }] }),
      /AutoParameters/,
    );
  });
});

describe('validateParameterRanges', () => {
  const cases: [string, TuningParameterRanges, RegExp][] = [
    ['empty', {}, /at least one range/],
    [
      'min >= max',
      { ContinuousParameterRanges: [{ Name: 'a', MinValue: 1, MaxValue: 1, ScalingType: 'Linear' }] },
      /'a': MinValue \(1\) must be less than MaxValue \(1\)/,
    ],
    [
      'log with 0',
      { ContinuousParameterRanges: [{ Name: 'a', MinValue: 0, MaxValue: 1, ScalingType: 'Logarithmic' }] },
      /'a': Logarithmic scaling needs MinValue > 0/,
    ],
    [
      'reverse log reaching 1',
      { ContinuousParameterRanges: [{ Name: 'm', MinValue: 0.5, MaxValue: 1, ScalingType: 'ReverseLogarithmic' }] },
      /'m': ReverseLogarithmic scaling needs/,
    ],
    [
      'non-integer bounds',
      { IntegerParameterRanges: [{ Name: 'd', MinValue: 1.5, MaxValue: 4, ScalingType: 'Linear' }] },
      /integer range 'd': MinValue and MaxValue must be integers/,
    ],
    [
      'duplicate names',
      {
        ContinuousParameterRanges: [{ Name: 'x', MinValue: 0, MaxValue: 1, ScalingType: 'Linear' }],
        IntegerParameterRanges: [{ Name: 'x', MinValue: 0, MaxValue: 3, ScalingType: 'Linear' }],
      },
      /duplicate hyperparameter name 'x'/,
    ],
    [
      'empty categorical',
      { CategoricalParameterRanges: [{ Name: 'c', Values: [] }] },
      /categorical range 'c': Values must be a non-empty/,
    ],
    ['duplicate category', { CategoricalParameterRanges: [{ Name: 'c', Values: ['a', 'a'] }] }, /duplicate value 'a'/],
  ];
  for (const [label, ranges, message] of cases) {
    test(`rejects ${label}`, () => assert.throws(() => validateParameterRanges(ranges), message));
  }

  test('accepts the stroke ranges', () => {
    validateParameterRanges(STROKE_XGBOOST_TUNING.ranges);
  });
});
