/**
 * Two pipeline runs in one checkout would interleave their progress files and executed notebooks:
 * the second is refused while the first is alive, and a lock left by a dead run (or a recycled pid
 * that is not a run) is taken over. A relative --input means the caller's directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireRunLock, PipelineBusyError } from '../../scripts/lib/run-lock';
import { parseArgs } from '../../scripts/run-notebooks';

function withLockFile(body: (lockFile: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-lock-'));
  return body(path.join(dir, '.pipeline.lock')).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** A live process whose command line reads like a runner's (argv[0] renamed), or like anything else. */
function holder(name: string) {
  return spawn('bash', ['-c', `exec -a ${name} sleep 60`], { stdio: 'ignore' });
}

test('a second run is refused while the first is alive, naming its pid', () =>
  withLockFile(async (lockFile) => {
    const first = holder('run-notebooks-first');
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      fs.writeFileSync(lockFile, `${first.pid}\n`);
      assert.throws(
        () => acquireRunLock(lockFile, 'run-notebooks'),
        (error: unknown) => {
          assert.ok(error instanceof PipelineBusyError, String(error));
          assert.match(error.message, new RegExp(`another pipeline run \\(pid ${first.pid}\\) is active`));
          return true;
        },
      );
      assert.equal(fs.readFileSync(lockFile, 'utf8').trim(), String(first.pid), 'the holder keeps its lock');
    } finally {
      first.kill('SIGKILL');
    }
  }));

test('a lock whose holder is dead, or is not a run, is taken over and released', () =>
  withLockFile(async (lockFile) => {
    const other = holder('unrelated');
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const stalePid of [other.pid!, 2 ** 22 + 1]) {
        fs.writeFileSync(lockFile, `${stalePid}\n`);
        const release = acquireRunLock(lockFile, 'run-notebooks');
        assert.equal(fs.readFileSync(lockFile, 'utf8').trim(), String(process.pid));
        release();
        assert.equal(fs.existsSync(lockFile), false);
      }
    } finally {
      other.kill('SIGKILL');
    }
  }));

test('a relative --input resolves against the directory npm was called from', () => {
  const saved = process.env.INIT_CWD;
  process.env.INIT_CWD = '/tmp/caller';
  try {
    assert.equal(parseArgs(['--input', 'my.csv']).input, '/tmp/caller/my.csv');
    assert.equal(parseArgs(['--input', '/abs/x.csv']).input, '/abs/x.csv');
  } finally {
    if (saved === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = saved;
  }
});
