/**
 * Another checkout's embedded S3 server on our port must not be used silently: it would write raw,
 * quarantine and silver into that project's folder. The server proves whose it is by the data
 * folder it serves (an identity bucket only a server on our folder lists); otherwise the run
 * refuses, naming the port and the fix. Runs its own s3rver (port and folders).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../shared/pipeline/config';
import { ensureLocalS3, ForeignS3ServerError, stopLocalS3 } from '../../shared/core/s3/local-server';

const port = 49000 + (process.pid % 1000);
const config = loadConfig({ STROKE_S3_PORT: String(port) });
const theirs = fs.mkdtempSync(path.join(os.tmpdir(), 'foreign-s3-theirs-'));
const ours = fs.mkdtempSync(path.join(os.tmpdir(), 'foreign-s3-ours-'));

after(async () => {
  await stopLocalS3(config, theirs);
  await stopLocalS3(config, ours);
  fs.rmSync(theirs, { recursive: true, force: true });
  fs.rmSync(ours, { recursive: true, force: true });
});

test('a server serving another folder on our port is refused with the port and the fix', async () => {
  const started = await ensureLocalS3(config, theirs);
  assert.equal(started.startedHere, true);
  await assert.rejects(ensureLocalS3(config, ours), (error: unknown) => {
    assert.ok(error instanceof ForeignS3ServerError, String(error));
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port} is not this checkout's`));
    assert.match(error.message, new RegExp(ours.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(error.message, /npm run s3 -- stop/);
    assert.match(error.message, new RegExp(`STROKE_S3_PORT=${port + 1}`));
    return true;
  });
  const again = await ensureLocalS3(config, theirs);
  assert.deepEqual([again.running, again.startedHere], [true, false], 'its own checkout still reuses it');
  assert.equal(
    fs.readdirSync(ours).some((name) => !name.startsWith('stroke-server-')),
    false,
    'nothing written to ours',
  );
});
