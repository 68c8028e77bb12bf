/**
 * Polls a SageMaker Describe* call until the job reaches a terminal status. Used instead of the
 * SDK waiters because a failed job must surface its FailureReason, which the waiters drop, and
 * because tests need a zero-delay poll.
 */

export interface PollOptions {
  /** Delay between Describe calls (default 30 s). */
  intervalMs?: number;
  /** Give up after this long (default 24 h, SageMaker's maximum training runtime, plus margin). */
  timeoutMs?: number;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Called with each status seen (progress display). */
  onStatus?: (status: string) => void;
}

const DEFAULT_POLL_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 25 * 60 * 60 * 1000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `describe` until `statusOf` returns one of `terminal`, returning that description.
 * `what` names the job in the timeout error.
 */
export async function pollUntilTerminal<T>(
  what: string,
  describe: () => Promise<T>,
  statusOf: (description: T) => string | undefined,
  terminal: readonly string[],
  options: PollOptions = {},
): Promise<T> {
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? realSleep;
  const started = Date.now();
  for (;;) {
    const description = await describe();
    const status = statusOf(description);
    if (status !== undefined && options.onStatus !== undefined) options.onStatus(status);
    if (status !== undefined && terminal.includes(status)) return description;
    if (Date.now() - started > timeout) {
      throw new Error(
        `${what}: still ${status ?? 'without a status'} after ${Math.round(timeout / 1000)} s; stopped waiting (the job may still be running)`,
      );
    }
    await sleep(interval);
  }
}

/** Where SageMaker's training, processing, transform and tuning jobs end. */
const JOB_TERMINAL_STATUSES: readonly string[] = ['Completed', 'Failed', 'Stopped'];

/**
 * Polls a job until it ends and returns its final description; throws `<what> ended <status>:
 * <FailureReason>` unless it Completed.
 */
export async function waitForJobCompletion<T extends { FailureReason?: string }>(
  what: string,
  describe: () => Promise<T>,
  statusOf: (description: T) => string | undefined,
  options: PollOptions = {},
): Promise<T> {
  const description = await pollUntilTerminal(what, describe, statusOf, JOB_TERMINAL_STATUSES, options);
  const status = statusOf(description);
  if (status !== 'Completed')
    throw new Error(`${what} ended ${status}: ${description.FailureReason ?? 'no FailureReason given'}`);
  return description;
}
