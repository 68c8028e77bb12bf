/**
 * The stroke model's XGBoost tuning job as the original pipeline defined it, in the shapes of
 * SageMaker's HyperParameterTuningJobConfig so the local and AWS backends share one definition.
 * min_child_weight is continuous (XGBoost treats it as a real-valued hessian sum).
 */
import type { TuningObjective, TuningParameterRanges } from '../../core/tuning/parameter-ranges';

export interface TuningJobDefinition {
  ranges: TuningParameterRanges;
  objective: TuningObjective;
  resourceLimits: { MaxNumberOfTrainingJobs: number; MaxParallelTrainingJobs: number };
}

export const STROKE_XGBOOST_TUNING: TuningJobDefinition = {
  ranges: {
    ContinuousParameterRanges: [
      { Name: 'eta', MinValue: 0.01, MaxValue: 0.3, ScalingType: 'Logarithmic' },
      { Name: 'min_child_weight', MinValue: 1, MaxValue: 10, ScalingType: 'Linear' },
      { Name: 'subsample', MinValue: 0.5, MaxValue: 1, ScalingType: 'Linear' },
      { Name: 'colsample_bytree', MinValue: 0.5, MaxValue: 1, ScalingType: 'Linear' },
    ],
    IntegerParameterRanges: [{ Name: 'max_depth', MinValue: 3, MaxValue: 10, ScalingType: 'Linear' }],
  },
  objective: { Type: 'Maximize', MetricName: 'validation:aucpr' },
  resourceLimits: { MaxNumberOfTrainingJobs: 12, MaxParallelTrainingJobs: 3 },
};
