/**
 * A real-time SageMaker endpoint for a trained model: CreateModel, CreateEndpointConfig (with
 * data capture) and CreateEndpoint, then DescribeEndpoint until it is InService; invoking it
 * through SageMaker Runtime; deleting it (aws-endpoint-cleanup.ts). Deployment records what it
 * created, so cleanup never deletes a same-named resource someone else owns; a failed deployment
 * hands that record over in its error, so what was created can still be removed.
 */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { silenceSdkNodeVersionWarning } from '../core/s3/client';
import type { InvokeResult } from '../pipeline/serving/client';
import { toBytes } from '../core/storage/object-store';
import {
  deleteAwsEndpoint,
  errorMessage,
  type AwsEndpointResources,
  type AwsResourceDeletion,
} from './aws-endpoint-cleanup';
import { buildCreateEndpointRequest, buildEndpointConfigRequest, type EndpointConfigSpec } from './endpoint-request';
import { buildCreateModelRequest, type ModelSpec } from './model-request';
import { parseTransformOutput } from './aws-transform';
import { pollUntilTerminal, type PollOptions } from './polling';
import { requestFields, type RequestFieldRow } from './request-summary';
import { CSV_CONTENT_TYPE } from './training-request';
import { toFeatureCsv } from './channels';
import type { FeatureMatrix } from '../ml/data/preprocess';
import { MODEL_ARCHIVE_NAME, versionKey } from '../pipeline/model-store/layout';

/** Statuses a new endpoint does not leave by itself; only InService is a success. */
const SETTLED = ['InService', 'Failed', 'OutOfService', 'Deleting'];
/** Endpoints take minutes, not the hours a training job may. */
const DEFAULT_DEPLOY_TIMEOUT_MS = 60 * 60 * 1000;

export { deleteAwsEndpoint } from './aws-endpoint-cleanup';

export interface AwsEndpointSpec extends ModelSpec, EndpointConfigSpec {
  endpointName: string;
}

export interface DeployedAwsEndpoint extends AwsEndpointResources {
  endpointArn: string;
  status: string;
}

export type AwsInvokeResult = Pick<InvokeResult, 'status' | 'body' | 'contentType'>;

export class AwsEndpointDeployError extends Error {
  constructor(
    message: string,
    readonly resources: AwsEndpointResources,
    cause?: unknown,
  ) {
    const created =
      resources.created.length === 0
        ? 'nothing was created'
        : `created so far: ${resources.created.join(', ')}; remove with deleteAwsEndpoint(client, error.resources)`;
    super(`${message} (${created})`, cause === undefined ? undefined : { cause });
    this.name = 'AwsEndpointDeployError';
  }
}

/**
 * The endpoint for a version the model store holds: its `model.tar.gz` in the models bucket (at
 * model-store/layout.ts's key), the model and endpoint config named after the endpoint, and every
 * request captured under `s3://<monitoring bucket>/<capturePrefix>`.
 */
export function versionEndpointSpec(
  endpointName: string,
  version: string,
  roleArn: string,
  where: { region: string; buckets: { models: string; monitoring: string }; capturePrefix: string },
): AwsEndpointSpec {
  return {
    endpointName,
    endpointConfigName: `${endpointName}-config`,
    modelName: `${endpointName}-model`,
    region: where.region,
    roleArn,
    modelDataUrl: `s3://${where.buckets.models}/${versionKey(version, MODEL_ARCHIVE_NAME)}`,
    capture: { destinationS3Uri: `s3://${where.buckets.monitoring}/${where.capturePrefix}`, samplingPercentage: 100 },
  };
}

/** The three requests `deployAwsEndpoint` sends, field by field (what a local run shows). */
export function awsEndpointRequests(spec: AwsEndpointSpec): RequestFieldRow[] {
  return [
    ...requestFields('CreateModel', buildCreateModelRequest(spec)),
    ...requestFields('CreateEndpointConfig', buildEndpointConfigRequest(spec)),
    ...requestFields('CreateEndpoint', buildCreateEndpointRequest(spec)),
  ];
}

/**
 * The probabilities in a `text/csv` answer of the built-in XGBoost container: one per row, joined
 * by commas (real-time) or newlines (batch); `expectedRows` is the number of rows sent.
 */
export function parseEndpointScores(body: string, endpointName: string, expectedRows: number): Float64Array {
  return parseTransformOutput(body.trim().replace(/\s*,\s*/g, '\n'), `endpoint ${endpointName} answer`, expectedRows);
}

/** Creates the model, endpoint config and endpoint, and waits until the endpoint is InService. */
export async function deployAwsEndpoint(
  client: SageMakerClient,
  spec: AwsEndpointSpec,
  poll: PollOptions = {},
): Promise<DeployedAwsEndpoint> {
  // Every request is built before the first call, so bad input creates nothing.
  const model = new CreateModelCommand(buildCreateModelRequest(spec));
  const config = new CreateEndpointConfigCommand(buildEndpointConfigRequest(spec));
  const endpoint = new CreateEndpointCommand(buildCreateEndpointRequest(spec));
  const resources: AwsEndpointResources = {
    endpointName: spec.endpointName,
    endpointConfigName: spec.endpointConfigName,
    modelName: spec.modelName,
    created: [],
  };
  const snapshot = (): AwsEndpointResources => ({ ...resources, created: [...resources.created] });
  const what = `endpoint ${spec.endpointName}`;
  const attempt = async <T>(step: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw new AwsEndpointDeployError(`${what}: ${step} failed: ${errorMessage(error)}`, snapshot(), error);
    }
  };
  await attempt(`creating model ${spec.modelName}`, () => client.send(model));
  resources.created.push('model');
  await attempt(`creating endpoint config ${spec.endpointConfigName}`, () => client.send(config));
  resources.created.push('endpoint-config');
  const createdEndpoint = await attempt('creating the endpoint', () => client.send(endpoint));
  resources.created.push('endpoint');
  const description = await attempt('waiting for InService', () =>
    pollUntilTerminal(
      what,
      () => client.send(new DescribeEndpointCommand({ EndpointName: spec.endpointName })),
      (d) => d.EndpointStatus,
      SETTLED,
      {
        timeoutMs: DEFAULT_DEPLOY_TIMEOUT_MS,
        ...poll,
      },
    ),
  );
  if (description.EndpointStatus !== 'InService') {
    throw new AwsEndpointDeployError(
      `${what} ended ${description.EndpointStatus}: ${description.FailureReason ?? 'no FailureReason given'}`,
      snapshot(),
    );
  }
  return {
    ...snapshot(),
    endpointArn: description.EndpointArn ?? createdEndpoint.EndpointArn ?? '',
    status: description.EndpointStatus,
  };
}

/**
 * Sends one request to the endpoint. The built-in XGBoost container answers text/csv input with
 * comma-separated probabilities (one per input row); a container error (ModelError) or a
 * refused request (ValidationError) rejects naming the endpoint and the service's message.
 */
export async function invokeAwsEndpoint(
  runtime: SageMakerRuntimeClient,
  endpointName: string,
  body: string | Uint8Array,
  contentType: string,
  accept: string = CSV_CONTENT_TYPE,
): Promise<AwsInvokeResult> {
  try {
    const response = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: endpointName,
        ContentType: contentType,
        Accept: accept,
        Body: toBytes(body),
      }),
    );
    const text = response.Body === undefined ? '' : new TextDecoder().decode(response.Body);
    return { status: 200, body: text, contentType: response.ContentType ?? '' };
  } catch (error) {
    throw new Error(`endpoint ${endpointName}: ${errorMessage(error)}${containerDetails(error)}`, { cause: error });
  }
}

/** What the container itself said, when SageMaker's message does not already quote it. */
function containerDetails(error: unknown): string {
  if (!(error instanceof ModelError)) return '';
  const quoted = error.OriginalMessage === undefined || error.message.includes(error.OriginalMessage);
  const answer = quoted
    ? ''
    : `; the container answered ${error.OriginalStatusCode ?? 'an error'}: ${error.OriginalMessage}`;
  return `${answer}${error.LogStreamArn === undefined ? '' : `; logs: ${error.LogStreamArn}`}`;
}

export interface AwsEndpointClients {
  /** Default: a client for spec.region. */
  sagemakerClient?: SageMakerClient;
  runtimeClient?: SageMakerRuntimeClient;
}

/** A deployed endpoint as a notebook holds it: invoke, then delete. */
export class AwsEndpoint {
  constructor(
    readonly deployment: DeployedAwsEndpoint,
    private readonly sagemaker: SageMakerClient,
    private readonly runtime: SageMakerRuntimeClient,
  ) {}

  static async deploy(
    spec: AwsEndpointSpec,
    clients: AwsEndpointClients = {},
    poll: PollOptions = {},
  ): Promise<AwsEndpoint> {
    silenceSdkNodeVersionWarning();
    const sagemaker = clients.sagemakerClient ?? new SageMakerClient({ region: spec.region });
    const runtime = clients.runtimeClient ?? new SageMakerRuntimeClient({ region: spec.region });
    return new AwsEndpoint(await deployAwsEndpoint(sagemaker, spec, poll), sagemaker, runtime);
  }

  get name(): string {
    return this.deployment.endpointName;
  }

  invoke(body: string | Uint8Array, contentType: string, accept: string = CSV_CONTENT_TYPE): Promise<AwsInvokeResult> {
    return invokeAwsEndpoint(this.runtime, this.name, body, contentType, accept);
  }

  /** The built-in container's probability for each row of preprocessed features, sent as one text/csv request. */
  async scoreFeatures(features: FeatureMatrix): Promise<Float64Array> {
    const answer = await this.invoke(toFeatureCsv(features), CSV_CONTENT_TYPE);
    return parseEndpointScores(answer.body, this.name, features.rows);
  }

  delete(): Promise<AwsResourceDeletion[]> {
    return deleteAwsEndpoint(this.sagemaker, this.deployment);
  }

  /**
   * Runs `body` (checks on the fresh endpoint); when it throws, deletes the endpoint before
   * rethrowing, so a failed check does not leave an endpoint billing by the hour.
   */
  async deleteOnFailure<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      await this.delete();
      throw error;
    }
  }
}
