/**
 * Guarded notebook steps. tslab aborts the execute requests that arrive within 200 ms after a
 * cell throws, so in "Run All" every later cell would be skipped without a word. A step never
 * throws: it shows the error (message, where, what to do) as a rich output carrying the
 * STEP_ERROR_MIME marker, which the headless runner turns into a failed run naming the cell
 * (nbconvert stops there); later steps then say they were skipped, which step failed and how to
 * recover, instead of failing on missing values.
 *
 * Recovering in a live kernel: a notebook's first cell calls `startNotebook`, so running from the
 * top starts afresh. After a failure, the failed step itself runs when its cell is run again
 * (passing clears the failure) and so do the steps that passed before it; only steps after it,
 * which may need its value, are skipped.
 *
 * The one exception to "never throws" is Kernel > Interrupt (./interrupt): the body gets an
 * AbortSignal that the interrupt fires; the step shows "interrupted" in its cell and throws, so the
 * cell ends as interrupted and the front end's queued cells are dropped, as with any other kernel.
 * An interrupted step counts as failed: running its cell again runs it.
 */
import { displayBundle, escapeHtml, inKernel, inThisCell } from './display';
import { beginStepRun, StepInterrupted } from './interrupt';
import { recordStepTime } from './step-times';

export const STEP_ERROR_MIME = 'application/vnd.stroke-pipeline.step-error+json';

export interface StepFailure {
  step: string;
  name: string;
  message: string;
  stack: string | undefined;
}

/** One notebook's run in this kernel: the steps that passed, and the failure that stops the rest. */
interface NotebookRun {
  passed: Set<string>;
  failure: StepFailure | undefined;
}

let run: NotebookRun = { passed: new Set(), failure: undefined };

/**
 * A notebook's first cell: a run from the top starts here, so nothing of an earlier run (of this
 * notebook, or of another one in the same kernel) skips a step any more.
 */
export function startNotebook(): void {
  run = { passed: new Set(), failure: undefined };
}

/** An error whose message says what is wrong and what to do: shown without a JavaScript stack. */
export class ExplainedError extends Error {}

function describe(error: unknown): { name: string; message: string; stack: string | undefined } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return {
    name: 'Error',
    message: typeof error === 'number' ? `non-Error value thrown: ${error}` : String(error),
    stack: undefined,
  };
}

function recoveryHint(failed: string): string {
  return (
    `To go on: fix the cause and run the cell of "${failed}" again; once it passes, the cells after it run ` +
    'again. Or run the notebook from the top (Run All).'
  );
}

const INTERRUPTED = 'Interrupted';

function showFailure(title: string, failure: StepFailure): void {
  const skipped = title !== failure.step;
  const interrupted = failure.name === INTERRUPTED;
  const heading = skipped ? `Skipped "${title}"` : `Step "${failure.step}" ${interrupted ? 'interrupted' : 'failed'}`;
  const cause = `${failure.name}: ${failure.message}`;
  const detail = skipped
    ? `because step "${failure.step}" failed: ${cause}\n${recoveryHint(failure.step)}`
    : interrupted
      ? `${cause}\nThe cells after this one are skipped until it runs to the end: run this cell again.`
      : `${cause}\nThe cells after this one are skipped until it passes: fix the cause and run this cell again.`;
  displayBundle({
    [STEP_ERROR_MIME]: { ...failure, step: title, skipped, ...(skipped ? { failedStep: failure.step } : {}) },
    'text/html':
      `<div style="border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px;font-family:monospace;white-space:pre-wrap">` +
      `<b>${escapeHtml(heading)}</b>\n${escapeHtml(detail)}</div>`,
    'text/plain': `${heading}\n${detail}`,
  });
  if (!skipped && !interrupted && failure.stack) console.error(`${heading}: ${cause}\n${failure.stack}`);
}

/**
 * Runs `body` and returns its value. On error: displays it and returns undefined typed as T —
 * the steps after it are then skipped, so that value is never used. `signal` fires on Kernel >
 * Interrupt: pass it to long helpers (their `signal` option); the step then throws StepInterrupted.
 */
export function step<T>(title: string, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  // Everything the step shows, its failure included, goes to the cell it started in.
  return inThisCell(() => runStep(title, body));
}

async function runStep<T>(title: string, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  const before = run.failure;
  if (before && title !== before.step && !run.passed.has(title)) {
    showFailure(title, before);
    return undefined as unknown as T;
  }
  const kernel = inKernel();
  const stepRun = beginStepRun(title, { inKernel: kernel });
  const started = performance.now();
  try {
    // In a kernel the body starts on the next turn of the event loop, after the cell's synchronous
    // part: tslab runs that part with vm's breakOnSigint, where an interrupt kills the cell with
    // Node's own message instead of aborting the step (and the step would never end).
    if (kernel) await new Promise<void>((resolve) => setImmediate(resolve));
    const value = await body(stepRun.signal);
    // A body that did not look at its signal still ends as interrupted: the user asked to stop.
    if (stepRun.signal.aborted) throw stepRun.signal.reason;
    run.passed.add(title);
    if (run.failure?.step === title) run.failure = undefined;
    return value;
  } catch (error) {
    run.passed.delete(title);
    if (stepRun.signal.aborted) {
      run.failure = {
        step: title,
        name: INTERRUPTED,
        message: 'stopped at your request (Kernel > Interrupt)',
        stack: undefined,
      };
      showFailure(title, run.failure);
      throw new StepInterrupted(title);
    }
    const described = describe(error);
    run.failure = { step: title, ...described, stack: error instanceof ExplainedError ? undefined : described.stack };
    showFailure(title, run.failure);
    return undefined as unknown as T;
  } finally {
    stepRun.end();
    recordStepTime(title, performance.now() - started);
  }
}

/** A notebook assertion: fails the step with a message saying what must hold. */
export function check(condition: boolean, whatMustHold: string): asserts condition {
  if (!condition) throw new PipelineCheckError(whatMustHold);
}

class PipelineCheckError extends Error {
  constructor(whatMustHold: string) {
    super(`check failed: ${whatMustHold}`);
    this.name = 'PipelineCheckError';
  }
}
