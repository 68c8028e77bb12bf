/** Task handlers the worker-pool tests run on pool workers. */
import { threadId } from 'node:worker_threads';
import type { TaskOutcome } from '../../shared/core/parallel/pool-protocol';

export function whoAmI(payload: { value: number }): TaskOutcome<{ value: number; threadId: number }> {
  return { value: { value: payload.value * 2, threadId } };
}

/** Counts tasks running at once in counters[0], the most seen in counters[1]; holds for `ms`. */
export function hold(payload: { counters: SharedArrayBuffer; ms: number }): TaskOutcome<null> {
  const counters = new Int32Array(payload.counters);
  const running = Atomics.add(counters, 0, 1) + 1;
  let seen = Atomics.load(counters, 1);
  while (running > seen && Atomics.compareExchange(counters, 1, seen, running) !== seen)
    seen = Atomics.load(counters, 1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, payload.ms);
  Atomics.sub(counters, 0, 1);
  return { value: null };
}

export async function fail(payload: { message: string }): Promise<TaskOutcome<null>> {
  await Promise.resolve();
  throw new Error(payload.message);
}

export function exitThread(payload: { code: number }): TaskOutcome<null> {
  process.exit(payload.code);
}

export function retire(): TaskOutcome<number> {
  return { value: threadId, retireWorker: true };
}

/** Moves a buffer back to the caller instead of copying it. */
export function bytes(payload: { length: number }): TaskOutcome<Uint8Array> {
  const out = new Uint8Array(payload.length).map((_, i) => i % 251);
  return { value: out, transfer: [out.buffer] };
}

export const notAFunction = 42;

/** Never returns: counts in counters[0] as fast as it can, so a test can see whether the thread still runs. */
export function spin(payload: { counters: SharedArrayBuffer }): TaskOutcome<null> {
  const counters = new Int32Array(payload.counters);
  for (;;) Atomics.add(counters, 0, 1);
}

/** Keeps its thread busy (on the CPU) for `ms`. */
export function burn(payload: { ms: number }): TaskOutcome<null> {
  const end = Date.now() + payload.ms;
  while (Date.now() < end);
  return { value: null };
}
