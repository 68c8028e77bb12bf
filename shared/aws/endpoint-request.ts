/**
 * The CreateEndpointConfig and CreateEndpoint requests of a real-time endpoint: one production
 * variant ('AllTraffic', the name SageMaker gives a single variant and the one our local capture
 * uses) serving a model created by CreateModel, optionally capturing a sample of requests and
 * responses to S3 in the format shared/pipeline/serving/capture.ts writes locally.
 */
import type {
  CreateEndpointCommandInput,
  CreateEndpointConfigCommandInput,
  DataCaptureConfig,
  ProductionVariantInstanceType,
} from '@aws-sdk/client-sagemaker';
import { checkJobName, MAX_JOB_NAME_LENGTH } from './job-name';
import { formatS3Uri, parseS3Uri } from './locations';
import { CSV_CONTENT_TYPE } from './training-request';

const DEFAULT_ENDPOINT_INSTANCE_TYPE: ProductionVariantInstanceType = 'ml.m5.large';
const VARIANT_NAME = 'AllTraffic';
const JSON_CONTENT_TYPE = 'application/json';
/** SageMaker accepts 1 to 10 content types per list. */
const MAX_CAPTURE_CONTENT_TYPES = 10;

/** Content types captured as text (CSV or JSON); anything else SageMaker captures base64-encoded. */
export interface CaptureContentTypes {
  csv?: readonly string[];
  json?: readonly string[];
}

export interface DataCaptureSpec {
  /** S3 URI under which SageMaker writes `<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl`. */
  destinationS3Uri: string;
  /** Share of requests captured: an integer 0..100. */
  samplingPercentage: number;
  /** Replaces the default { csv: ['text/csv'], json: ['application/json'] }. */
  captureContentTypes?: CaptureContentTypes;
}

export interface EndpointConfigSpec {
  endpointConfigName: string;
  modelName: string;
  instanceType?: ProductionVariantInstanceType;
  initialInstanceCount?: number;
  /** Omit for an endpoint without data capture. */
  capture?: DataCaptureSpec;
}

export interface EndpointSpec {
  endpointName: string;
  endpointConfigName: string;
}

function checkContentTypes(list: readonly string[] | undefined, what: string): string[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_CAPTURE_CONTENT_TYPES) {
    throw new Error(
      `capture.captureContentTypes.${what}: expected 1-${MAX_CAPTURE_CONTENT_TYPES} content types, got ${JSON.stringify(list)}`,
    );
  }
  list.forEach((type, index) => {
    if (typeof type !== 'string' || type.length > 256 || !/^[a-zA-Z0-9][\w.+-]*\/[a-zA-Z0-9][\w.+-]*$/.test(type)) {
      throw new Error(
        `capture.captureContentTypes.${what}[${index}]: expected a content type like text/csv, got ${JSON.stringify(type)}`,
      );
    }
  });
  return [...list];
}

function buildDataCaptureConfig(capture: DataCaptureSpec): DataCaptureConfig {
  const percentage = capture.samplingPercentage;
  if (typeof percentage !== 'number' || !Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    throw new Error(`capture.samplingPercentage: expected an integer from 0 to 100, got ${JSON.stringify(percentage)}`);
  }
  const { bucket, key } = parseS3Uri(capture.destinationS3Uri, 'capture.destinationS3Uri');
  const types = capture.captureContentTypes ?? { csv: [CSV_CONTENT_TYPE], json: [JSON_CONTENT_TYPE] };
  const csv = checkContentTypes(types.csv, 'csv');
  const json = checkContentTypes(types.json, 'json');
  if (csv === undefined && json === undefined) {
    throw new Error(
      'capture.captureContentTypes: give csv or json content types (or omit it for text/csv and application/json)',
    );
  }
  return {
    EnableCapture: true,
    InitialSamplingPercentage: percentage,
    DestinationS3Uri: formatS3Uri(bucket, key),
    CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    CaptureContentTypeHeader: {
      ...(csv === undefined ? {} : { CsvContentTypes: csv }),
      ...(json === undefined ? {} : { JsonContentTypes: json }),
    },
  };
}

export function buildEndpointConfigRequest(spec: EndpointConfigSpec): CreateEndpointConfigCommandInput {
  const instanceType = spec.instanceType ?? DEFAULT_ENDPOINT_INSTANCE_TYPE;
  if (typeof instanceType !== 'string' || !/^ml\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceType)) {
    throw new Error(
      `instanceType: expected a SageMaker instance type like ml.m5.large, got ${JSON.stringify(instanceType)}`,
    );
  }
  const count = spec.initialInstanceCount ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`initialInstanceCount: expected a positive integer, got ${JSON.stringify(count)}`);
  const request: CreateEndpointConfigCommandInput = {
    EndpointConfigName: checkJobName(spec.endpointConfigName, MAX_JOB_NAME_LENGTH, 'endpoint config name'),
    ProductionVariants: [
      {
        VariantName: VARIANT_NAME,
        ModelName: checkJobName(spec.modelName, MAX_JOB_NAME_LENGTH, 'model name'),
        InstanceType: instanceType,
        InitialInstanceCount: count,
        InitialVariantWeight: 1,
      },
    ],
  };
  if (spec.capture !== undefined) request.DataCaptureConfig = buildDataCaptureConfig(spec.capture);
  return request;
}

export function buildCreateEndpointRequest(spec: EndpointSpec): CreateEndpointCommandInput {
  return {
    EndpointName: checkJobName(spec.endpointName, MAX_JOB_NAME_LENGTH, 'endpoint name'),
    EndpointConfigName: checkJobName(spec.endpointConfigName, MAX_JOB_NAME_LENGTH, 'endpoint config name'),
  };
}
