import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ConfigError, DEFAULT_BUCKETS, describeConfig, loadConfig, parseDotEnv } from '../../shared/pipeline/config';
import { projectRoot } from '../../shared/core/project/paths';

test('defaults: embedded S3 on loopback, the original bucket names, seed 777, the PII sample', () => {
  const config = loadConfig({});
  assert.equal(config.target, 'local');
  assert.equal(config.embeddedS3, true);
  assert.equal(config.s3Endpoint, 'http://127.0.0.1:4568');
  assert.equal(config.conditionalWrites, false);
  assert.deepEqual(config.buckets, DEFAULT_BUCKETS);
  assert.equal(config.buckets.raw, 'raw-data');
  assert.equal(config.buckets.silver, 'silver-data');
  assert.equal(config.buckets.gold, 'gold-data');
  assert.equal(config.seed, 777);
  assert.equal(config.inputPath, path.join(projectRoot, 'data', 'stroke-pii-sample.csv'));
});

test('aws target without endpoint uses the SDK default endpoint and conditional writes', () => {
  const config = loadConfig({
    STROKE_TARGET: 'aws',
    AWS_REGION: 'eu-west-1',
    SAGEMAKER_ROLE_ARN: 'arn:aws:iam::123:role/x',
  });
  assert.equal(config.embeddedS3, false);
  assert.equal(config.s3Endpoint, undefined);
  assert.equal(config.conditionalWrites, true);
  assert.equal(config.region, 'eu-west-1');
  assert.equal(describeConfig(config).sagemakerRole, 'configured');
  assert.ok(!JSON.stringify(describeConfig(config)).includes('arn:aws'), 'the role ARN is not printed');
});

test('S3_ENDPOINT points the local target at MinIO instead of the embedded server', () => {
  const config = loadConfig({ S3_ENDPOINT: 'http://localhost:9000/', STROKE_RAW_BUCKET: 'my-raw' });
  assert.equal(config.embeddedS3, false);
  assert.equal(config.s3Endpoint, 'http://localhost:9000');
  assert.equal(config.buckets.raw, 'my-raw');
});

test('input path and seed come from STROKE_INPUT and STROKE_SEED', () => {
  const config = loadConfig({ STROKE_INPUT: '/tmp/x.csv', STROKE_SEED: '42' });
  assert.equal(config.inputPath, '/tmp/x.csv');
  assert.equal(config.seed, 42);
});

test('bad settings are refused with the variable named', () => {
  assert.throws(
    () => loadConfig({ STROKE_TARGET: 'gcp' }),
    (e: unknown) => e instanceof ConfigError && /STROKE_TARGET/.test(e.message),
  );
  assert.throws(() => loadConfig({ STROKE_SEED: '1.5' }), /STROKE_SEED must be an integer/);
  assert.throws(() => loadConfig({ S3_ENDPOINT: 'ftp://x' }), /S3_ENDPOINT must be an http\(s\) URL/);
  assert.throws(() => loadConfig({ STROKE_S3_PORT: '80' }), /STROKE_S3_PORT/);
});

test('.env parsing: comments, quotes, export, and a clear error naming the line', () => {
  const parsed = parseDotEnv('# c\nexport STROKE_TARGET=aws\nA="x y"\nB=\'z\'\nC=plain # trailing\n\n');
  assert.deepEqual(parsed, { STROKE_TARGET: 'aws', A: 'x y', B: 'z', C: 'plain' });
  assert.throws(() => parseDotEnv('OK=1\nnot a pair\n', 'my.env'), /my\.env line 2: expected KEY=value/);
});
