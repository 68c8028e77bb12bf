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
