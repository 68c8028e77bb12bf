/**
 * Batch scoring on AWS from a model.tar.gz, end to end: CreateModel (the built-in XGBoost image
 * with that archive), a transform job over one CSV object, the `.out` object read back and parsed,
 * and the model deleted again whatever happened. Input and output are store locations, so the
 * same stores a notebook already holds read the result.
 */
import { CreateModelCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { deleteAwsEndpoint, type AwsResourceDeletion } from './aws-endpoint-cleanup';
import { parseTransformOutput, runAwsTransformJob, transformOutputKey } from './aws-transform';
import type { WrittenChannel } from './channels';
import { joinKey, type ObjectStore } from '../core/storage/object-store';
import { toS3Uri, type StoreLocation } from './locations';
import { buildCreateModelRequest, type ModelSpec } from './model-request';
import type { PollOptions } from './polling';
import { requestFields, type RequestFieldRow } from './request-summary';
import { buildTransformJobRequest, DROP_LABEL_COLUMN, type TransformJobSpec } from './transform-request';

export interface AwsBatchTransformSpec {
  model: ModelSpec;
  jobName: string;
  /** One CSV object (its key is the prefix) in an S3-backed store. */
  input: StoreLocation;
  /** Rows of the input object: the output must hold exactly one score per row. */
  rows: number;
  /** Where SageMaker writes `<input file name>.out`. */
  output: StoreLocation;
  inputFilter?: string;
}

export interface AwsBatchTransformResult {
  jobName: string;
  outputUri: string;
  scores: Float64Array;
  modelCleanup: AwsResourceDeletion[];
}

export interface ChannelTransformOptions {
  jobName: string;
  /** The model SageMaker creates (named `<job name>-model`). */
  model: Omit<ModelSpec, 'modelName'>;
  /** The store the channels were written to, and where the output goes. */
  store: ObjectStore;
  /** A label-first channel (writeChannels): its CSV is scored with the label column dropped. */
  channel: WrittenChannel;
  /** The output goes to `<outputPrefix>/<job name>/`. */
  outputPrefix: string;
}

/** The batch transform of one written channel: one score per row of its CSV, its label dropped by the input filter. */
export function channelTransformSpec(options: ChannelTransformOptions): AwsBatchTransformSpec {
  return {
    jobName: options.jobName,
    rows: options.channel.rows,
    inputFilter: DROP_LABEL_COLUMN,
    model: { ...options.model, modelName: `${options.jobName}-model` },
    input: { store: options.store, prefix: options.channel.csv.key },
    output: { store: options.store, prefix: joinKey(options.outputPrefix, options.jobName) },
  };
}

function transformSpec(spec: AwsBatchTransformSpec): TransformJobSpec {
  const job: TransformJobSpec = {
    jobName: spec.jobName,
    modelName: spec.model.modelName,
    input: toS3Uri(spec.input, 'transform input'),
    output: toS3Uri(spec.output, 'transform output'),
  };
  if (spec.inputFilter !== undefined) job.inputFilter = spec.inputFilter;
  return job;
}

/** The two requests `batchTransformOnAws` sends, field by field. */
export function batchTransformRequests(spec: AwsBatchTransformSpec): RequestFieldRow[] {
  return [
    ...requestFields('CreateModel', buildCreateModelRequest(spec.model)),
    ...requestFields('CreateTransformJob', buildTransformJobRequest(transformSpec(spec))),
  ];
}

export async function batchTransformOnAws(
  client: SageMakerClient,
  spec: AwsBatchTransformSpec,
  poll: PollOptions = {},
): Promise<AwsBatchTransformResult> {
  const job = transformSpec(spec);
  const modelRequest = buildCreateModelRequest(spec.model);
  buildTransformJobRequest(job); // refuses bad input before CreateModel creates anything
  await client.send(new CreateModelCommand(modelRequest));
  const resources = {
    endpointName: '',
    endpointConfigName: '',
    modelName: spec.model.modelName,
    created: ['model' as const],
  };
  try {
    const result = await runAwsTransformJob(client, job, poll);
    const key = transformOutputKey(spec.input.prefix, job);
    const text = new TextDecoder().decode((await spec.output.store.get(key)).body);
    const scores = parseTransformOutput(
      text,
      toS3Uri({ store: spec.output.store, prefix: key }, 'transform output object'),
      spec.rows,
    );
    return {
      jobName: result.jobName,
      outputUri: result.outputUri,
      scores,
      modelCleanup: await deleteAwsEndpoint(client, resources),
    };
  } catch (error) {
    await deleteAwsEndpoint(client, resources);
    throw error;
  }
}
