/**
 * The AWS batch-transform backend: CreateTransformJob (transform-request.ts) scores every CSV
 * object under an S3 prefix with a model made by CreateModel; DescribeTransformJob is polled until
 * the job ends. SageMaker writes each input object's scores to `<output prefix>/<object path
 * below the input prefix>.out`, one probability per input line.
 */
import {
  CreateTransformJobCommand,
  DescribeTransformJobCommand,
  type SageMakerClient,
  type TransformJobStatus,
} from '@aws-sdk/client-sagemaker';
import { joinKey } from '../core/storage/object-store';
import { parseS3Uri, toS3Uri } from './locations';
import { waitForJobCompletion, type PollOptions } from './polling';
import { buildTransformJobRequest, type TransformJobSpec } from './transform-request';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface AwsTransformJobResult {
  jobName: string;
  /** S3 URI prefix holding the `.out` objects. */
  outputUri: string;
  status: TransformJobStatus;
}

/** Starts the transform job, waits for it and throws with SageMaker's FailureReason unless it completes. */
export async function runAwsTransformJob(
  client: SageMakerClient,
  spec: TransformJobSpec,
  poll: PollOptions = {},
): Promise<AwsTransformJobResult> {
  const request = buildTransformJobRequest(spec);
  const jobName = spec.jobName;
  await client.send(new CreateTransformJobCommand(request));
  await waitForJobCompletion(
    `transform job ${jobName}`,
    () => client.send(new DescribeTransformJobCommand({ TransformJobName: jobName })),
    (d) => d.TransformJobStatus,
    poll,
  );
  return { jobName, outputUri: toS3Uri(spec.output, 'transform output'), status: 'Completed' };
}

/**
 * Key (in the output bucket) of the scores SageMaker writes for the input object `inputKey`: the
 * object's path below the input prefix, plus `.out`, under the output prefix. An input naming a
 * single object yields its file name; a prefix ending inside a name is taken up to its last '/'.
 */
export function transformOutputKey(inputKey: string, job: Pick<TransformJobSpec, 'input' | 'output'>): string {
  const prefix = parseS3Uri(job.input, 'transform input').key;
  const outputPrefix = parseS3Uri(job.output, 'transform output').key;
  if (typeof inputKey !== 'string' || inputKey === '' || inputKey.endsWith('/') || !inputKey.startsWith(prefix)) {
    throw new Error(
      `transformOutputKey: ${JSON.stringify(inputKey)} is not an object key under the transform input ${JSON.stringify(job.input)}`,
    );
  }
  let relative: string;
  if (inputKey === prefix) relative = inputKey.slice(inputKey.lastIndexOf('/') + 1);
  else if (prefix === '' || inputKey[prefix.length] === '/')
    relative = inputKey.slice(prefix.length).replace(/^\/+/, '');
  else relative = inputKey.slice(prefix.lastIndexOf('/') + 1);
  return joinKey(outputPrefix, `${relative}.out`);
}

/**
 * The probabilities of one `.out` object, one per line (a final newline is allowed). `source`
 * names the object in errors; `expectedRows`, when given, is the input object's row count.
 */
export function parseTransformOutput(text: string, source: string, expectedRows?: number): Float64Array {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (expectedRows !== undefined && lines.length !== expectedRows) {
    throw new Error(`${source}: ${lines.length} predictions for ${expectedRows} input rows`);
  }
  const probabilities = new Float64Array(lines.length);
  lines.forEach((line, index) => {
    const cell = line.trim();
    const value = Number(cell);
    if (!DECIMAL.test(cell))
      throw new Error(`${source} line ${index + 1}: expected a probability, got ${JSON.stringify(line)}`);
    if (!(value >= 0 && value <= 1))
      throw new Error(`${source} line ${index + 1}: ${cell} is not a probability in [0, 1]`);
    probabilities[index] = value;
  });
  return probabilities;
}
