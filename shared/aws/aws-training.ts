/**
 * The AWS backend of a single training job: CreateTrainingJob, then DescribeTrainingJob until the
 * job completes, fails or stops. A failure surfaces SageMaker's FailureReason.
 */
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeTrainingJobCommandOutput,
  type MetricData,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { parseS3Uri } from './locations';
import { waitForJobCompletion, type PollOptions } from './polling';
import type { TrainingJobResult } from './training-job';

export function metricsFromFinalMetricData(list: readonly MetricData[] | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const metric of list ?? []) {
    if (metric.MetricName !== undefined && typeof metric.Value === 'number') metrics[metric.MetricName] = metric.Value;
  }
  return metrics;
}

/** Waits for a training job that already exists; returns its final description or throws on failure. */
async function waitForTrainingJob(
  client: SageMakerClient,
  jobName: string,
  poll: PollOptions = {},
): Promise<DescribeTrainingJobCommandOutput> {
  return waitForJobCompletion(
    `training job ${jobName}`,
    () => client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName })),
    (d) => d.TrainingJobStatus,
    poll,
  );
}

/** Starts the job described by `request`, waits for it and returns where its model landed. */
export async function runAwsTrainingJob(
  client: SageMakerClient,
  request: CreateTrainingJobCommandInput,
  poll: PollOptions = {},
): Promise<TrainingJobResult> {
  const jobName = request.TrainingJobName;
  if (jobName === undefined) throw new Error('runAwsTrainingJob: request.TrainingJobName is missing');
  await client.send(new CreateTrainingJobCommand(request));
  const description = await waitForTrainingJob(client, jobName, poll);
  const artifact = description.ModelArtifacts?.S3ModelArtifacts;
  if (artifact === undefined)
    throw new Error(`training job ${jobName} completed without ModelArtifacts.S3ModelArtifacts`);
  return {
    jobName,
    backend: 'aws',
    modelArtifact: artifact,
    modelArtifactKey: parseS3Uri(artifact, `training job ${jobName} ModelArtifacts.S3ModelArtifacts`).key,
    metrics: metricsFromFinalMetricData(description.FinalMetricDataList),
    hyperparameters: { ...(request.HyperParameters ?? {}) },
  };
}
