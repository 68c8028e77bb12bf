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
 */
import { displayBundle, escapeHtml } from './display';

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

/** The failure that currently makes later steps skip, if any. */
export function stepFailure(): StepFailure | undefined {
  return run.failure;
}

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
  return { name: 'Error', message: typeof error === 'number' ? `non-Error value thrown: ${error}` : String(error), stack: undefined };
}

function recoveryHint(failed: string): string {
  return `To go on: fix the cause and run the cell of "${failed}" again; once it passes, the cells after it run ` +
    'again. Or run the notebook from the top (Run All).';
}

function showFailure(title: string, failure: StepFailure): void {
  const skipped = title !== failure.step;
  const heading = skipped ? `Skipped "${title}"` : `Step "${failure.step}" failed`;
  const cause = `${failure.name}: ${failure.message}`;
  const detail = skipped
    ? `because step "${failure.step}" failed: ${cause}\n${recoveryHint(failure.step)}`
    : `${cause}\nThe cells after this one are skipped until it passes: fix the cause and run this cell again.`;
  displayBundle({
    [STEP_ERROR_MIME]: { ...failure, step: title, skipped, ...(skipped ? { failedStep: failure.step } : {}) },
    'text/html':
      `<div style="border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px;font-family:monospace;white-space:pre-wrap">` +
      `<b>${escapeHtml(heading)}</b>\n${escapeHtml(detail)}</div>`,
    'text/plain': `${heading}\n${detail}`,
  });
  if (!skipped && failure.stack) console.error(`${heading}: ${cause}\n${failure.stack}`);
}

/**
 * Runs `body` and returns its value. On error: displays it and returns undefined typed as T —
 * the steps after it are then skipped, so that value is never used.
 */
export async function step<T>(title: string, body: () => T | Promise<T>): Promise<T> {
  const before = run.failure;
  if (before && title !== before.step && !run.passed.has(title)) {
    showFailure(title, before);
    return undefined as unknown as T;
  }
  try {
    const value = await body();
    run.passed.add(title);
    if (run.failure?.step === title) run.failure = undefined;
    return value;
  } catch (error) {
    const described = describe(error);
    run.passed.delete(title);
    run.failure = { step: title, ...described, stack: error instanceof ExplainedError ? undefined : described.stack };
    showFailure(title, run.failure);
    return undefined as unknown as T;
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
