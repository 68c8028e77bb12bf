/**
 * Pid-file holders: a zombie is gone although signal 0 still reaches it (the container's init
 * never reaps), a live process counts only while its command line has the marker, and a pid file
 * is created once and removed only by its holder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPidFile, isAlive, readPidFile, removePidFileOf, runsCommand } from '../../shared/core/project/processes';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('a zombie is not alive, although kill(pid, 0) still succeeds on it', async () => {
  // The shell's background child is re-parented to the exec'd sleep, which never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombie = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString()))),
    );
    let state = '';
    for (let i = 0; i < 50 && state !== 'Z'; i++) {
      await sleep(50);
      state = fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1][0];
    }
    assert.equal(state, 'Z', 'the child became a zombie');
    assert.doesNotThrow(() => process.kill(zombie, 0), 'signal 0 reaches the zombie');
    assert.equal(isAlive(zombie), false);
    assert.equal(parent.pid !== undefined && isAlive(parent.pid), true);
  } finally {
    parent.kill('SIGKILL');
  }
});

test('an exited process is not alive; this process is', () => {
  const pid = Number(execFileSync('sh', ['-c', 'echo $$']).toString());
  assert.equal(isAlive(pid), false);
  assert.equal(isAlive(process.pid), true);
});

test('runsCommand needs the marker in the command line', async () => {
  const child = spawn('sleep', ['31.5'], { stdio: 'ignore' });
  try {
    await sleep(100);
    assert.ok(child.pid !== undefined);
    assert.equal(runsCommand(child.pid, '31.5'), true);
    assert.equal(runsCommand(child.pid, 'scripts/s3-server.ts'), false);
  } finally {
    child.kill('SIGKILL');
  }
});

test('a pid file is created once, read back, and removed only by its holder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pid-file-'));
  const file = path.join(dir, 'x.pid');
  try {
    assert.equal(createPidFile(file, 4242), true);
    assert.equal(createPidFile(file, 4343), false);
    assert.equal(readPidFile(file), 4242);
    removePidFileOf(file, 4343);
    assert.equal(readPidFile(file), 4242, "another pid's removal leaves the file");
    removePidFileOf(file, 4242);
    assert.equal(fs.existsSync(file), false);
    fs.writeFileSync(file, 'not a pid');
    assert.equal(readPidFile(file), undefined);
    assert.equal(readPidFile(path.join(dir, 'missing.pid')), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
