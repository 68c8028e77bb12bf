/**
 * A full disk under the embedded S3 server: the server answers the put with an S3 error and stays
 * up, the client's error names the full disk (not "Is the S3 server running?"), the failed put
 * leaves no partial object behind, and later requests succeed. The disk is real: the server's data
 * folder is a 1 MiB tmpfs (needs root to mount; skipped where mounting is impossible).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateMultipartUploadCommand, S3ServiceException, UploadPartCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../shared/pipeline/config';
import { createS3Client } from '../../shared/core/s3/client';
import { ensureLocalS3, stopLocalS3 } from '../../shared/core/s3/local-server';
import { StoreDiskFullError, StoreUnreachableError } from '../../shared/core/storage/object-store';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';

const config = loadConfig({ STROKE_S3_PORT: String(44000 + (process.pid % 1000)) });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-disk-full-'));
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dataDir], { encoding: 'utf8' });
const cannotMount =
  mount.status !== 0 && `cannot mount a 1 MiB tmpfs here: ${(mount.stderr || String(mount.error)).trim()}`;
const client = createS3Client(config);
let store: S3ObjectStore;
let serverPid: number | undefined;

before(async () => {
  if (cannotMount) return;
  const status = await ensureLocalS3(config, dataDir);
  serverPid = status.pid;
  store = new S3ObjectStore(client, config.buckets.raw, 'disk', false, config.s3Endpoint);
});

after(async () => {
  if (!cannotMount) {
    await stopLocalS3(config, dataDir);
    spawnSync('umount', [dataDir]);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test(
  'a put that fills the disk gets a disk-full error, the server stays up and keeps serving',
  { skip: cannotMount },
  async () => {
    assert.ok(alive(serverPid), 'the server runs before the put');
    await store.put('kept.txt', 'the first version');
    const tooBig = new Uint8Array(2 * 1024 * 1024).fill(7);
    for (const key of ['big.bin', 'kept.txt']) {
      await assert.rejects(store.put(key, tooBig), (error: unknown) => {
        assert.ok(!(error instanceof StoreUnreachableError), `not reported as an unreachable server: ${String(error)}`);
        assert.ok(error instanceof StoreDiskFullError, String(error));
        assert.match(error.message, /disk is full/);
        assert.ok(error.message.includes(`s3://raw-data/disk/${key}`), error.message);
        assert.match(error.message, /free (disk )?space/i);
        return true;
      });
    }
    assert.ok(alive(serverPid), 'the server process is still alive after the failed puts');
    assert.deepEqual(
      (await store.list('')).map((o) => o.key),
      ['kept.txt'],
      'no partial object is left behind',
    );
    assert.equal(
      new TextDecoder().decode((await store.get('kept.txt')).body),
      'the first version',
      'a failed overwrite keeps the old object',
    );
    await store.put('small.txt', 'still works', { metadata: { note: 'after the disk filled' } });
    const small = await store.get('small.txt');
    assert.equal(new TextDecoder().decode(small.body), 'still works');
    assert.equal(small.metadata.note, 'after the disk filled');
  },
);

test(
  'a multipart part that fills the disk gets a 507 naming the full disk, and the server stays up',
  { skip: cannotMount },
  async () => {
    const upload = await client.send(
      new CreateMultipartUploadCommand({ Bucket: config.buckets.raw, Key: 'disk/multi.bin' }),
    );
    const part = new UploadPartCommand({
      Bucket: config.buckets.raw,
      Key: 'disk/multi.bin',
      UploadId: upload.UploadId,
      PartNumber: 1,
      Body: new Uint8Array(2 * 1024 * 1024).fill(9),
    });
    await assert.rejects(client.send(part), (error: unknown) => {
      assert.ok(error instanceof S3ServiceException, String(error));
      assert.equal(error.$metadata.httpStatusCode, 507);
      assert.match(error.message, /no space left on the device/);
      return true;
    });
    assert.ok(alive(serverPid), 'the server process is still alive after the failed part');
    await store.put('after-part.txt', 'ok');
    assert.equal(new TextDecoder().decode((await store.get('after-part.txt')).body), 'ok');
  },
);
