/**
 * How long each step's own work took. When the runner names a file in STROKE_STEP_TIMES, every
 * step run appends one JSON line to it, `{"step": title, "ms": duration}`. That is the notebook's
 * real work; the benchmark holds it against the run's wall time to measure the machinery around
 * it (kernel start, compiling the imports and cells, nbconvert).
 */
import * as fs from 'node:fs';

export const STEP_TIMES_ENV = 'STROKE_STEP_TIMES';

/** Where the runner keeps a notebook's step times: beside its executed copy, `<name>.steps.jsonl`. */
export function stepTimesFileOf(executedNotebook: string): string {
  return executedNotebook.replace(/\.ipynb$/, '') + '.steps.jsonl';
}

export interface StepTime {
  step: string;
  ms: number;
}

/** Appends a step's duration to the file named in STROKE_STEP_TIMES; does nothing when unset. */
export function recordStepTime(title: string, ms: number, file = process.env[STEP_TIMES_ENV]): void {
  if (file) fs.appendFileSync(file, JSON.stringify({ step: title, ms: ms }) + '\n');
}

/** Reads a step-times file back; throws naming the file and line of a malformed entry. */
export function parseStepTimes(text: string, file: string): StepTime[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    const where = `${file}:${index + 1}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not JSON: ${line.slice(0, 80)}`);
    }
    const { step, ms } = (entry ?? {}) as { step?: unknown; ms?: unknown };
    if (typeof step !== 'string' || typeof ms !== 'number' || !(ms >= 0)) {
      throw new Error(`${where}: expected {"step": string, "ms": number ≥ 0}, got ${line.slice(0, 80)}`);
    }
    return [{ step: step, ms: ms }];
  });
}
