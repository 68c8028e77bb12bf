/**
 * The AWS backend of hyperparameter tuning: a CreateHyperParameterTuningJob with the Bayesian
 * strategy over the same ranges and objective the local tuner uses (STROKE_XGBOOST_TUNING), its
 * training jobs defined by the estimator's own request builder, then polling until it ends and
 * reading the best training job.
 */
import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  type CreateHyperParameterTuningJobCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { toSageMakerParameterRanges, type TuningParameterRanges } from '../core/tuning/parameter-ranges';
import { STROKE_XGBOOST_TUNING, type TuningJobDefinition } from '../pipeline/modeling/stroke-tuning-config';
import { metricsFromFinalMetricData } from './aws-training';
import { checkJobName, MAX_TUNING_JOB_NAME_LENGTH } from './job-name';
import { parseS3Uri } from './locations';
import { waitForJobCompletion, type PollOptions } from './polling';
import { buildTrainingJobDefinition, type AwsTrainingSpec } from './training-request';
import type { TrainingJobResult } from './training-job';

function rangeNames(ranges: TuningParameterRanges): Set<string> {
  return new Set([
    ...(ranges.ContinuousParameterRanges ?? []).map((r) => r.Name),
    ...(ranges.IntegerParameterRanges ?? []).map((r) => r.Name),
    ...(ranges.CategoricalParameterRanges ?? []).map((r) => r.Name),
  ]);
}

/**
 * CreateHyperParameterTuningJob input. `spec.hyperparameters` are the static ones (num_round,
 * objective, ...); any that the ranges tune are dropped from StaticHyperParameters.
 */
export function buildTuningJobRequest(
  tuningJobName: string,
  spec: AwsTrainingSpec,
  tuning: TuningJobDefinition = STROKE_XGBOOST_TUNING,
): CreateHyperParameterTuningJobCommandInput {
  const { MaxNumberOfTrainingJobs, MaxParallelTrainingJobs } = tuning.resourceLimits;
  if (
    !Number.isInteger(MaxNumberOfTrainingJobs) ||
    !Number.isInteger(MaxParallelTrainingJobs) ||
    MaxParallelTrainingJobs < 1 ||
    MaxNumberOfTrainingJobs < MaxParallelTrainingJobs
  ) {
    throw new Error(
      `tuning resource limits: expected integers with 1 <= MaxParallelTrainingJobs <= MaxNumberOfTrainingJobs, got ${MaxParallelTrainingJobs} and ${MaxNumberOfTrainingJobs}`,
    );
  }
  return {
    HyperParameterTuningJobName: checkJobName(tuningJobName, MAX_TUNING_JOB_NAME_LENGTH, 'tuning job name'),
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: tuning.objective.Type, MetricName: tuning.objective.MetricName },
      ResourceLimits: { MaxNumberOfTrainingJobs, MaxParallelTrainingJobs },
      ParameterRanges: toSageMakerParameterRanges(tuning.ranges),
      TrainingJobEarlyStoppingType: 'Off',
    },
    TrainingJobDefinition: buildTrainingJobDefinition(spec, rangeNames(tuning.ranges)),
  };
}

export interface TuningJobResult {
  tuningJobName: string;
  /** Objective value of the best training job (e.g. its validation:aucpr). */
  bestObjectiveValue: number;
  /** The tuned values of the best job, as SageMaker strings. */
  bestHyperparameters: Record<string, string>;
  /** The best training job, as a training result (model artifact, metrics). */
  best: TrainingJobResult;
  /** Training jobs by final status (Completed, Failed, ...). */
  trainingJobCounts: Record<string, number>;
}

/** Starts the tuning job, waits for it and describes its best training job. */
export async function runAwsTuning(
  client: SageMakerClient,
  request: CreateHyperParameterTuningJobCommandInput,
  poll: PollOptions = {},
): Promise<TuningJobResult> {
  const name = request.HyperParameterTuningJobName;
  if (name === undefined) throw new Error('runAwsTuning: request.HyperParameterTuningJobName is missing');
  await client.send(new CreateHyperParameterTuningJobCommand(request));
  const description = await waitForJobCompletion(
    `tuning job ${name}`,
    () => client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
    (d) => d.HyperParameterTuningJobStatus,
    poll,
  );
  const bestJob = description.BestTrainingJob;
  if (bestJob === undefined || bestJob.TrainingJobName === undefined)
    throw new Error(`tuning job ${name} completed but reported no BestTrainingJob`);
  const bestName = bestJob.TrainingJobName;
  const bestDescription = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: bestName }));
  const artifact = bestDescription.ModelArtifacts?.S3ModelArtifacts;
  if (artifact === undefined)
    throw new Error(`best training job ${bestName} of tuning job ${name} has no ModelArtifacts.S3ModelArtifacts`);
  const objective = bestJob.FinalHyperParameterTuningJobObjectiveMetric?.Value;
  if (typeof objective !== 'number')
    throw new Error(`tuning job ${name}: BestTrainingJob ${bestName} has no final objective value`);
  const counters = description.TrainingJobStatusCounters ?? {};
  const trainingJobCounts: Record<string, number> = {};
  for (const [key, value] of Object.entries(counters)) if (typeof value === 'number') trainingJobCounts[key] = value;
  return {
    tuningJobName: name,
    bestObjectiveValue: objective,
    bestHyperparameters: { ...(bestJob.TunedHyperParameters ?? {}) },
    best: {
      jobName: bestName,
      backend: 'aws',
      modelArtifact: artifact,
      modelArtifactKey: parseS3Uri(artifact, `training job ${bestName} ModelArtifacts.S3ModelArtifacts`).key,
      metrics: metricsFromFinalMetricData(bestDescription.FinalMetricDataList),
      hyperparameters: { ...(bestDescription.HyperParameters ?? {}) },
    },
    trainingJobCounts,
  };
}
