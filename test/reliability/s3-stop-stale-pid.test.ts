/**
 * `npm run s3 -- stop` signals only our own server: a pid file left behind by a crash, whose pid
 * now belongs to an unrelated process, is reported as stale and removed, and that process lives on.
 * A real server started by this checkout is still stopped. Uses STROKE_S3_PORT and its own folder.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../shared/pipeline/config';
import { isAlive as alive } from '../../shared/core/project/processes';
import { ensureLocalS3, probeS3, stopLocalS3 } from '../../shared/core/s3/local-server';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-stale-pid-'));
const config = loadConfig();
const pidFile = path.join(dataDir, '.server.pid');

after(async () => {
  await stopLocalS3(config, dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a stale pid file naming an unrelated process: stop refuses, says stale, and removes the file', async () => {
  const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    assert.ok(bystander.pid !== undefined && alive(bystander.pid));
    fs.writeFileSync(pidFile, String(bystander.pid));
    const outcome = await stopLocalS3(config, dataDir);
    assert.equal(outcome.stopped, false);
    assert.match(outcome.message, /stale/);
    assert.match(outcome.message, new RegExp(String(bystander.pid)));
    assert.ok(alive(bystander.pid), 'the unrelated process was not signalled');
    assert.equal(bystander.exitCode, null);
    assert.equal(bystander.signalCode, null);
    assert.equal(fs.existsSync(pidFile), false, 'the stale pid file is removed');
  } finally {
    bystander.kill('SIGKILL');
  }
});

test('a server started by this checkout is still stopped by stop', async () => {
  const started = await ensureLocalS3(config, dataDir);
  assert.equal(started.startedHere, true, `port ${config.embeddedS3Port} was already in use`);
  assert.ok(started.pid !== undefined && alive(started.pid));
  const outcome = await stopLocalS3(config, dataDir);
  assert.equal(outcome.stopped, true, outcome.message);
  assert.equal(alive(started.pid), false);
  assert.equal(await probeS3(config.embeddedS3Port, 500), false);
  assert.equal(fs.existsSync(pidFile), false);
});
