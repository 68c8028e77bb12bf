import type { ParameterRanges } from '@aws-sdk/client-sagemaker';

/**
 * The stroke tuning ranges in CreateHyperParameterTuningJob's request shape (strings), written out
 * by hand from the SageMaker API reference, not from our output: what both the conversion test and
 * the tuning-job request test expect.
 */
export const STROKE_PARAMETER_RANGES: ParameterRanges = {
  ContinuousParameterRanges: [
    { Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' },
    { Name: 'min_child_weight', MinValue: '1', MaxValue: '10', ScalingType: 'Linear' },
    { Name: 'subsample', MinValue: '0.5', MaxValue: '1', ScalingType: 'Linear' },
    { Name: 'colsample_bytree', MinValue: '0.5', MaxValue: '1', ScalingType: 'Linear' },
  ],
  IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Linear' }],
};
