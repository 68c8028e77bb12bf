/**
 * A hung notebook must not outlive the runner. nbconvert starts the kernel in a session of its own
 * that inherits its pipes; here `setsid sleep` plays the kernel. A timeout, or the tool exiting,
 * must stop every process of the run and return; a stalled input (a FIFO whose writer stopped)
 * must fail its read instead of blocking forever.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killRun, newRunId, processesOfRun, runProcess, stopRun } from '../../scripts/lib/run-process';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { InputStalledError } from '../../shared/core/csv/byte-source';

/** Running (a zombie waiting for a reaper counts as gone: it holds no pipe and does nothing). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** A "kernel" in its own session holding the pipes, then (optionally) a parent that hangs. */
const script = (parentHangs: boolean) => `setsid sleep 300 & echo $! ; ${parentHangs ? 'sleep 300' : 'exit 0'}`;

for (const parentHangs of [true, false]) {
  test(`a detached grandchild holding the pipes is killed when the parent ${parentHangs ? 'times out' : 'exits'}`, async () => {
    const runId = newRunId();
    const outcome = await runProcess('bash', ['-c', script(parentHangs)], {
      env: process.env,
      cwd: os.tmpdir(),
      timeoutMs: parentHangs ? 1500 : 60_000,
      runId: runId,
    });
    assert.equal(outcome.timedOut, parentHangs);
    const grandchild = Number(outcome.output.trim().split('\n')[0]);
    assert.ok(grandchild > 0, outcome.output);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(alive(grandchild), false, 'the setsid grandchild is gone');
    assert.deepEqual(processesOfRun(runId), []);
  });
}

test('killRun reaches only the processes of its own run', async () => {
  const ours = newRunId();
  const other = newRunId();
  const start = (runId: string) =>
    spawnSync('bash', ['-c', 'setsid sleep 300 > /dev/null 2>&1 & echo $!'], {
      env: { ...process.env, STROKE_RUN_ID: runId },
    });
  const mine = Number(start(ours).stdout.toString().trim());
  const theirs = Number(start(other).stdout.toString().trim());
  try {
    assert.deepEqual(processesOfRun(ours), [mine]);
    assert.equal(killRun(ours), 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual([alive(mine), alive(theirs)], [false, true]);
  } finally {
    killRun(other);
  }
});

test('stopRun also kills a process the first pass could not see (started just after it)', async () => {
  const runId = newRunId();
  const stopping = stopRun(runId, 100);
  const late = spawnSync('bash', ['-c', 'setsid sleep 300 > /dev/null 2>&1 & echo $!'], {
    env: { ...process.env, STROKE_RUN_ID: runId },
  });
  const pid = Number(late.stdout.toString().trim());
  try {
    assert.ok(pid > 0);
    assert.equal(await stopping, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(alive(pid), false, 'the late process is gone');
  } finally {
    killRun(runId);
  }
});

test('an input that stalls (a FIFO sending 5 lines, then nothing) fails its read, naming the file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stalled-input-'));
  const fifo = path.join(dir, 'stalled.csv');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const lines = fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'stroke-pii-sample.csv'), 'utf8').split('\n');
  // The writer keeps the FIFO open without writing more (as a stalled producer does). One redirection holds it open
  // throughout: two (printf, then sleep) leave a moment with no writer, and the reader takes that for the end.
  const writer = spawnSync('bash', [
    '-c',
    `({ printf '%s\\n' "$0"; sleep 300; } > ${fifo}) > /dev/null 2>&1 & echo $!`,
    lines.slice(0, 5).join('\n'),
  ]);
  const writerPid = Number(writer.stdout.toString().trim());
  try {
    await assert.rejects(
      ingestRawFile(new MemoryObjectStore(), fifo, () => new Date(), 1),
      (error: unknown) => {
        assert.ok(error instanceof InputStalledError, String(error));
        assert.match(
          error.message,
          new RegExp(`^${fifo.replace(/[.]/g, '\\.')}: no data for 1 s after \\d+ byte\\(s\\)`),
        );
        assert.ok(error.bytesRead > 0);
        return true;
      },
    );
  } finally {
    spawnSync('pkill', ['-P', String(writerPid)]);
    try {
      process.kill(writerPid, 'SIGKILL');
    } catch {
      // gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
