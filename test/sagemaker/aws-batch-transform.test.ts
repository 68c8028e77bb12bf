/**
 * batchTransformOnAws against aws-sdk-client-mock and an in-memory "bucket": CreateModel from the
 * archive, the transform job over the label-first test channel, the `.out` object read back, and
 * the model deleted on success and on failure.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateModelCommand,
  CreateTransformJobCommand,
  DeleteModelCommand,
  DescribeTransformJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import {
  batchTransformOnAws,
  batchTransformRequests,
  channelTransformSpec,
  type AwsBatchTransformSpec,
} from '../../shared/aws/aws-batch-transform';
import { writeChannels } from '../../shared/aws/channels';
import { DROP_LABEL_COLUMN } from '../../shared/aws/transform-request';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';

silenceSdkNodeVersionWarning();
const NO_WAIT = { intervalMs: 0, sleep: async () => {} };
const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterEach(() => sagemaker.reset());

function spec(store: MemoryObjectStore): AwsBatchTransformSpec {
  return {
    model: {
      modelName: 'stroke-job-7-model',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/StrokeSageMakerRole',
      modelDataUrl: 's3://model-artifacts/training/job-7/output/model.tar.gz',
    },
    jobName: 'stroke-transform-7',
    input: { store, prefix: 'stroke/channels/test/data.csv' },
    rows: 3,
    output: { store, prefix: 'stroke/batch-transform/stroke-transform-7' },
    inputFilter: DROP_LABEL_COLUMN,
  };
}

test('the transform of a written channel scores its CSV without the label, into <prefix>/<job>', async () => {
  const store = new MemoryObjectStore('s3://gold-data');
  const split = { features: { matrix: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 }, labels: [0, 1, 0] };
  const written = await writeChannels(store, 'stroke/channels', { train: split, validation: split, test: split });
  const { modelName, ...model } = spec(store).model;
  const built = channelTransformSpec({
    jobName: 'stroke-transform-7',
    model: model,
    store: store,
    channel: written.test,
    outputPrefix: 'stroke/batch-transform/',
  });
  assert.notEqual(modelName, 'stroke-transform-7-model');
  assert.deepEqual(built, { ...spec(store), model: { ...model, modelName: 'stroke-transform-7-model' } });
  const fields = batchTransformRequests(built);
  const field = (name: string) => fields.find((f) => f.request === 'CreateTransformJob' && f.field === name)?.value;
  assert.equal(field('TransformInput.DataSource.S3DataSource.S3Uri'), 's3://gold-data/stroke/channels/test/data.csv');
  assert.equal(field('DataProcessing.InputFilter'), '$[1:]');
});

test('creates the model, runs the job over the channel without its label, reads the scores and deletes the model', async () => {
  const store = new MemoryObjectStore('s3://gold-data');
  await store.put('stroke/batch-transform/stroke-transform-7/data.csv.out', '0.12\n0.5\n0.031\n');
  sagemaker.on(DescribeTransformJobCommand).resolves({ TransformJobStatus: 'Completed' });
  const result = await batchTransformOnAws(new SageMakerClient({ region: 'eu-west-1' }), spec(store), NO_WAIT);
  assert.deepEqual(
    sagemaker.calls().map((c) => c.args[0].constructor.name),
    ['CreateModelCommand', 'CreateTransformJobCommand', 'DescribeTransformJobCommand', 'DeleteModelCommand'],
  );
  assert.equal(
    sagemaker.commandCalls(CreateModelCommand)[0].args[0].input.PrimaryContainer?.ModelDataUrl,
    's3://model-artifacts/training/job-7/output/model.tar.gz',
  );
  const transform = sagemaker.commandCalls(CreateTransformJobCommand)[0].args[0].input;
  assert.equal(transform.ModelName, 'stroke-job-7-model');
  assert.equal(
    transform.TransformInput?.DataSource?.S3DataSource?.S3Uri,
    's3://gold-data/stroke/channels/test/data.csv',
  );
  assert.deepEqual(transform.DataProcessing, { InputFilter: '$[1:]', JoinSource: 'None' });
  assert.deepEqual(Array.from(result.scores), [0.12, 0.5, 0.031]);
  assert.equal(result.outputUri, 's3://gold-data/stroke/batch-transform/stroke-transform-7');
  assert.deepEqual(result.modelCleanup, [
    { kind: 'endpoint', name: '', outcome: 'not-created' },
    { kind: 'endpoint-config', name: '', outcome: 'not-created' },
    { kind: 'model', name: 'stroke-job-7-model', outcome: 'deleted' },
  ]);
});

test('a failed job or a short output still deletes the model, and says why', async () => {
  const store = new MemoryObjectStore('s3://gold-data');
  sagemaker
    .on(DescribeTransformJobCommand)
    .resolves({ TransformJobStatus: 'Failed', FailureReason: 'ClientError: bad CSV' });
  await assert.rejects(
    batchTransformOnAws(new SageMakerClient({ region: 'eu-west-1' }), spec(store), NO_WAIT),
    /stroke-transform-7 ended Failed: ClientError: bad CSV/,
  );
  assert.equal(sagemaker.commandCalls(DeleteModelCommand).length, 1);
  sagemaker.reset();
  sagemaker.on(DescribeTransformJobCommand).resolves({ TransformJobStatus: 'Completed' });
  await store.put('stroke/batch-transform/stroke-transform-7/data.csv.out', '0.12\n0.5\n');
  await assert.rejects(
    batchTransformOnAws(new SageMakerClient({ region: 'eu-west-1' }), spec(store), NO_WAIT),
    /data\.csv\.out: 2 predictions for 3 input rows/,
  );
  assert.equal(sagemaker.commandCalls(DeleteModelCommand).length, 1);
});

test('bad input sends nothing; the requests can be listed without sending', async () => {
  const store = new MemoryObjectStore('s3://gold-data');
  await assert.rejects(
    batchTransformOnAws(
      new SageMakerClient({ region: 'eu-west-1' }),
      { ...spec(store), inputFilter: 'label' },
      NO_WAIT,
    ),
    /inputFilter must be a JSONPath/,
  );
  const memory = new MemoryObjectStore();
  await assert.rejects(
    batchTransformOnAws(
      new SageMakerClient({ region: 'eu-west-1' }),
      { ...spec(store), input: { store: memory, prefix: 'x.csv' } },
      NO_WAIT,
    ),
    /transform input \(SageMaker needs S3\)/,
  );
  assert.equal(sagemaker.calls().length, 0);
  const fields = batchTransformRequests(spec(store)).map((r) => `${r.request} ${r.field}=${r.value}`);
  assert.ok(fields.includes('CreateModel ModelName=stroke-job-7-model'));
  assert.ok(fields.includes('CreateTransformJob DataProcessing.InputFilter=$[1:]'));
});
