/**
 * What a worker pool and its workers say to each other, and what a task handler looks like.
 * A task names a handler exported by a TypeScript module; the worker requires the module once
 * and calls the handler with the task's payload.
 */

/** A kind of task: the handler `handler` exported by the module at `module` (absolute path). */
export interface TaskKind<Payload, Result> {
  module: string;
  handler: string;
  /** Never set: carries the payload and result types from the declaration to `WorkerPool.run`. */
  readonly types?: (payload: Payload) => Result;
}

/** What a handler returns: the value posted back, buffers to move rather than copy, and whether to retire the worker. */
export interface TaskOutcome<Result> {
  value: Result;
  transfer?: ArrayBuffer[];
  /** Replace this worker after the task, e.g. because it holds memory it cannot give back. */
  retireWorker?: boolean;
}

export type PoolHandler<Payload, Result> = (payload: Payload) => TaskOutcome<Result> | Promise<TaskOutcome<Result>>;

export interface TaskMessage {
  id: number;
  module: string;
  handler: string;
  payload: unknown;
}

/** One flat shape rather than a union: tslab compiles without strictNullChecks, where narrowing it is unreliable. */
export interface ReplyMessage {
  id: number;
  /** The handler's error message, or null on success. */
  error: string | null;
  value: unknown;
  retire: boolean;
}

export function taskKind<Payload, Result>(module: string, handler: string): TaskKind<Payload, Result> {
  return { module, handler };
}
