/**
 * The CreateTrainingJob request for the built-in XGBoost, and the training-job definition a
 * hyperparameter tuning job embeds. Both come from `trainingJobParts`, so a tuned job trains
 * exactly like a single one (same image, channels, output, resources, limits).
 */
import type {
  AlgorithmSpecification,
  Channel,
  CreateTrainingJobCommandInput,
  HyperParameterTrainingJobDefinition,
  OutputDataConfig,
  ResourceConfig,
  StoppingCondition,
  TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import { toSageMakerHyperParameters, type XGBoostHyperparameters } from './hyperparameters';
import { checkJobName } from './job-name';
import { parseS3Uri } from './locations';
import { checkRoleArn } from './role-arn';
import { xgboostImageUri } from './xgboost-image';

const DEFAULT_TRAINING_INSTANCE_TYPE: TrainingInstanceType = 'ml.m5.xlarge';
const DEFAULT_VOLUME_SIZE_GB = 10;
const DEFAULT_MAX_RUNTIME_SECONDS = 3600;
export const CSV_CONTENT_TYPE = 'text/csv';

export interface AwsTrainingSpec {
  region: string;
  roleArn: string;
  hyperparameters: XGBoostHyperparameters;
  /** S3 URIs of the label-first CSV channels (S3Prefix: every object whose key starts with them). */
  train: string;
  validation: string;
  /** S3 URI under which SageMaker writes `<job name>/output/model.tar.gz`. */
  outputPath: string;
  instanceType?: TrainingInstanceType;
  instanceCount?: number;
  volumeSizeInGB?: number;
  maxRuntimeInSeconds?: number;
}

interface TrainingJobParts {
  AlgorithmSpecification: AlgorithmSpecification;
  RoleArn: string;
  InputDataConfig: Channel[];
  OutputDataConfig: OutputDataConfig;
  ResourceConfig: ResourceConfig;
  StoppingCondition: StoppingCondition;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
  return value;
}

function csvChannel(name: string, uri: string): Channel {
  parseS3Uri(uri, `${name} channel`);
  return {
    ChannelName: name,
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri, S3DataDistributionType: 'FullyReplicated' } },
    ContentType: CSV_CONTENT_TYPE,
    CompressionType: 'None',
  };
}

function trainingJobParts(spec: AwsTrainingSpec): TrainingJobParts {
  checkRoleArn(spec.roleArn);
  parseS3Uri(spec.outputPath, 'outputPath');
  return {
    AlgorithmSpecification: { TrainingImage: xgboostImageUri(spec.region), TrainingInputMode: 'File' },
    RoleArn: spec.roleArn,
    InputDataConfig: [csvChannel('train', spec.train), csvChannel('validation', spec.validation)],
    OutputDataConfig: { S3OutputPath: spec.outputPath.replace(/\/+$/, '') },
    ResourceConfig: {
      InstanceType: spec.instanceType ?? DEFAULT_TRAINING_INSTANCE_TYPE,
      InstanceCount: positiveInteger(spec.instanceCount ?? 1, 'instanceCount'),
      VolumeSizeInGB: positiveInteger(spec.volumeSizeInGB ?? DEFAULT_VOLUME_SIZE_GB, 'volumeSizeInGB'),
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: positiveInteger(
        spec.maxRuntimeInSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS,
        'maxRuntimeInSeconds',
      ),
    },
  };
}

/** CreateTrainingJob input for one built-in XGBoost job. */
export function buildTrainingJobRequest(jobName: string, spec: AwsTrainingSpec): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: checkJobName(jobName),
    ...trainingJobParts(spec),
    HyperParameters: toSageMakerHyperParameters(spec.hyperparameters),
  };
}

/**
 * The TrainingJobDefinition of a tuning job: the same parts, with the tuned hyperparameters left
 * out of StaticHyperParameters (SageMaker refuses a name that is both static and tuned).
 */
export function buildTrainingJobDefinition(
  spec: AwsTrainingSpec,
  tunedNames: ReadonlySet<string>,
): HyperParameterTrainingJobDefinition {
  return {
    ...trainingJobParts(spec),
    StaticHyperParameters: toSageMakerHyperParameters(spec.hyperparameters, tunedNames),
  };
}
