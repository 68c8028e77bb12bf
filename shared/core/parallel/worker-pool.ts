/**
 * A small pool of persistent worker threads, so start-up (tsx, module loading, wasm
 * compilation and its tier-up) is paid once rather than per task. Workers start on demand up
 * to `size`, run one task at a time, and are unref()ed while idle: an idle pool never keeps a
 * process or a notebook kernel alive, while a pending task does. `close()` ends them.
 * A task given an AbortSignal leaves the queue when it fires, or, when running, has its worker
 * terminated (a worker cannot be asked to stop mid-task) and replaced on demand.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ReplyMessage, TaskKind, TaskMessage } from './pool-protocol';
import { startTypeScriptWorker } from './typescript-worker';
import { abortErrorFor } from '../util/abort';

export type { TaskOutcome } from './pool-protocol';
export { taskKind } from './pool-protocol';

const WORKER_ENTRY = path.join(__dirname, 'pool-worker.ts');

interface PendingTask {
  message: TaskMessage;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface PoolThread {
  worker: Worker;
  current: PendingTask | null;
}

export interface WorkerPoolOptions {
  /** Most workers running at once; default: the cores available to this process. */
  size?: number;
}

/** The cores this process may use (at least 1). */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism());
}

export class WorkerPool {
  readonly size: number;
  private readonly threads = new Set<PoolThread>();
  private readonly idle: PoolThread[] = [];
  private readonly queue: PendingTask[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? availableCores();
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`WorkerPool: size must be a positive integer, got ${size}`);
    this.size = size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Workers started and not yet ended. */
  get workerCount(): number {
    return this.threads.size;
  }

  /** Workers running a task now. */
  get busyCount(): number {
    return [...this.threads].filter((thread) => thread.current !== null).length;
  }

  /**
   * Runs the task on the next free worker; resolves with the handler's value or rejects with its
   * error. When `signal` fires first, rejects with an AbortError and ends the task's worker.
   */
  run<Payload, Result>(
    kind: TaskKind<Payload, Result>,
    payload: Payload,
    transfer: ArrayBuffer[] = [],
    signal?: AbortSignal,
  ): Promise<Result> {
    if (this.closed) return Promise.reject(new Error(`worker pool is closed; cannot run ${kind.handler}`));
    if (signal?.aborted) return Promise.reject(abortErrorFor(signal, kind.handler));
    return new Promise<Result>((resolve, reject) => {
      const message: TaskMessage = { id: this.nextId++, module: kind.module, handler: kind.handler, payload };
      const task: PendingTask = { message, transfer, resolve: resolve as (value: unknown) => void, reject };
      if (signal !== undefined) {
        const onAbort = () => this.abort(task, abortErrorFor(signal, kind.handler));
        signal.addEventListener('abort', onAbort, { once: true });
        const forget = () => signal.removeEventListener('abort', onAbort);
        task.resolve = (value) => {
          forget();
          resolve(value as Result);
        };
        task.reject = (error) => {
          forget();
          reject(error);
        };
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Drops a queued task, or terminates the worker running it; the task rejects with `error` (after the worker ended). */
  private abort(task: PendingTask, error: Error): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      task.reject(error);
      return;
    }
    const thread = [...this.threads].find((t) => t.current === task);
    if (thread === undefined) return; // already settled
    this.forget(thread);
    thread.current = null;
    // Rejects once the thread has ended, so that nothing of the task runs after its caller hears of the abort.
    const rejectTask = () => task.reject(error);
    thread.worker.terminate().then(rejectTask, rejectTask);
    if (!this.closed) this.dispatch();
  }

  /** Ends every worker; queued and running tasks reject. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0))
      task.reject(new Error(`worker pool closed before ${task.message.handler} ran`));
    const ending = [...this.threads].map((thread) => {
      this.forget(thread);
      thread.current?.reject(new Error(`worker pool closed while ${thread.current.message.handler} was running`));
      thread.current = null;
      return thread.worker.terminate();
    });
    await Promise.all(ending);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.idle.pop();
      if (thread === undefined) {
        if (this.threads.size >= this.size) return;
        const task = this.queue[0];
        try {
          thread = this.start();
        } catch (error) {
          this.queue.shift();
          task.reject(
            new Error(
              `could not start a worker for ${task.message.handler}: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
          continue;
        }
      }
      const task = this.queue.shift() as PendingTask;
      try {
        thread.worker.postMessage(task.message, task.transfer);
      } catch (error) {
        task.reject(
          new Error(
            `cannot send ${task.message.handler} to a worker: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
        this.idle.push(thread);
        continue;
      }
      thread.current = task;
      thread.worker.ref();
    }
  }

  private start(): PoolThread {
    const worker = startTypeScriptWorker(WORKER_ENTRY);
    const thread: PoolThread = { worker, current: null };
    this.threads.add(thread);
    worker.unref();
    worker.on('message', (reply: ReplyMessage) => this.onReply(thread, reply));
    worker.on('error', (error: Error) => this.onFailure(thread, `crashed: ${error.message}`));
    worker.on('exit', (code: number) => this.onFailure(thread, `exited with code ${code}`));
    return thread;
  }

  private onReply(thread: PoolThread, reply: ReplyMessage): void {
    const task = thread.current;
    thread.current = null;
    if (task !== null && task.message.id === reply.id) {
      if (reply.error === null) task.resolve(reply.value);
      else task.reject(new Error(reply.error));
    }
    if (reply.retire) {
      this.forget(thread);
      void thread.worker.terminate();
    } else if (this.threads.has(thread)) {
      thread.worker.unref();
      this.idle.push(thread);
    }
    this.dispatch();
  }

  private onFailure(thread: PoolThread, what: string): void {
    if (!this.threads.has(thread)) return;
    this.forget(thread);
    const task = thread.current;
    thread.current = null;
    if (task !== null) task.reject(new Error(`worker ${what} while running ${task.message.handler}`));
    if (!this.closed) this.dispatch();
  }

  private forget(thread: PoolThread): void {
    this.threads.delete(thread);
    const at = this.idle.indexOf(thread);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

let shared: WorkerPool | undefined;

/** The process-wide pool (one worker per available core), started on first use. */
export function sharedWorkerPool(): WorkerPool {
  if (shared === undefined || shared.isClosed) shared = new WorkerPool();
  return shared;
}
