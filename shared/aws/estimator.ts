/**
 * An Estimator shaped like the SageMaker SDK's, for the built-in XGBoost algorithm, with two
 * backends chosen by `config.target`:
 *  - 'local': trains with the wasm XGBoost in a worker thread, reading the channels from the
 *    object store (embedded S3, a folder or memory);
 *  - 'aws': CreateTrainingJob with the region's XGBoost 1.7-1 image, then DescribeTrainingJob
 *    until it ends.
 * Both leave `<outputPath>/<job name>/output/model.tar.gz` holding `xgboost-model`, so deployment
 * does not depend on which backend trained the model.
 */
import {
  SageMakerClient,
  type CreateHyperParameterTuningJobCommandInput,
  type CreateTrainingJobCommandInput,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import type { PipelineConfig } from '../pipeline/config';
import { silenceSdkNodeVersionWarning } from '../core/s3/client';
import { STROKE_XGBOOST_TUNING, type TuningJobDefinition } from '../pipeline/modeling/stroke-tuning-config';
import { runAwsTrainingJob } from './aws-training';
import { numRoundOf, type XGBoostHyperparameters } from './hyperparameters';
import { checkJobName, MAX_TUNING_JOB_NAME_LENGTH, uniqueJobName } from './job-name';
import { runLocalTrainingJob } from './local-training';
import { toS3Uri, toStoreLocation, type DataLocation } from './locations';
import type { PollOptions } from './polling';
import type { TrainingBackend, TrainingChannels, TrainingJobResult } from './training-job';
import { buildTrainingJobRequest, type AwsTrainingSpec } from './training-request';
import { buildTuningJobRequest, runAwsTuning, type TuningJobResult } from './tuning';

const DEFAULT_JOB_NAME_PREFIX = 'stroke-xgboost';

export interface EstimatorOptions {
  config: PipelineConfig;
  /** Defaults to config.target. */
  backend?: TrainingBackend;
  hyperparameters: XGBoostHyperparameters;
  /** Where `<job name>/output/model.tar.gz` goes: an s3:// URI or {store, prefix}. */
  outputPath: DataLocation;
  /** IAM role SageMaker assumes (aws backend); defaults to config.sagemakerRoleArn. */
  roleArn?: string;
  instanceType?: TrainingInstanceType;
  instanceCount?: number;
  volumeSizeInGB?: number;
  maxRuntimeInSeconds?: number;
  /** Base of generated job names (letters, digits, hyphens). */
  jobNamePrefix?: string;
  /** Injected for tests; by default one client for config.region is created on first use. */
  sagemakerClient?: SageMakerClient;
  /** Polling of Describe* calls (aws backend). */
  poll?: PollOptions;
}

export interface FitOptions {
  /** Explicit job name; by default `<jobNamePrefix>-<timestamp>`. */
  jobName?: string;
}

export class Estimator {
  readonly backend: TrainingBackend;
  readonly hyperparameters: XGBoostHyperparameters;
  private readonly options: EstimatorOptions;
  private client: SageMakerClient | undefined;

  constructor(options: EstimatorOptions) {
    const backend = options.backend ?? options.config.target;
    if (backend !== 'local' && backend !== 'aws')
      throw new Error(`Estimator backend must be 'local' or 'aws', got ${JSON.stringify(backend)}`);
    numRoundOf(options.hyperparameters);
    checkJobName(options.jobNamePrefix ?? DEFAULT_JOB_NAME_PREFIX, Number.MAX_SAFE_INTEGER, 'jobNamePrefix');
    this.backend = backend;
    this.hyperparameters = { ...options.hyperparameters };
    this.options = options;
    this.client = options.sagemakerClient;
  }

  /** Trains one model on the train channel, scored on validation; resolves when the job has ended. */
  async fit(channels: TrainingChannels<DataLocation>, options: FitOptions = {}): Promise<TrainingJobResult> {
    const jobName = options.jobName ?? uniqueJobName(this.options.jobNamePrefix ?? DEFAULT_JOB_NAME_PREFIX);
    if (this.backend === 'local') {
      const { config } = this.options;
      return runLocalTrainingJob({
        jobName,
        hyperparameters: this.hyperparameters,
        channels: {
          train: toStoreLocation(channels.train, config, 'train channel'),
          validation: toStoreLocation(channels.validation, config, 'validation channel'),
        },
        output: toStoreLocation(this.options.outputPath, config, 'outputPath'),
      });
    }
    return runAwsTrainingJob(this.sagemaker(), this.trainingJobRequest(jobName, channels), this.options.poll);
  }

  /** The CreateTrainingJob input `fit` sends on the aws backend. */
  trainingJobRequest(jobName: string, channels: TrainingChannels<DataLocation>): CreateTrainingJobCommandInput {
    return buildTrainingJobRequest(jobName, this.awsSpec(channels));
  }

  /** The CreateHyperParameterTuningJob input for tuning this estimator (aws backend). */
  tuningJobRequest(
    channels: TrainingChannels<DataLocation>,
    tuningJobName?: string,
    tuning: TuningJobDefinition = STROKE_XGBOOST_TUNING,
  ): CreateHyperParameterTuningJobCommandInput {
    const name =
      tuningJobName ?? uniqueJobName(this.options.jobNamePrefix ?? DEFAULT_JOB_NAME_PREFIX, MAX_TUNING_JOB_NAME_LENGTH);
    return buildTuningJobRequest(name, this.awsSpec(channels), tuning);
  }

  /** Runs a SageMaker Bayesian tuning job over `tuning`'s ranges; only on the aws backend. */
  async tune(
    channels: TrainingChannels<DataLocation>,
    tuning: TuningJobDefinition = STROKE_XGBOOST_TUNING,
    tuningJobName?: string,
  ): Promise<TuningJobResult> {
    if (this.backend !== 'aws') {
      throw new Error(
        'Estimator.tune runs SageMaker tuning jobs (aws backend); locally use runBayesianSearch from shared/core/tuning with fit()',
      );
    }
    return runAwsTuning(this.sagemaker(), this.tuningJobRequest(channels, tuningJobName, tuning), this.options.poll);
  }

  private awsSpec(channels: TrainingChannels<DataLocation>): AwsTrainingSpec {
    const { config } = this.options;
    const roleArn = this.options.roleArn ?? config.sagemakerRoleArn;
    if (roleArn === undefined || roleArn === '') {
      throw new Error('the aws backend needs an IAM role for SageMaker: pass roleArn or set SAGEMAKER_ROLE_ARN');
    }
    const spec: AwsTrainingSpec = {
      region: config.region,
      roleArn,
      hyperparameters: this.hyperparameters,
      train: toS3Uri(channels.train, 'train channel'),
      validation: toS3Uri(channels.validation, 'validation channel'),
      outputPath: toS3Uri(this.options.outputPath, 'outputPath'),
    };
    if (this.options.instanceType !== undefined) spec.instanceType = this.options.instanceType;
    if (this.options.instanceCount !== undefined) spec.instanceCount = this.options.instanceCount;
    if (this.options.volumeSizeInGB !== undefined) spec.volumeSizeInGB = this.options.volumeSizeInGB;
    if (this.options.maxRuntimeInSeconds !== undefined) spec.maxRuntimeInSeconds = this.options.maxRuntimeInSeconds;
    return spec;
  }

  private sagemaker(): SageMakerClient {
    if (this.client === undefined) {
      silenceSdkNodeVersionWarning();
      this.client = new SageMakerClient({ region: this.options.config.region });
    }
    return this.client;
  }
}
