/**
 * The CreateTransformJob request of the AWS batch-transform backend: score every CSV object
 * under an S3 prefix, one record per line, with a model already created from model.tar.gz.
 * Input rows are features only (no label column), the format the XGBoost container serves.
 */
import type { CreateTransformJobCommandInput, TransformInstanceType } from '@aws-sdk/client-sagemaker';
import { checkJobName, MAX_JOB_NAME_LENGTH } from './job-name';
import { parseS3Uri } from './locations';
import { CSV_CONTENT_TYPE } from './training-request';

const DEFAULT_TRANSFORM_INSTANCE_TYPE: TransformInstanceType = 'ml.m5.large';

export interface TransformJobSpec {
  jobName: string;
  /** A SageMaker model (CreateModel) serving the XGBoost image with the trained model.tar.gz. */
  modelName: string;
  /** S3 URI prefix of the CSV objects to score. */
  input: string;
  /** S3 URI prefix where SageMaker writes `<input object name>.out`. */
  output: string;
  instanceType?: TransformInstanceType;
  instanceCount?: number;
  /** Upper bound of one request's payload (SageMaker default 6 MB). */
  maxPayloadInMB?: number;
  /**
   * SageMaker's JSONPath InputFilter applied to every CSV record before scoring; `'$[1:]'` drops
   * the first column, so the label-first training channels can be scored as they are.
   */
  inputFilter?: string;
}

/** Drops the label column of a label-first CSV channel. */
export const DROP_LABEL_COLUMN = '$[1:]';

export function buildTransformJobRequest(spec: TransformJobSpec): CreateTransformJobCommandInput {
  parseS3Uri(spec.input, 'transform input');
  parseS3Uri(spec.output, 'transform output');
  if (typeof spec.modelName !== 'string' || spec.modelName.length === 0) {
    throw new Error(`transform job: modelName must be a non-empty string, got ${JSON.stringify(spec.modelName)}`);
  }
  const instanceCount = spec.instanceCount ?? 1;
  if (!Number.isInteger(instanceCount) || instanceCount < 1)
    throw new Error(`transform job: instanceCount must be a positive integer, got ${instanceCount}`);
  const maxPayload = spec.maxPayloadInMB ?? 6;
  if (!Number.isInteger(maxPayload) || maxPayload < 1 || maxPayload > 100) {
    throw new Error(`transform job: maxPayloadInMB must be an integer in 1..100, got ${maxPayload}`);
  }
  if (spec.inputFilter !== undefined && !/^\$(\[[0-9:, ]*\])?$/.test(spec.inputFilter)) {
    throw new Error(
      `transform job: inputFilter must be a JSONPath over the CSV columns like '$[1:]', got ${JSON.stringify(spec.inputFilter)}`,
    );
  }
  return {
    TransformJobName: checkJobName(spec.jobName, MAX_JOB_NAME_LENGTH, 'transform job name'),
    ModelName: spec.modelName,
    BatchStrategy: 'MultiRecord',
    MaxPayloadInMB: maxPayload,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: spec.input } },
      ContentType: CSV_CONTENT_TYPE,
      CompressionType: 'None',
      SplitType: 'Line',
    },
    TransformOutput: { S3OutputPath: spec.output.replace(/\/+$/, ''), Accept: CSV_CONTENT_TYPE, AssembleWith: 'Line' },
    TransformResources: {
      InstanceType: spec.instanceType ?? DEFAULT_TRANSFORM_INSTANCE_TYPE,
      InstanceCount: instanceCount,
    },
    ...(spec.inputFilter === undefined
      ? {}
      : { DataProcessing: { InputFilter: spec.inputFilter, JoinSource: 'None' as const } }),
  };
}
