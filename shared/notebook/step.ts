/**
 * Guarded notebook steps. tslab aborts the execute requests that arrive within 200 ms after a
 * cell throws, so in "Run All" every later cell would be skipped without a word. A step never
 * throws: it shows the error (message, where, what to do) as a rich output carrying the
 * STEP_ERROR_MIME marker, which the headless runner turns into a failed run naming the cell;
 * later steps then say they were skipped and why, instead of failing on missing values.
 * The one exception is Kernel > Interrupt (./interrupt): the body gets an AbortSignal that the
 * interrupt fires; the step shows "interrupted" in its cell and throws, so the cell ends as
 * interrupted and the front end's queued cells are dropped, as with any other kernel.
 */
import { displayBundle, escapeHtml, inKernel, inThisCell } from './display';
import { beginStepRun, StepInterrupted } from './interrupt';

export const STEP_ERROR_MIME = 'application/vnd.stroke-pipeline.step-error+json';

export interface StepFailure {
  step: string;
  name: string;
  message: string;
  stack: string | undefined;
}

let firstFailure: StepFailure | undefined;

export function stepFailure(): StepFailure | undefined {
  return firstFailure;
}

/** Forgets an earlier failure (a user fixed the cause and re-runs the notebook's cells). */
export function resetSteps(): void {
  firstFailure = undefined;
}

function describe(error: unknown): { name: string; message: string; stack: string | undefined } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: typeof error === 'number' ? `non-Error value thrown: ${error}` : String(error), stack: undefined };
}

function showFailure(failure: StepFailure, skipped: boolean): void {
  const heading = skipped ? `Skipped "${failure.step}"` : `Step "${failure.step}" ${failure.name === INTERRUPTED ? 'interrupted' : 'failed'}`;
  const detail = skipped ? `an earlier step failed: ${failure.name}: ${failure.message}` : `${failure.name}: ${failure.message}`;
  displayBundle({
    [STEP_ERROR_MIME]: { ...failure, skipped },
    'text/html':
      `<div style="border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px;font-family:monospace;white-space:pre-wrap">` +
      `<b>${escapeHtml(heading)}</b>\n${escapeHtml(detail)}</div>`,
    'text/plain': `${heading}\n${detail}`,
  });
  if (!skipped && failure.name !== INTERRUPTED) console.error(`${heading}: ${detail}${failure.stack ? `\n${failure.stack}` : ''}`);
}

const INTERRUPTED = 'Interrupted';

/**
 * Runs `body` and returns its value. On error: displays it and returns undefined typed as T —
 * every later step is then skipped, so that value is never used. `signal` fires on Kernel >
 * Interrupt: pass it to long helpers (their `signal` option); the step then throws StepInterrupted.
 */
export function step<T>(title: string, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  // Everything the step shows, its failure included, goes to the cell it started in.
  return inThisCell(() => runStep(title, body));
}

async function runStep<T>(title: string, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  if (firstFailure) {
    showFailure({ ...firstFailure, step: title }, true);
    return undefined as unknown as T;
  }
  const run = beginStepRun(title, { inKernel: inKernel() });
  try {
    return await body(run.signal);
  } catch (error) {
    if (run.signal.aborted) {
      firstFailure = { step: title, name: INTERRUPTED, message: 'stopped at your request (Kernel > Interrupt)', stack: undefined };
      showFailure(firstFailure, false);
      throw new StepInterrupted(title);
    }
    firstFailure = { step: title, ...describe(error) };
    showFailure(firstFailure, false);
    return undefined as unknown as T;
  } finally {
    run.end();
  }
}

/** A notebook assertion: fails the step with a message saying what must hold. */
export function check(condition: boolean, whatMustHold: string): asserts condition {
  if (!condition) throw new PipelineCheckError(whatMustHold);
}

export class PipelineCheckError extends Error {
  constructor(whatMustHold: string) {
    super(`check failed: ${whatMustHold}`);
    this.name = 'PipelineCheckError';
  }
}
