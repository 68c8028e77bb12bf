/**
 * Cancellation for long computations (tuning, cross-validation, pool jobs): they take an
 * AbortSignal and, once it fires, end their work and reject with an AbortError. A notebook step
 * owns one signal per run and fires it on a kernel interrupt (shared/core/notebook/interrupt.ts).
 */

export class AbortError extends Error {
  constructor(what: string) {
    super(`${what} was interrupted`);
    this.name = 'AbortError';
  }
}

/** True for our AbortError and for the platform's (DOMException or Error named AbortError). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The error a computation named `what` rejects with once `signal` fired. */
export function abortErrorFor(signal: AbortSignal, what: string): Error {
  return signal.reason instanceof AbortError ? signal.reason : new AbortError(what);
}

/** Throws the AbortError when `signal` has fired: call it between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortErrorFor(signal, what);
}

/** Waits `ms`, or rejects with the AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortErrorFor(signal, what));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFor(signal as AbortSignal, what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long a cooperative loop runs between two yields to the event loop (see `cooperativePause`). */
const SLICE_MS = 50;

/**
 * For a long synchronous loop that takes a signal: `await pause()` between units of work. A
 * signal is fired by an event (Kernel > Interrupt's SIGINT listener), which cannot run while the
 * loop holds the thread; so, given a signal, the pause yields to the event loop on its first call
 * (which also ends the synchronous part of a notebook cell, where SIGINT would otherwise kill the
 * cell with Node's own message) and then every `sliceMs`, and throws the AbortError as soon as the
 * signal has fired. The loop's work and its order do not change, so neither do its results.
 * Without a signal it never yields.
 */
export function cooperativePause(
  signal: AbortSignal | undefined,
  what: string,
  sliceMs = SLICE_MS,
): () => Promise<void> | undefined {
  let sliceStart = -Infinity;
  return () => {
    throwIfAborted(signal, what);
    if (signal === undefined || performance.now() - sliceStart < sliceMs) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      throwIfAborted(signal, what);
      sliceStart = performance.now();
    });
  };
}
