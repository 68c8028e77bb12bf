/**
 * The persistent worker pool: workers are reused, at most `size` tasks run at once, errors and
 * crashes reject only their task, retired and crashed workers are replaced, close() ends
 * everything, and an idle pool never keeps a process alive.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { availableCores, sharedWorkerPool, taskKind, WorkerPool } from '../../shared/core/parallel/worker-pool';
import { startTypeScriptWorker } from '../../shared/core/parallel/typescript-worker';

const TASKS = path.join(__dirname, 'pool-fixture-tasks.ts');
const WHO = taskKind<{ value: number }, { value: number; threadId: number }>(TASKS, 'whoAmI');
const HOLD = taskKind<{ counters: SharedArrayBuffer; ms: number }, null>(TASKS, 'hold');
const FAIL = taskKind<{ message: string }, null>(TASKS, 'fail');
const EXIT = taskKind<{ code: number }, null>(TASKS, 'exitThread');
const RETIRE = taskKind<undefined, number>(TASKS, 'retire');
const BYTES = taskKind<{ length: number }, Uint8Array>(TASKS, 'bytes');
const SPIN = taskKind<{ counters: SharedArrayBuffer }, null>(TASKS, 'spin');

/** Resolves once the spinning task has counted at least once (it is running on a thread). */
async function spinning(counters: SharedArrayBuffer): Promise<void> {
  const view = new Int32Array(counters);
  while (Atomics.load(view, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('WorkerPool', () => {
  const pool = new WorkerPool({ size: 2 });
  after(() => pool.close());

  test('runs tasks on at most `size` workers, reused from task to task', async () => {
    const replies = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((value) => pool.run(WHO, { value })));
    assert.deepEqual(
      replies.map((r) => r.value),
      [2, 4, 6, 8, 10, 12, 14],
    );
    assert.equal(new Set(replies.map((r) => r.threadId)).size, 2);
    assert.equal(pool.workerCount, 2);
    const later = await pool.run(WHO, { value: 0 });
    assert.ok(
      replies.some((r) => r.threadId === later.threadId),
      'a later task reuses a started worker',
    );
  });

  test('never runs more than `size` tasks at once, and does run `size` at once', async () => {
    const counters = new SharedArrayBuffer(8);
    await Promise.all(Array.from({ length: 6 }, () => pool.run(HOLD, { counters, ms: 100 })));
    assert.equal(new Int32Array(counters)[1], 2);
  });

  test("a handler's error rejects its task only, with the handler's message", async () => {
    const outcomes = await Promise.allSettled([pool.run(FAIL, { message: 'bad row 3' }), pool.run(WHO, { value: 5 })]);
    assert.equal(outcomes[0].status, 'rejected');
    assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /Error: bad row 3/);
    assert.deepEqual((outcomes[1] as PromiseFulfilledResult<{ value: number }>).value.value, 10);
  });

  test('unknown handlers and modules are named in the error', async () => {
    await assert.rejects(
      pool.run(taskKind<null, null>(TASKS, 'notAFunction'), null),
      /pool-fixture-tasks.ts exports no function named notAFunction/,
    );
    await assert.rejects(
      pool.run(taskKind<null, null>(path.join(__dirname, 'missing.ts'), 'x'), null),
      /Cannot find module/,
    );
  });

  test('a worker that exits rejects its task and is replaced', async () => {
    await assert.rejects(pool.run(EXIT, { code: 3 }), /worker exited with code 3 while running exitThread/);
    const replies = await Promise.all([1, 2, 3].map((value) => pool.run(WHO, { value })));
    assert.deepEqual(
      replies.map((r) => r.value),
      [2, 4, 6],
    );
    assert.ok(pool.workerCount <= 2);
  });

  test('a worker that asks to retire is replaced after its task', async () => {
    const solo = new WorkerPool({ size: 1 });
    try {
      const retired = await solo.run(RETIRE, undefined);
      const next = await solo.run(WHO, { value: 1 });
      assert.notEqual(next.threadId, retired);
      assert.equal(solo.workerCount, 1);
    } finally {
      await solo.close();
    }
  });

  test('transferred results arrive intact', async () => {
    const out = await pool.run(BYTES, { length: 1000 });
    assert.equal(out.length, 1000);
    assert.ok(out.every((v, i) => v === i % 251));
  });

  test('close() rejects running and queued tasks, and later runs', async () => {
    const closing = new WorkerPool({ size: 1 });
    const running = closing.run(HOLD, { counters: new SharedArrayBuffer(8), ms: 2000 });
    const queued = closing.run(WHO, { value: 1 });
    const settled = Promise.allSettled([running, queued]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closing.close();
    const [runningOutcome, queuedOutcome] = await settled;
    assert.match(String((runningOutcome as PromiseRejectedResult).reason), /worker pool closed while hold was running/);
    assert.match(String((queuedOutcome as PromiseRejectedResult).reason), /worker pool closed before whoAmI ran/);
    await assert.rejects(closing.run(WHO, { value: 1 }), /worker pool is closed; cannot run whoAmI/);
    assert.equal(closing.workerCount, 0);
  });

  test(
    "an abort ends the running task's thread, rejects queued tasks, and the pool goes on",
    { timeout: 30_000 },
    async () => {
      const solo = new WorkerPool({ size: 1 });
      try {
        const counters = new SharedArrayBuffer(4);
        const controller = new AbortController();
        const running = solo.run(SPIN, { counters }, [], controller.signal);
        const queued = solo.run(WHO, { value: 1 }, [], controller.signal);
        const unrelated = solo.run(WHO, { value: 2 });
        await spinning(counters);
        // The queued task rejects at once, the running one only after its thread ended: handle both
        // before waiting, or the first rejection goes unhandled while the second is awaited.
        const queuedRejected = assert.rejects(queued, { name: 'AbortError', message: /whoAmI was interrupted/ });
        const runningRejected = assert.rejects(running, { name: 'AbortError', message: /spin was interrupted/ });
        controller.abort();
        await runningRejected;
        await queuedRejected;
        const counted = Atomics.load(new Int32Array(counters), 0);
        assert.equal((await unrelated).value, 4, 'a task without the signal still runs, on a new worker');
        assert.equal(Atomics.load(new Int32Array(counters), 0), counted, "the aborted task's thread no longer runs");
        assert.equal(solo.workerCount, 1);
        await assert.rejects(solo.run(WHO, { value: 3 }, [], controller.signal), { name: 'AbortError' });
      } finally {
        await solo.close();
      }
    },
  );

  test('bad sizes and entry files are refused', () => {
    assert.throws(() => new WorkerPool({ size: 0 }), /WorkerPool: size must be a positive integer, got 0/);
    assert.throws(
      () => startTypeScriptWorker(path.join(__dirname, 'nowhere.ts')),
      /worker entry not found at .*nowhere.ts/,
    );
  });

  test('the shared pool has a worker per core and is the same object until closed', async () => {
    const shared = sharedWorkerPool();
    assert.equal(shared.size, availableCores());
    assert.equal(sharedWorkerPool(), shared);
    await shared.close();
    assert.notEqual(sharedWorkerPool(), shared);
    await sharedWorkerPool().close();
  });
});

test('a process whose pool is idle but not closed exits on its own', () => {
  const script = [
    `const { WorkerPool, taskKind } = require(${JSON.stringify(path.join(__dirname, '../../shared/core/parallel/worker-pool.ts'))});`,
    'const pool = new WorkerPool({ size: 2 });',
    `pool.run(taskKind(${JSON.stringify(TASKS)}, 'whoAmI'), { value: 21 }).then((r) => console.log('answer', r.value));`,
  ].join('\n');
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.error, undefined, `the process did not exit: ${String(child.error)}`);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /answer 42/, 'the pending task kept the process alive until it finished');
});
