/**
 * The whole notebook pipeline headless (`npx tsx scripts/run-notebooks.ts --no-html`) on the
 * shipped ~5k-row sample, timed by the runner itself: its summary table gives per-notebook
 * seconds. One run only: a run takes minutes and starts the embedded S3 server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStepTimes, stepTimesFileOf } from '../../shared/core/notebook/step-times';
import { cellTimings, machineryBreakdown, sumBreakdowns, type MachineryBreakdown } from '../lib/bench/machinery';
import type { BenchRow } from '../lib/bench/report';
import { parseRunnerTable } from '../lib/bench/runner-table';
import { run } from './processes';

const ROOT = path.resolve(__dirname, '..', '..');
export const PIPELINE_GOAL_SECONDS = 45;
export const MACHINERY_GOAL_RATIO = 1.3;

export function pipelineRow(output: string, exitCode: number | null, sizeLabel: string): BenchRow {
  const table = parseRunnerTable(output);
  const perNotebook = table.notebooks.map(
    (n) =>
      `${n.notebook.replace(/\.ipynb$/, '')} ${n.seconds === null ? n.status : `${n.seconds.toFixed(1)} s`}${n.status === 'ok' || n.seconds === null ? '' : ` ${n.status}`}`,
  );
  const failed = table.notebooks.filter((n) => n.status !== 'ok');
  const notes = [...perNotebook, `goal ≤ ${PIPELINE_GOAL_SECONDS} s`];
  if (failed.length > 0 || exitCode !== 0)
    notes.push(`runner exit ${String(exitCode)}, ${failed.length} notebook(s) not ok`);
  const details: Record<string, number | string | boolean> = {
    totalSeconds: table.totalSeconds,
    allOk: failed.length === 0 && exitCode === 0,
  };
  for (const n of table.notebooks) details[`seconds.${n.notebook}`] = n.seconds ?? -1;
  const totalMs = table.totalSeconds * 1000;
  return {
    task: 'pipeline',
    size: sizeLabel,
    ours: { status: 'measured', medianMs: totalMs, samplesMs: [totalMs], peakRssBytes: null },
    reference: { status: 'unavailable', reason: '— (no reference)' },
    notes,
    details,
  };
}

/** The breakdown of each notebook the runner timed, from its executed copy and step times. */
export function notebookBreakdowns(output: string, executedDir: string): MachineryBreakdown[] {
  return parseRunnerTable(output).notebooks.flatMap((n) => {
    if (n.seconds === null) return [];
    const executed = path.join(executedDir, n.notebook);
    const stepsFile = stepTimesFileOf(executed);
    const steps = fs.existsSync(stepsFile) ? parseStepTimes(fs.readFileSync(stepsFile, 'utf8'), stepsFile) : [];
    return [machineryBreakdown(n.seconds * 1000, cellTimings(fs.readFileSync(executed, 'utf8'), executed), steps)];
  });
}

/** The pipeline's wall time against the steps' own work: what kernel, compiler and nbconvert add. */
export function machineryRow(parts: readonly MachineryBreakdown[], sizeLabel: string): BenchRow {
  const total = sumBreakdowns(parts);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    task: 'pipeline machinery',
    size: sizeLabel,
    ours: { status: 'measured', medianMs: total.wallMs, samplesMs: [total.wallMs], peakRssBytes: null },
    reference: { status: 'measured', medianMs: total.workMs, samplesMs: [total.workMs], peakRssBytes: null },
    notes: [
      `wall against the steps' own work; in cells outside steps ${seconds(total.inCellsMs)} (first cells ${seconds(total.firstCellMs)}), outside cells ${seconds(total.outsideCellsMs)}`,
      `goal ≤ ${MACHINERY_GOAL_RATIO.toFixed(1)}×`,
    ],
    details: { ...total },
  };
}

export async function runPipelineTask(rows: number): Promise<BenchRow[]> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = await run(npx, ['tsx', path.join('scripts', 'run-notebooks.ts'), '--no-html'], {
    cwd: ROOT,
    echoStdout: true,
  });
  const size = `4 notebooks, ~${Math.round(rows / 1000)}k rows`;
  const rowsOut = [pipelineRow(result.stdout, result.code, size)];
  if (result.code === 0)
    rowsOut.push(machineryRow(notebookBreakdowns(result.stdout, path.join(ROOT, 'reports', 'notebooks')), size));
  return rowsOut;
}
