/**
 * The CreateModel request that turns a training job's model.tar.gz into a SageMaker model served
 * by the region's built-in XGBoost 1.7-1 container (the image that trained it), for endpoints
 * and batch transform alike.
 */
import type { CreateModelCommandInput } from '@aws-sdk/client-sagemaker';
import { checkJobName, MAX_JOB_NAME_LENGTH } from './job-name';
import { parseS3Uri } from './locations';
import { checkRoleArn } from './role-arn';
import { xgboostImageUri } from './xgboost-image';

/** Model names follow the job-name rules: [a-zA-Z0-9-], at most 63 characters. */
const MAX_MODEL_NAME_LENGTH = MAX_JOB_NAME_LENGTH;

export interface ModelSpec {
  modelName: string;
  region: string;
  /** Role SageMaker assumes to pull the image and read the model data. */
  roleArn: string;
  /** S3 URI of the training job's `<output path>/<job name>/output/model.tar.gz`. */
  modelDataUrl: string;
}

/** Throws unless `uri` is an S3 URI of a .tar.gz object, the only form the XGBoost container loads. */
function checkModelDataUrl(uri: string): string {
  const { key } = parseS3Uri(uri, 'modelDataUrl');
  if (!key.endsWith('.tar.gz')) {
    throw new Error(
      `modelDataUrl: expected the S3 URI of a model .tar.gz (a training job's output/model.tar.gz), got ${JSON.stringify(uri)}`,
    );
  }
  return uri;
}

export function buildCreateModelRequest(spec: ModelSpec): CreateModelCommandInput {
  return {
    ModelName: checkJobName(spec.modelName, MAX_MODEL_NAME_LENGTH, 'model name'),
    ExecutionRoleArn: checkRoleArn(spec.roleArn),
    PrimaryContainer: { Image: xgboostImageUri(spec.region), ModelDataUrl: checkModelDataUrl(spec.modelDataUrl) },
  };
}
