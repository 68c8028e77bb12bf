/**
 * What a task child process (run-task.ts) is given and what it reports back. The child prints
 * its result as one line `BENCH_RESULT <json>` so library logging on stdout cannot be mistaken
 * for it.
 */

export const RESULT_PREFIX = 'BENCH_RESULT ';

export type Details = Record<string, number | string | boolean>;

export interface Measurement {
  /** Distinguishes several measurements of one task (e.g. endpoint scenarios); '' for one. */
  label: string;
  samplesMs: number[];
  details: Details;
}

export interface TaskOutput {
  measurements: Measurement[];
  peakRssBytes: number;
}

export interface RepeatConfig {
  warmup: number;
  runs: number;
}

/** Finds and parses the result line in a child's stdout; throws naming what was wrong. */
export function parseTaskOutput(stdout: string, task: string): TaskOutput {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`task ${task}: the child printed no ${RESULT_PREFIX.trim()} line`);
  const parsed = JSON.parse(line.slice(RESULT_PREFIX.length)) as TaskOutput;
  if (!Array.isArray(parsed.measurements) || typeof parsed.peakRssBytes !== 'number') {
    throw new Error(`task ${task}: result line lacks measurements or peakRssBytes`);
  }
  return parsed;
}
