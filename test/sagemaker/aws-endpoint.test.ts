/**
 * The AWS endpoint path against aws-sdk-client-mock: the exact CreateModel /
 * CreateEndpointConfig / CreateEndpoint requests and their order, polling DescribeEndpoint to
 * InService or to a failure carrying FailureReason, InvokeEndpoint's request and error surfacing,
 * and cleanup that tries every deletion and counts "Could not find" as already deleted.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  ResourceLimitExceeded,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  ValidationError,
  type InvokeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import {
  AwsEndpoint,
  AwsEndpointDeployError,
  awsEndpointRequests,
  deleteAwsEndpoint,
  deployAwsEndpoint,
  invokeAwsEndpoint,
  parseEndpointScores,
  versionEndpointSpec,
  type AwsEndpointSpec,
} from '../../shared/aws/aws-endpoint';
import { requestFields } from '../../shared/aws/request-summary';
import { buildCreateEndpointRequest, buildEndpointConfigRequest } from '../../shared/aws/endpoint-request';
import { buildCreateModelRequest } from '../../shared/aws/model-request';

silenceSdkNodeVersionWarning();

const ROLE = 'arn:aws:iam::123456789012:role/StrokeSageMakerRole';
const MODEL_DATA = 's3://model-artifacts/training/stroke-job-1/output/model.tar.gz';
const ENDPOINT_ARN = 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/stroke-endpoint';
const SPEC: AwsEndpointSpec = {
  region: 'eu-west-1',
  roleArn: ROLE,
  modelDataUrl: MODEL_DATA,
  modelName: 'stroke-model-1',
  endpointConfigName: 'stroke-config-1',
  endpointName: 'stroke-endpoint',
  capture: { destinationS3Uri: 's3://monitoring-data/capture/', samplingPercentage: 20 },
};
const NO_WAIT = { intervalMs: 0, sleep: async () => {} };
/** SPEC's names, all three resources created. */
const ALL_CREATED = {
  endpointName: SPEC.endpointName,
  endpointConfigName: SPEC.endpointConfigName,
  modelName: SPEC.modelName,
  created: ['model', 'endpoint-config', 'endpoint'] as const,
};

/** The AwsEndpointDeployError deploying SPEC rejects with (a deploy that resolves fails the test). */
async function deployError(poll: Parameters<typeof deployAwsEndpoint>[2] = NO_WAIT): Promise<AwsEndpointDeployError> {
  const error = await deployAwsEndpoint(sagemakerClient(), SPEC, poll).then(
    () => assert.fail('deploy should reject'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AwsEndpointDeployError, String(error));
  return error;
}

// The account of eu-west-1 in the sagemaker-python-sdk's image_uri_config/xgboost.json, 1.7-1.
const EXPECTED_MODEL = {
  ModelName: 'stroke-model-1',
  ExecutionRoleArn: ROLE,
  PrimaryContainer: {
    Image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    ModelDataUrl: MODEL_DATA,
  },
};
const EXPECTED_CONFIG = {
  EndpointConfigName: 'stroke-config-1',
  ProductionVariants: [
    {
      VariantName: 'AllTraffic',
      ModelName: 'stroke-model-1',
      InstanceType: 'ml.m5.large',
      InitialInstanceCount: 1,
      InitialVariantWeight: 1,
    },
  ],
  DataCaptureConfig: {
    EnableCapture: true,
    InitialSamplingPercentage: 20,
    DestinationS3Uri: 's3://monitoring-data/capture',
    CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
  },
};

const sagemaker = mockClient(SageMakerClient);
const runtime = mockClient(SageMakerRuntimeClient);
beforeEach(() => {
  sagemaker.reset();
  runtime.reset();
});
afterEach(() => {
  sagemaker.reset();
  runtime.reset();
});

const sagemakerClient = () => new SageMakerClient({ region: 'eu-west-1' });
const runtimeClient = () => new SageMakerRuntimeClient({ region: 'eu-west-1' });
const sentCommands = () => sagemaker.calls().map((call) => call.args[0].constructor.name);

function serviceError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, $fault: 'client', $metadata: {}, message });
}

/** What the SDK hands back for a response body (a Uint8Array with string helpers). */
function responseBody(text: string): InvokeEndpointCommandOutput['Body'] {
  return new TextEncoder().encode(text) as unknown as InvokeEndpointCommandOutput['Body'];
}

function mockSuccessfulCreation(): void {
  sagemaker.on(CreateModelCommand).resolves({ ModelArn: 'arn:model' });
  sagemaker.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: 'arn:config' });
  sagemaker.on(CreateEndpointCommand).resolves({ EndpointArn: ENDPOINT_ARN });
}

describe('model and endpoint requests', () => {
  test('CreateModel serves the training job model.tar.gz with the region XGBoost 1.7-1 image', () => {
    assert.deepEqual(buildCreateModelRequest(SPEC), EXPECTED_MODEL);
    const china = buildCreateModelRequest({
      ...SPEC,
      region: 'cn-north-1',
      roleArn: 'arn:aws-cn:iam::123456789012:role/R',
    });
    assert.equal(
      china.PrimaryContainer?.Image,
      '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1',
    );
  });

  test('CreateEndpointConfig: one AllTraffic variant, input and output captured as CSV/JSON text', () => {
    assert.deepEqual(buildEndpointConfigRequest(SPEC), EXPECTED_CONFIG);
    const custom = buildEndpointConfigRequest({
      ...SPEC,
      instanceType: 'ml.c5.xlarge',
      initialInstanceCount: 2,
      capture: {
        destinationS3Uri: 's3://monitoring-data',
        samplingPercentage: 0,
        captureContentTypes: { csv: ['text/csv', 'text/plain'] },
      },
    });
    assert.deepEqual(custom.ProductionVariants?.[0], {
      VariantName: 'AllTraffic',
      ModelName: 'stroke-model-1',
      InstanceType: 'ml.c5.xlarge',
      InitialInstanceCount: 2,
      InitialVariantWeight: 1,
    });
    assert.deepEqual(custom.DataCaptureConfig?.CaptureContentTypeHeader, {
      CsvContentTypes: ['text/csv', 'text/plain'],
    });
    assert.equal(custom.DataCaptureConfig?.DestinationS3Uri, 's3://monitoring-data');
    assert.equal(custom.DataCaptureConfig?.InitialSamplingPercentage, 0);
    assert.equal('DataCaptureConfig' in buildEndpointConfigRequest({ ...SPEC, capture: undefined }), false);
    assert.deepEqual(buildCreateEndpointRequest(SPEC), {
      EndpointName: 'stroke-endpoint',
      EndpointConfigName: 'stroke-config-1',
    });
  });

  test('bad names, URIs, roles, counts and sampling percentages are named', () => {
    const long = 'm'.repeat(64);
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, modelName: long }),
      /model name "m{64}" is invalid: expected 1-63 characters/,
    );
    assert.equal(buildCreateModelRequest({ ...SPEC, modelName: 'm'.repeat(63) }).ModelName?.length, 63);
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, modelName: 'stroke_model' }),
      /model name "stroke_model" is invalid/,
    );
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, modelDataUrl: '/tmp/model.tar.gz' }),
      /modelDataUrl: expected an S3 URI like s3:\/\/bucket\/prefix, got "\/tmp\/model.tar.gz"/,
    );
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, modelDataUrl: 's3://model-artifacts/training/stroke-job-1/output' }),
      /modelDataUrl: expected the S3 URI of a model .tar.gz/,
    );
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, roleArn: 'StrokeRole' }),
      /roleArn: expected an IAM role ARN .* got "StrokeRole"/,
    );
    assert.throws(
      () => buildCreateModelRequest({ ...SPEC, region: 'mars-north-1' }),
      /no SageMaker XGBoost 1.7-1 image is known for region "mars-north-1"/,
    );
    const capture = SPEC.capture!;
    for (const bad of [101, -1, 12.5, NaN]) {
      assert.throws(
        () => buildEndpointConfigRequest({ ...SPEC, capture: { ...capture, samplingPercentage: bad } }),
        /capture.samplingPercentage: expected an integer from 0 to 100, got /,
        String(bad),
      );
    }
    const text = { ...capture, samplingPercentage: '50' } as unknown as typeof capture;
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, capture: text }),
      /samplingPercentage: expected an integer from 0 to 100, got "50"/,
    );
    assert.throws(
      () =>
        buildEndpointConfigRequest({ ...SPEC, capture: { ...capture, destinationS3Uri: 'monitoring-data/capture' } }),
      /capture.destinationS3Uri: expected an S3 URI/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, capture: { ...capture, captureContentTypes: { csv: [] } } }),
      /captureContentTypes.csv: expected 1-10 content types, got \[\]/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, capture: { ...capture, captureContentTypes: { json: ['json'] } } }),
      /captureContentTypes.json\[0\]: expected a content type like text\/csv, got "json"/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, capture: { ...capture, captureContentTypes: {} } }),
      /give csv or json content types/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, initialInstanceCount: 0 }),
      /initialInstanceCount: expected a positive integer, got 0/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, instanceType: 'm5.large' as never }),
      /instanceType: expected a SageMaker instance type like ml.m5.large, got "m5.large"/,
    );
    assert.throws(
      () => buildEndpointConfigRequest({ ...SPEC, endpointConfigName: '-config' }),
      /endpoint config name "-config" is invalid/,
    );
    assert.throws(
      () => buildCreateEndpointRequest({ ...SPEC, endpointName: 'stroke.endpoint' }),
      /endpoint name "stroke.endpoint" is invalid/,
    );
  });
});

describe('deployAwsEndpoint', () => {
  test('creates model, config and endpoint in order, polls until InService and reports what it created', async () => {
    mockSuccessfulCreation();
    sagemaker
      .on(DescribeEndpointCommand)
      .resolvesOnce({ EndpointStatus: 'Creating' })
      .resolvesOnce({ EndpointStatus: 'Creating' })
      .resolves({ EndpointStatus: 'InService', EndpointArn: ENDPOINT_ARN });
    const seen: string[] = [];
    const deployed = await deployAwsEndpoint(sagemakerClient(), SPEC, { ...NO_WAIT, onStatus: (s) => seen.push(s) });
    assert.deepEqual(sentCommands(), [
      'CreateModelCommand',
      'CreateEndpointConfigCommand',
      'CreateEndpointCommand',
      'DescribeEndpointCommand',
      'DescribeEndpointCommand',
      'DescribeEndpointCommand',
    ]);
    assert.deepEqual(sagemaker.commandCalls(CreateModelCommand)[0].args[0].input, EXPECTED_MODEL);
    assert.deepEqual(sagemaker.commandCalls(CreateEndpointConfigCommand)[0].args[0].input, EXPECTED_CONFIG);
    assert.deepEqual(sagemaker.commandCalls(CreateEndpointCommand)[0].args[0].input, {
      EndpointName: 'stroke-endpoint',
      EndpointConfigName: 'stroke-config-1',
    });
    assert.deepEqual(sagemaker.commandCalls(DescribeEndpointCommand)[0].args[0].input, {
      EndpointName: 'stroke-endpoint',
    });
    assert.deepEqual(seen, ['Creating', 'Creating', 'InService']);
    assert.deepEqual(deployed, {
      ...ALL_CREATED,
      endpointArn: ENDPOINT_ARN,
      status: 'InService',
    });
  });

  test('a Failed endpoint rejects with its FailureReason and the resources to clean up', async () => {
    mockSuccessfulCreation();
    sagemaker.on(DescribeEndpointCommand).resolvesOnce({ EndpointStatus: 'Creating' }).resolves({
      EndpointStatus: 'Failed',
      FailureReason: 'The primary container for production variant AllTraffic did not pass the ping health check.',
    });
    const error = await deployError();
    assert.match(
      error.message,
      /^endpoint stroke-endpoint ended Failed: The primary container .* did not pass the ping health check\. \(created so far: model, endpoint-config, endpoint; remove with deleteAwsEndpoint/,
    );
    assert.deepEqual(error.resources, ALL_CREATED);
  });

  test('a failed create step stops the deployment, names the step and leaves only what was created to delete', async () => {
    sagemaker.on(CreateModelCommand).resolves({});
    sagemaker.on(CreateEndpointConfigCommand).rejects(
      new ResourceLimitExceeded({
        $metadata: {},
        message: 'account-level service limit ml.m5.large for endpoint usage is 0 Instances',
      }),
    );
    sagemaker.on(DeleteModelCommand).resolves({});
    const error = await deployError();
    assert.match(
      error.message,
      /endpoint stroke-endpoint: creating endpoint config stroke-config-1 failed: ResourceLimitExceeded: account-level service limit/,
    );
    assert.ok(error.cause instanceof ResourceLimitExceeded);
    assert.deepEqual(error.resources.created, ['model']);
    assert.deepEqual(sentCommands(), ['CreateModelCommand', 'CreateEndpointConfigCommand']);
    const outcomes = await deleteAwsEndpoint(sagemakerClient(), error.resources);
    assert.deepEqual(outcomes, [
      { kind: 'endpoint', name: 'stroke-endpoint', outcome: 'not-created' },
      { kind: 'endpoint-config', name: 'stroke-config-1', outcome: 'not-created' },
      { kind: 'model', name: 'stroke-model-1', outcome: 'deleted' },
    ]);
    assert.deepEqual(sentCommands().slice(2), ['DeleteModelCommand']);
  });

  test('an existing model of the same name is reported and never deleted; bad input sends nothing', async () => {
    sagemaker
      .on(CreateModelCommand)
      .rejects(
        serviceError(
          'ValidationException',
          'Cannot create already existing model "arn:aws:sagemaker:eu-west-1:123456789012:model/stroke-model-1".',
        ),
      );
    const error = await deployError();
    assert.match(
      error.message,
      /creating model stroke-model-1 failed: ValidationException: Cannot create already existing model .* \(nothing was created\)/,
    );
    const outcomes = await deleteAwsEndpoint(sagemakerClient(), error.resources);
    assert.ok(outcomes.every((o) => o.outcome === 'not-created'));
    assert.deepEqual(sentCommands(), ['CreateModelCommand']);
    sagemaker.reset();
    await assert.rejects(
      deployAwsEndpoint(sagemakerClient(), { ...SPEC, endpointName: 'x'.repeat(64) }, NO_WAIT),
      /endpoint name "x{64}" is invalid/,
    );
    await assert.rejects(
      deployAwsEndpoint(
        sagemakerClient(),
        { ...SPEC, capture: { destinationS3Uri: 's3://monitoring-data', samplingPercentage: 150 } },
        NO_WAIT,
      ),
      /samplingPercentage/,
    );
    assert.equal(sagemaker.calls().length, 0);
  });

  test('an endpoint that stays Creating past the timeout stops the wait, keeping the cleanup record', async () => {
    mockSuccessfulCreation();
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'Creating' });
    const poll = { intervalMs: 0, timeoutMs: 5, sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 3)) };
    const error = await deployError(poll);
    assert.match(
      error.message,
      /waiting for InService failed: Error: endpoint stroke-endpoint: still Creating after 0 s/,
    );
    assert.deepEqual(error.resources.created, ['model', 'endpoint-config', 'endpoint']);
  });
});

describe('invokeAwsEndpoint', () => {
  test('sends the body bytes with ContentType and Accept, and returns the decoded answer', async () => {
    runtime.on(InvokeEndpointCommand).resolves({
      Body: responseBody('0.0132,0.4127'),
      ContentType: 'text/csv; charset=utf-8',
      InvokedProductionVariant: 'AllTraffic',
    });
    const rows = '0.25,1,0,67\n-1.2,0,1,45\n';
    const answer = await invokeAwsEndpoint(runtimeClient(), 'stroke-endpoint', rows, 'text/csv');
    assert.deepEqual(answer, { status: 200, body: '0.0132,0.4127', contentType: 'text/csv; charset=utf-8' });
    const input = runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input;
    assert.equal(input.EndpointName, 'stroke-endpoint');
    assert.equal(input.ContentType, 'text/csv');
    assert.equal(input.Accept, 'text/csv');
    assert.deepEqual(Buffer.from(input.Body as Uint8Array), Buffer.from(rows, 'utf8'));
    const bytes = new Uint8Array([0x31, 0x2c, 0x32]);
    await invokeAwsEndpoint(runtimeClient(), 'stroke-endpoint', bytes, 'text/csv', 'application/json');
    const second = runtime.commandCalls(InvokeEndpointCommand)[1].args[0].input;
    assert.equal(second.Body, bytes);
    assert.equal(second.Accept, 'application/json');
  });

  test('a container error and a refused request name the endpoint and the service message', async () => {
    const logs = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/stroke-endpoint';
    runtime
      .on(InvokeEndpointCommand)
      .rejectsOnce(
        new ModelError({
          $metadata: {},
          message:
            'Received client error (415) from primary with message "Content-type application/json not supported."',
          OriginalStatusCode: 415,
          OriginalMessage: 'Content-type application/json not supported.',
          LogStreamArn: logs,
        }),
      )
      .rejectsOnce(
        new ModelError({
          $metadata: {},
          message: 'Received server error (500) from primary',
          OriginalStatusCode: 500,
          OriginalMessage: 'Unable to evaluate payload provided',
        }),
      )
      .rejectsOnce(
        new ValidationError({ $metadata: {}, message: 'Endpoint gone-endpoint of account 123456789012 not found.' }),
      );
    await assert.rejects(
      invokeAwsEndpoint(runtimeClient(), 'stroke-endpoint', '{}', 'application/json'),
      (error: Error) => {
        assert.equal(
          error.message,
          'endpoint stroke-endpoint: ModelError: Received client error (415) from primary with message "Content-type application/json not supported."' +
            `; logs: ${logs}`,
        );
        assert.ok(error.cause instanceof ModelError);
        return true;
      },
    );
    await assert.rejects(
      invokeAwsEndpoint(runtimeClient(), 'stroke-endpoint', '1,2', 'text/csv'),
      /^Error: endpoint stroke-endpoint: ModelError: Received server error \(500\) from primary; the container answered 500: Unable to evaluate payload provided$/,
    );
    await assert.rejects(
      invokeAwsEndpoint(runtimeClient(), 'gone-endpoint', '1,2', 'text/csv'),
      /^Error: endpoint gone-endpoint: ValidationError: Endpoint gone-endpoint of account 123456789012 not found\.$/,
    );
  });
});

describe('deleteAwsEndpoint', () => {
  test('deletes endpoint, config, model in that order with the exact names', async () => {
    sagemaker.on(DeleteEndpointCommand).resolves({});
    sagemaker.on(DeleteEndpointConfigCommand).resolves({});
    sagemaker.on(DeleteModelCommand).resolves({});
    const outcomes = await deleteAwsEndpoint(sagemakerClient(), { ...ALL_CREATED, created: [...ALL_CREATED.created] });
    assert.deepEqual(sentCommands(), ['DeleteEndpointCommand', 'DeleteEndpointConfigCommand', 'DeleteModelCommand']);
    assert.deepEqual(sagemaker.commandCalls(DeleteEndpointCommand)[0].args[0].input, {
      EndpointName: 'stroke-endpoint',
    });
    assert.deepEqual(sagemaker.commandCalls(DeleteEndpointConfigCommand)[0].args[0].input, {
      EndpointConfigName: 'stroke-config-1',
    });
    assert.deepEqual(sagemaker.commandCalls(DeleteModelCommand)[0].args[0].input, { ModelName: 'stroke-model-1' });
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['deleted', 'deleted', 'deleted'],
    );
  });

  test('every deletion is attempted after a failure; "Could not find" counts as already deleted', async () => {
    sagemaker.on(DeleteEndpointCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    sagemaker
      .on(DeleteEndpointConfigCommand)
      .rejects(
        serviceError(
          'ValidationException',
          'Could not find endpoint configuration "arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/stroke-config-1".',
        ),
      );
    sagemaker.on(DeleteModelCommand).resolves({});
    const outcomes = await deleteAwsEndpoint(sagemakerClient(), { ...ALL_CREATED, created: [...ALL_CREATED.created] });
    assert.deepEqual(sentCommands(), ['DeleteEndpointCommand', 'DeleteEndpointConfigCommand', 'DeleteModelCommand']);
    assert.deepEqual(outcomes, [
      { kind: 'endpoint', name: 'stroke-endpoint', outcome: 'failed', error: 'ThrottlingException: Rate exceeded' },
      { kind: 'endpoint-config', name: 'stroke-config-1', outcome: 'already-deleted' },
      { kind: 'model', name: 'stroke-model-1', outcome: 'deleted' },
    ]);
    // A ValidationException that is not "not found" is a real failure.
    sagemaker.reset();
    sagemaker.on(DeleteEndpointCommand).resolves({});
    sagemaker.on(DeleteEndpointConfigCommand).resolves({});
    sagemaker.on(DeleteModelCommand).rejects(serviceError('ValidationException', 'Cannot delete model while in use'));
    const [, , model] = await deleteAwsEndpoint(sagemakerClient(), {
      ...ALL_CREATED,
      created: [...ALL_CREATED.created],
    });
    assert.deepEqual(model, {
      kind: 'model',
      name: 'stroke-model-1',
      outcome: 'failed',
      error: 'ValidationException: Cannot delete model while in use',
    });
  });
});

describe('AwsEndpoint', () => {
  test('deploy, invoke and delete through one object', async () => {
    mockSuccessfulCreation();
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointArn: ENDPOINT_ARN });
    sagemaker.on(DeleteEndpointCommand).resolves({});
    sagemaker.on(DeleteEndpointConfigCommand).resolves({});
    sagemaker.on(DeleteModelCommand).resolves({});
    runtime.on(InvokeEndpointCommand).resolves({ Body: responseBody('0.5'), ContentType: 'text/csv' });
    const endpoint = await AwsEndpoint.deploy(
      SPEC,
      { sagemakerClient: sagemakerClient(), runtimeClient: runtimeClient() },
      NO_WAIT,
    );
    assert.equal(endpoint.name, 'stroke-endpoint');
    assert.equal(endpoint.deployment.endpointArn, ENDPOINT_ARN);
    assert.deepEqual(await endpoint.invoke('1,2,3', 'text/csv'), { status: 200, body: '0.5', contentType: 'text/csv' });
    assert.equal(runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input.EndpointName, 'stroke-endpoint');
    assert.deepEqual(
      (await endpoint.delete()).map((o) => `${o.kind}:${o.outcome}`),
      ['endpoint:deleted', 'endpoint-config:deleted', 'model:deleted'],
    );
  });
});

describe('AwsEndpoint: scoring features, and cleaning up after a failed check', () => {
  const deployed = async () => {
    mockSuccessfulCreation();
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointArn: ENDPOINT_ARN });
    sagemaker.on(DeleteEndpointCommand).resolves({});
    sagemaker.on(DeleteEndpointConfigCommand).resolves({});
    sagemaker.on(DeleteModelCommand).resolves({});
    return AwsEndpoint.deploy(SPEC, { sagemakerClient: sagemakerClient(), runtimeClient: runtimeClient() }, NO_WAIT);
  };

  test('scoreFeatures sends the rows as one text/csv request and reads one probability per row', async () => {
    const endpoint = await deployed();
    runtime.on(InvokeEndpointCommand).resolves({ Body: responseBody('0.25,0.5'), ContentType: 'text/csv' });
    const scores = await endpoint.scoreFeatures({ matrix: Float64Array.from([1, 2, 3, 4.5]), rows: 2, cols: 2 });
    assert.deepEqual(Array.from(scores), [0.25, 0.5]);
    const input = runtime.commandCalls(InvokeEndpointCommand)[0].args[0].input;
    assert.equal(input.ContentType, 'text/csv');
    assert.equal(new TextDecoder().decode(input.Body as Uint8Array), '1,2\n3,4.5\n');
    runtime.on(InvokeEndpointCommand).resolves({ Body: responseBody('0.25'), ContentType: 'text/csv' });
    await assert.rejects(
      endpoint.scoreFeatures({ matrix: Float64Array.from([1, 2, 3, 4]), rows: 2, cols: 2 }),
      /1 predictions for 2 input rows/,
    );
  });

  test('deleteOnFailure returns what the checks return, and deletes everything before rethrowing a failure', async () => {
    const endpoint = await deployed();
    assert.equal(await endpoint.deleteOnFailure(async () => 7), 7);
    assert.deepEqual(sagemaker.commandCalls(DeleteEndpointCommand), [], 'a success deletes nothing');
    await assert.rejects(
      endpoint.deleteOnFailure(async () => {
        throw new Error('answers differ');
      }),
      /answers differ/,
    );
    assert.deepEqual(sentCommands().slice(-3), [
      'DeleteEndpointCommand',
      'DeleteEndpointConfigCommand',
      'DeleteModelCommand',
    ]);
  });
});

describe('what a local run shows and how answers are read', () => {
  test('versionEndpointSpec serves a stored version, names its parts after the endpoint and captures everything', () => {
    const spec = versionEndpointSpec('stroke-endpoint-1', 'v20261201000000', ROLE, {
      region: 'eu-west-1',
      buckets: { models: 'model-artifacts', monitoring: 'monitoring-data' },
      capturePrefix: 'capture',
    });
    assert.deepEqual(spec, {
      endpointName: 'stroke-endpoint-1',
      endpointConfigName: 'stroke-endpoint-1-config',
      modelName: 'stroke-endpoint-1-model',
      region: 'eu-west-1',
      roleArn: ROLE,
      modelDataUrl: 's3://model-artifacts/stroke/v20261201000000/model.tar.gz',
      capture: { destinationS3Uri: 's3://monitoring-data/capture', samplingPercentage: 100 },
    });
    assert.equal(
      buildCreateModelRequest(spec).PrimaryContainer?.ModelDataUrl,
      spec.modelDataUrl,
      'a URI CreateModel takes',
    );
  });

  test('awsEndpointRequests lists the three requests deployAwsEndpoint sends, field by field', async () => {
    const rows = awsEndpointRequests(SPEC);
    assert.deepEqual(
      [...new Set(rows.map((r) => r.request))],
      ['CreateModel', 'CreateEndpointConfig', 'CreateEndpoint'],
    );
    const field = (request: string, path: string) => rows.find((r) => r.request === request && r.field === path)?.value;
    assert.equal(field('CreateModel', 'PrimaryContainer.ModelDataUrl'), MODEL_DATA);
    assert.equal(field('CreateEndpointConfig', 'DataCaptureConfig.InitialSamplingPercentage'), '20');
    assert.equal(field('CreateEndpointConfig', 'DataCaptureConfig.CaptureOptions[1].CaptureMode'), 'Output');
    assert.equal(field('CreateEndpoint', 'EndpointConfigName'), 'stroke-config-1');
    mockSuccessfulCreation();
    sagemaker.on(DescribeEndpointCommand).resolves({ EndpointStatus: 'InService', EndpointArn: ENDPOINT_ARN });
    await deployAwsEndpoint(sagemakerClient(), SPEC, NO_WAIT);
    const sent = sagemaker.commandCalls(CreateEndpointConfigCommand)[0].args[0].input;
    assert.deepEqual(
      requestFields('CreateEndpointConfig', sent),
      rows.filter((r) => r.request === 'CreateEndpointConfig'),
      'shown = sent',
    );
  });

  test('parseEndpointScores reads comma- or newline-separated answers and checks the count', () => {
    assert.deepEqual(Array.from(parseEndpointScores('0.25,0.5, 0.125', 'e', 3)), [0.25, 0.5, 0.125]);
    assert.deepEqual(Array.from(parseEndpointScores('0.25\n0.5\n', 'e', 2)), [0.25, 0.5]);
    assert.throws(
      () => parseEndpointScores('0.25,0.5', 'stroke-endpoint', 3),
      /endpoint stroke-endpoint answer: 2 predictions for 3 input rows/,
    );
    assert.throws(() => parseEndpointScores('0.25,oops', 'e', 2), /line 2: expected a probability, got "oops"/);
  });
});
