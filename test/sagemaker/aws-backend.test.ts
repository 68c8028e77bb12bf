/**
 * The aws backend against aws-sdk-client-mock: the exact SageMaker requests sent (image of the
 * region per the sagemaker-python-sdk's table, role, channels, string hyperparameters, output
 * path), polling until a terminal status, and failures carrying SageMaker's FailureReason.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateHyperParameterTuningJobCommand,
  CreateTrainingJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../../shared/pipeline/config';
import { Estimator } from '../../shared/aws/estimator';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import { S3Client } from '@aws-sdk/client-s3';
import { STROKE_PARAMETER_RANGES } from '../tuning/stroke-parameter-ranges';

silenceSdkNodeVersionWarning();

const ROLE = 'arn:aws:iam::123456789012:role/StrokeSageMakerRole';
const config = loadConfig({ STROKE_TARGET: 'aws', AWS_REGION: 'eu-west-1', SAGEMAKER_ROLE_ARN: ROLE });
const CHANNELS = {
  train: 's3://gold-data/sagemaker/train/data.csv',
  validation: 's3://gold-data/sagemaker/validation/data.csv',
};
const HYPERPARAMETERS = { num_round: 120, eta: 0.1, max_depth: '5', subsample: 0.8, scale_pos_weight: 19.4 };

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterEach(() => sagemaker.reset());

function estimator(overrides: Partial<ConstructorParameters<typeof Estimator>[0]> = {}): Estimator {
  return new Estimator({
    config,
    hyperparameters: HYPERPARAMETERS,
    outputPath: 's3://model-artifacts/training/',
    jobNamePrefix: 'stroke',
    sagemakerClient: new SageMakerClient({ region: 'eu-west-1' }),
    poll: { intervalMs: 0 },
    ...overrides,
  });
}

const EXPECTED_PARTS = {
  AlgorithmSpecification: {
    TrainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    TrainingInputMode: 'File',
  },
  RoleArn: ROLE,
  InputDataConfig: [
    {
      ChannelName: 'train',
      DataSource: {
        S3DataSource: { S3DataType: 'S3Prefix', S3Uri: CHANNELS.train, S3DataDistributionType: 'FullyReplicated' },
      },
      ContentType: 'text/csv',
      CompressionType: 'None',
    },
    {
      ChannelName: 'validation',
      DataSource: {
        S3DataSource: { S3DataType: 'S3Prefix', S3Uri: CHANNELS.validation, S3DataDistributionType: 'FullyReplicated' },
      },
      ContentType: 'text/csv',
      CompressionType: 'None',
    },
  ],
  OutputDataConfig: { S3OutputPath: 's3://model-artifacts/training' },
  ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
};

describe('training job (aws backend)', () => {
  test('fit sends the exact CreateTrainingJob request, polls until Completed and returns the artifact and metrics', async () => {
    const artifact = 's3://model-artifacts/training/stroke-job-1/output/model.tar.gz';
    sagemaker
      .on(CreateTrainingJobCommand)
      .resolves({ TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/stroke-job-1' });
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce({ TrainingJobStatus: 'InProgress' })
      .resolvesOnce({ TrainingJobStatus: 'InProgress' })
      .resolves({
        TrainingJobStatus: 'Completed',
        ModelArtifacts: { S3ModelArtifacts: artifact },
        FinalMetricDataList: [
          { MetricName: 'validation:aucpr', Value: 0.271 },
          { MetricName: 'train:aucpr', Value: 0.64 },
        ],
      });
    const result = await estimator().fit(CHANNELS, { jobName: 'stroke-job-1' });
    const sent = sagemaker.commandCalls(CreateTrainingJobCommand);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0].args[0].input, {
      TrainingJobName: 'stroke-job-1',
      ...EXPECTED_PARTS,
      HyperParameters: {
        eta: '0.1',
        eval_metric: 'aucpr',
        max_depth: '5',
        num_round: '120',
        objective: 'binary:logistic',
        scale_pos_weight: '19.4',
        subsample: '0.8',
      },
    });
    const polls = sagemaker.commandCalls(DescribeTrainingJobCommand);
    assert.equal(polls.length, 3);
    assert.deepEqual(polls[0].args[0].input, { TrainingJobName: 'stroke-job-1' });
    assert.deepEqual(result, {
      jobName: 'stroke-job-1',
      backend: 'aws',
      modelArtifact: artifact,
      modelArtifactKey: 'training/stroke-job-1/output/model.tar.gz',
      metrics: { 'validation:aucpr': 0.271, 'train:aucpr': 0.64 },
      hyperparameters: sent[0].args[0].input.HyperParameters,
    });
  });

  test('a Failed job rejects with its FailureReason; a Stopped one says so', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({});
    sagemaker.on(DescribeTrainingJobCommand).resolvesOnce({ TrainingJobStatus: 'InProgress' }).resolves({
      TrainingJobStatus: 'Failed',
      FailureReason: 'ClientError: Label must be in [0,1] for logistic regression',
    });
    await assert.rejects(
      estimator().fit(CHANNELS, { jobName: 'stroke-bad' }),
      /training job stroke-bad ended Failed: ClientError: Label must be in \[0,1\]/,
    );
    sagemaker.reset();
    sagemaker.on(CreateTrainingJobCommand).resolves({});
    sagemaker.on(DescribeTrainingJobCommand).resolves({ TrainingJobStatus: 'Stopped' });
    await assert.rejects(
      estimator().fit(CHANNELS, { jobName: 'stroke-stopped' }),
      /stroke-stopped ended Stopped: no FailureReason given/,
    );
  });

  test('generated job names are unique, SageMaker-valid and carry the prefix', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({});
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolves({ TrainingJobStatus: 'Completed', ModelArtifacts: { S3ModelArtifacts: 's3://bucket/k/model.tar.gz' } });
    const e = estimator({ jobNamePrefix: 'stroke-risk-model-with-a-very-long-descriptive-prefix-name' });
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) names.add((await e.fit(CHANNELS)).jobName);
    assert.equal(names.size, 5);
    for (const name of names) {
      assert.match(name, /^stroke-risk-[a-zA-Z0-9-]*[a-zA-Z0-9]$/);
      assert.ok(name.length <= 63, name);
    }
  });

  test('S3 store locations become their URIs; a memory store or a missing role is refused before any call', async () => {
    const s3 = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }), 'gold-data', 'sagemaker', true);
    const request = estimator({ outputPath: { store: s3, prefix: 'models' } }).trainingJobRequest('j', {
      train: { store: s3, prefix: 'train/data.csv' },
      validation: CHANNELS.validation,
    });
    assert.equal(request.InputDataConfig?.[0].DataSource?.S3DataSource?.S3Uri, CHANNELS.train);
    assert.deepEqual(request.OutputDataConfig, { S3OutputPath: 's3://gold-data/sagemaker/models' });
    const memory = { store: new MemoryObjectStore('memory://gold'), prefix: 'train/data.csv' };
    await assert.rejects(
      estimator().fit({ train: memory, validation: CHANNELS.validation }),
      /train channel \(SageMaker needs S3\): expected an S3 URI/,
    );
    const noRole = loadConfig({ STROKE_TARGET: 'aws', AWS_REGION: 'eu-west-1' });
    await assert.rejects(
      estimator({ config: noRole }).fit(CHANNELS),
      /needs an IAM role for SageMaker: pass roleArn or set SAGEMAKER_ROLE_ARN/,
    );
    await assert.rejects(estimator({ roleArn: 'StrokeRole' }).fit(CHANNELS), /roleArn: expected an IAM role ARN/);
    assert.equal(sagemaker.commandCalls(CreateTrainingJobCommand).length, 0);
  });

  test('bad hyperparameters are named: num_round missing or fractional, non-finite numbers, unknown region', () => {
    assert.throws(
      () => estimator({ hyperparameters: { num_round: 2.5 } }),
      /num_round must be a positive integer, got 2.5/,
    );
    assert.throws(
      () => estimator({ hyperparameters: { eta: 0.1 } as unknown as { num_round: number } }),
      /num_round is required/,
    );
    assert.throws(
      () => estimator({ hyperparameters: { num_round: 10, eta: NaN } }).trainingJobRequest('j', CHANNELS),
      /hyperparameter eta: expected a finite number, got NaN/,
    );
    assert.throws(
      () => estimator({ hyperparameters: { num_round: 10, eta: 'fast' } }).trainingJobRequest('j', CHANNELS),
      /hyperparameter eta: expected a number, got "fast"/,
    );
    const mars = loadConfig({ STROKE_TARGET: 'aws', AWS_REGION: 'mars-north-1', SAGEMAKER_ROLE_ARN: ROLE });
    assert.throws(
      () => estimator({ config: mars }).trainingJobRequest('j', CHANNELS),
      /no SageMaker XGBoost 1.7-1 image is known for region "mars-north-1"/,
    );
  });
});

describe('tuning job (aws backend)', () => {
  test('the request is Bayesian over STROKE_XGBOOST_TUNING, with the training job built like fit()', () => {
    const e = estimator();
    const request = e.tuningJobRequest(CHANNELS, 'stroke-hpo-1');
    assert.deepEqual(request.HyperParameterTuningJobConfig, {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:aucpr' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 12, MaxParallelTrainingJobs: 3 },
      ParameterRanges: STROKE_PARAMETER_RANGES,
      TrainingJobEarlyStoppingType: 'Off',
    });
    // Tuned names (eta, max_depth, subsample) must not also be static.
    assert.deepEqual(request.TrainingJobDefinition, {
      ...EXPECTED_PARTS,
      StaticHyperParameters: {
        eval_metric: 'aucpr',
        num_round: '120',
        objective: 'binary:logistic',
        scale_pos_weight: '19.4',
      },
    });
    assert.equal(request.HyperParameterTuningJobName, 'stroke-hpo-1');
    assert.ok(e.tuningJobRequest(CHANNELS).HyperParameterTuningJobName!.length <= 32);
    assert.throws(
      () => e.tuningJobRequest(CHANNELS, 'a-tuning-job-name-longer-than-32-chars'),
      /tuning job name .* 1-32 characters/,
    );
  });

  test('tune polls DescribeHyperParameterTuningJob and returns the best training job and its artifact', async () => {
    sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: 'arn:hpo' });
    sagemaker
      .on(DescribeHyperParameterTuningJobCommand)
      .resolvesOnce({ HyperParameterTuningJobStatus: 'InProgress' })
      .resolves({
        HyperParameterTuningJobStatus: 'Completed',
        TrainingJobStatusCounters: {
          Completed: 11,
          RetryableError: 0,
          NonRetryableError: 1,
          Stopped: 0,
          InProgress: 0,
        },
        BestTrainingJob: {
          TrainingJobName: 'stroke-hpo-1-007-abc',
          TunedHyperParameters: { eta: '0.0412', max_depth: '4' },
          FinalHyperParameterTuningJobObjectiveMetric: { MetricName: 'validation:aucpr', Value: 0.301 },
        } as never,
      });
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: 'stroke-hpo-1-007-abc' }).resolves({
      TrainingJobStatus: 'Completed',
      HyperParameters: { eta: '0.0412', max_depth: '4', num_round: '120' },
      ModelArtifacts: { S3ModelArtifacts: 's3://model-artifacts/training/stroke-hpo-1-007-abc/output/model.tar.gz' },
      FinalMetricDataList: [{ MetricName: 'validation:aucpr', Value: 0.301 }],
    });
    const result = await estimator().tune(CHANNELS, undefined, 'stroke-hpo-1');
    assert.equal(
      sagemaker.commandCalls(CreateHyperParameterTuningJobCommand)[0].args[0].input.HyperParameterTuningJobName,
      'stroke-hpo-1',
    );
    assert.equal(sagemaker.commandCalls(DescribeHyperParameterTuningJobCommand).length, 2);
    assert.equal(result.bestObjectiveValue, 0.301);
    assert.deepEqual(result.bestHyperparameters, { eta: '0.0412', max_depth: '4' });
    assert.equal(result.best.modelArtifactKey, 'training/stroke-hpo-1-007-abc/output/model.tar.gz');
    assert.deepEqual(result.best.metrics, { 'validation:aucpr': 0.301 });
    assert.deepEqual(result.trainingJobCounts, {
      Completed: 11,
      RetryableError: 0,
      NonRetryableError: 1,
      Stopped: 0,
      InProgress: 0,
    });
  });

  test('a Failed tuning job rejects with its FailureReason; tune refuses the local backend', async () => {
    sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({});
    sagemaker
      .on(DescribeHyperParameterTuningJobCommand)
      .resolves({ HyperParameterTuningJobStatus: 'Failed', FailureReason: 'All training jobs failed' });
    await assert.rejects(
      estimator().tune(CHANNELS, undefined, 'stroke-hpo-2'),
      /tuning job stroke-hpo-2 ended Failed: All training jobs failed/,
    );
    await assert.rejects(estimator({ backend: 'local' }).tune(CHANNELS), /aws backend/);
    sagemaker.reset();
    sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({});
    sagemaker.on(DescribeHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobStatus: 'Completed' });
    await assert.rejects(
      estimator().tune(CHANNELS, undefined, 'stroke-hpo-3'),
      /tuning job stroke-hpo-3 completed but reported no BestTrainingJob/,
    );
  });
});
