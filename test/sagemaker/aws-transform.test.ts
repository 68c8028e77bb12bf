/**
 * AWS batch transform against aws-sdk-client-mock: the exact CreateTransformJob request,
 * polling DescribeTransformJob to a terminal status with FailureReason on failure, where
 * SageMaker puts each input object's `.out`, and parsing that output line by line.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTransformJobCommand, DescribeTransformJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { silenceSdkNodeVersionWarning } from '../../shared/core/s3/client';
import { parseTransformOutput, runAwsTransformJob, transformOutputKey } from '../../shared/aws/aws-transform';
import { buildTransformJobRequest, type TransformJobSpec } from '../../shared/aws/transform-request';

silenceSdkNodeVersionWarning();

const SPEC: TransformJobSpec = {
  jobName: 'stroke-batch-1',
  modelName: 'stroke-model-1',
  input: 's3://gold-data/batch/in/',
  output: 's3://monitoring-data/batch/out/',
};
const NO_WAIT = { intervalMs: 0, sleep: async () => {} };

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterEach(() => sagemaker.reset());

const client = () => new SageMakerClient({ region: 'eu-west-1' });

describe('runAwsTransformJob', () => {
  test('sends the CSV-lines CreateTransformJob, polls until Completed and returns the output prefix', async () => {
    sagemaker
      .on(CreateTransformJobCommand)
      .resolves({ TransformJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:transform-job/stroke-batch-1' });
    sagemaker
      .on(DescribeTransformJobCommand)
      .resolvesOnce({ TransformJobStatus: 'InProgress' })
      .resolvesOnce({ TransformJobStatus: 'InProgress' })
      .resolves({ TransformJobStatus: 'Completed' });
    const seen: string[] = [];
    const result = await runAwsTransformJob(
      client(),
      { ...SPEC, instanceCount: 2 },
      { ...NO_WAIT, onStatus: (s) => seen.push(s) },
    );
    assert.deepEqual(
      sagemaker.calls().map((call) => call.args[0].constructor.name),
      [
        'CreateTransformJobCommand',
        'DescribeTransformJobCommand',
        'DescribeTransformJobCommand',
        'DescribeTransformJobCommand',
      ],
    );
    // The request's fields are pinned in requests.test.ts; here: exactly that request is sent.
    assert.deepEqual(
      sagemaker.commandCalls(CreateTransformJobCommand)[0].args[0].input,
      buildTransformJobRequest({ ...SPEC, instanceCount: 2 }),
    );
    assert.deepEqual(sagemaker.commandCalls(DescribeTransformJobCommand)[0].args[0].input, {
      TransformJobName: 'stroke-batch-1',
    });
    assert.deepEqual(seen, ['InProgress', 'InProgress', 'Completed']);
    assert.deepEqual(result, {
      jobName: 'stroke-batch-1',
      outputUri: 's3://monitoring-data/batch/out',
      status: 'Completed',
    });
  });

  test('Failed rejects with the FailureReason, Stopped says none was given', async () => {
    sagemaker.on(CreateTransformJobCommand).resolves({});
    sagemaker
      .on(DescribeTransformJobCommand)
      .resolvesOnce({ TransformJobStatus: 'InProgress' })
      .resolves({ TransformJobStatus: 'Failed', FailureReason: 'ClientError: See job logs for more information' });
    await assert.rejects(
      runAwsTransformJob(client(), SPEC, NO_WAIT),
      /^Error: transform job stroke-batch-1 ended Failed: ClientError: See job logs for more information$/,
    );
    sagemaker.reset();
    sagemaker.on(CreateTransformJobCommand).resolves({});
    sagemaker.on(DescribeTransformJobCommand).resolves({ TransformJobStatus: 'Stopped' });
    await assert.rejects(
      runAwsTransformJob(client(), SPEC, NO_WAIT),
      /transform job stroke-batch-1 ended Stopped: no FailureReason given/,
    );
  });

  test('bad input is refused before any call', async () => {
    await assert.rejects(
      runAwsTransformJob(client(), { ...SPEC, output: 'monitoring-data/out' }, NO_WAIT),
      /transform output: expected an S3 URI/,
    );
    await assert.rejects(
      runAwsTransformJob(client(), { ...SPEC, jobName: 'stroke batch' }, NO_WAIT),
      /transform job name "stroke batch" is invalid/,
    );
    assert.equal(sagemaker.calls().length, 0);
  });
});

describe('transformOutputKey', () => {
  test('the object path below the input prefix, plus .out, under the output prefix', () => {
    assert.equal(transformOutputKey('batch/in/part-0.csv', SPEC), 'batch/out/part-0.csv.out');
    assert.equal(transformOutputKey('batch/in/2024/06/part-1.csv', SPEC), 'batch/out/2024/06/part-1.csv.out');
    const noSlash = { input: 's3://gold-data/batch/in', output: 's3://monitoring-data/batch/out' };
    assert.equal(transformOutputKey('batch/in/part-0.csv', noSlash), 'batch/out/part-0.csv.out');
    const oneObject = { input: 's3://gold-data/batch/in/part-0.csv', output: 's3://monitoring-data/scores' };
    assert.equal(transformOutputKey('batch/in/part-0.csv', oneObject), 'scores/part-0.csv.out');
    const partialName = { input: 's3://gold-data/batch/in/part', output: 's3://monitoring-data/scores' };
    assert.equal(transformOutputKey('batch/in/part-7.csv', partialName), 'scores/part-7.csv.out');
    const roots = { input: 's3://gold-data', output: 's3://monitoring-data' };
    assert.equal(transformOutputKey('data.csv', roots), 'data.csv.out');
  });

  test('a key outside the input prefix is refused, naming both', () => {
    assert.throws(
      () => transformOutputKey('silver/part-0.csv', SPEC),
      /transformOutputKey: "silver\/part-0.csv" is not an object key under the transform input "s3:\/\/gold-data\/batch\/in\/"/,
    );
    assert.throws(() => transformOutputKey('batch/in/', SPEC), /"batch\/in\/" is not an object key/);
    assert.throws(
      () => transformOutputKey('x.csv', { ...SPEC, output: 'out/' }),
      /transform output: expected an S3 URI/,
    );
  });
});

describe('parseTransformOutput', () => {
  test('one probability per line; a final newline, CRLF and exponents are accepted', () => {
    assert.deepEqual(Array.from(parseTransformOutput('0.0132\n0.4127\n1\n', 'out.csv.out')), [0.0132, 0.4127, 1]);
    assert.deepEqual(Array.from(parseTransformOutput('7.5e-05\r\n0.99\r\n', 'out.csv.out', 2)), [7.5e-5, 0.99]);
    assert.deepEqual(Array.from(parseTransformOutput(' 0.5 ', 'out.csv.out')), [0.5]);
    assert.equal(parseTransformOutput('', 'empty.out', 0).length, 0);
  });

  test('a non-number, a blank line or a value outside [0, 1] is named by line; a row-count mismatch too', () => {
    const source = 's3://monitoring-data/batch/out/part-0.csv.out';
    assert.throws(
      () => parseTransformOutput('0.1\n0.2\nerror: bad row\n', source),
      /^Error: s3:\/\/monitoring-data\/batch\/out\/part-0.csv.out line 3: expected a probability, got "error: bad row"$/,
    );
    assert.throws(() => parseTransformOutput('0.1\n\n0.2\n', source), /line 2: expected a probability, got ""/);
    assert.throws(() => parseTransformOutput('0.1,0.2\n', source), /line 1: expected a probability, got "0.1,0.2"/);
    assert.throws(() => parseTransformOutput('NaN\n', source), /line 1: expected a probability, got "NaN"/);
    assert.throws(() => parseTransformOutput('0.3\n1.5\n', source), /line 2: 1.5 is not a probability in \[0, 1\]/);
    assert.throws(() => parseTransformOutput('0.3\n-0.01\n', source), /line 2: -0.01 is not a probability in \[0, 1\]/);
    assert.throws(
      () => parseTransformOutput('0.3\n0.4\n', source, 3),
      /part-0.csv.out: 2 predictions for 3 input rows/,
    );
  });
});
