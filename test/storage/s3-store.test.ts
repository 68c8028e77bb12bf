/**
 * The S3 ObjectStore against a real s3rver (the embedded server, on its own port and folder),
 * and its error mapping against aws-sdk-client-mock for what s3rver cannot do (If-None-Match).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig, type PipelineConfig } from '../../shared/pipeline/config';
import { createS3Client } from '../../shared/core/s3/client';
import { ensureLocalS3, probeS3, stopLocalS3 } from '../../shared/core/s3/local-server';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { ObjectExistsError, ObjectNotFoundError, StoreUnreachableError } from '../../shared/core/storage/object-store';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3store-'));
const config: PipelineConfig = loadConfig({ STROKE_S3_PORT: String(46000 + (process.pid % 1000)) });
let store: S3ObjectStore;

before(async () => {
  const status = await ensureLocalS3(config, dataDir);
  assert.equal(status.startedHere, true);
  store = new S3ObjectStore(createS3Client(config), config.buckets.raw, 'unit', false, config.s3Endpoint);
});

after(async () => {
  await stopLocalS3(config, dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a second ensureLocalS3 finds the running server instead of starting another', async () => {
  const again = await ensureLocalS3(config, dataDir);
  assert.equal(again.startedHere, false);
});

test(
  'the embedded server listens on 127.0.0.1 only',
  { skip: !fs.existsSync('/proc/net/tcp') && 'no /proc/net/tcp on this system' },
  () => {
    // /proc/net/tcp: "local_address" is HEX_IP:HEX_PORT (IP little-endian); state 0A = LISTEN.
    const port = config.embeddedS3Port.toString(16).toUpperCase().padStart(4, '0');
    const listeners = [
      fs.readFileSync('/proc/net/tcp', 'utf8'),
      fs.existsSync('/proc/net/tcp6') ? fs.readFileSync('/proc/net/tcp6', 'utf8') : '',
    ]
      .flatMap((table) => table.split('\n').slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.length > 3 && cols[1].endsWith(`:${port}`) && cols[3] === '0A')
      .map((cols) => cols[1].split(':')[0]);
    assert.deepEqual(listeners, ['0100007F'], `listening addresses for port ${config.embeddedS3Port}`);
  },
);

test('put/get round-trips bytes, metadata and content type', async () => {
  const body = new Uint8Array([0, 1, 2, 250, 255]);
  await store.put('a/bytes.bin', body, {
    metadata: { sha256: 'abc', rows: '5' },
    contentType: 'application/octet-stream',
  });
  const got = await store.get('a/bytes.bin');
  assert.deepEqual(Array.from(got.body), Array.from(body));
  assert.equal(got.metadata.sha256, 'abc');
  assert.equal(got.metadata.rows, '5');
  assert.equal(got.contentType, 'application/octet-stream');
});

test('listing returns every key across pages, sorted, relative to the prefix', async () => {
  const keys = Array.from({ length: 1103 }, (_, i) => `many/${String(i).padStart(5, '0')}.txt`);
  for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, k)));
  const listed = await store.list('many/');
  assert.deepEqual(
    listed.map((o) => o.key),
    keys,
  );
  assert.equal(listed[7].size, keys[7].length);
  await store.delete(keys);
  assert.equal((await store.list('many/')).length, 0);
});

test('a missing key: get throws ObjectNotFoundError naming the location, tryGet returns undefined', async () => {
  await assert.rejects(
    store.get('nope/missing.json'),
    (e: unknown) => e instanceof ObjectNotFoundError && e.message.includes('s3://raw-data/unit/nope/missing.json'),
  );
  assert.equal(await store.tryGet('nope/missing.json'), undefined);
});

test('an unreachable server gives StoreUnreachableError naming endpoint and key', async () => {
  const deadConfig = loadConfig({ STROKE_S3_PORT: '45999' });
  assert.equal(await probeS3(45999), false);
  const dead = new S3ObjectStore(createS3Client(deadConfig), 'raw-data', '', false, deadConfig.s3Endpoint);
  await assert.rejects(dead.put('k.txt', 'x'), (e: unknown) => {
    assert.ok(e instanceof StoreUnreachableError, String(e));
    assert.match(e.message, /127\.0\.0\.1:45999/);
    assert.match(e.message, /s3:\/\/raw-data\/k\.txt/);
    return true;
  });
});

test('If-None-Match is sent for put-if-absent and a 412 becomes ObjectExistsError (SDK mock)', async () => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const mock = mockClient(client);
  mock.on(PutObjectCommand).rejects(
    new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
      message: 'At least one of the pre-conditions you specified did not hold',
    }),
  );
  const conditional = new S3ObjectStore(client, 'silver-data', 'stroke', true);
  await assert.rejects(
    conditional.put('_delta_log/00000000000000000001.json', '{}', { ifNoneMatch: true }),
    ObjectExistsError,
  );
  const sent = mock.commandCalls(PutObjectCommand)[0].args[0].input;
  assert.equal(sent.IfNoneMatch, '*');
  assert.equal(sent.Key, 'stroke/_delta_log/00000000000000000001.json');
  mock.restore();
});
