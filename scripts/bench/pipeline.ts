/**
 * The whole notebook pipeline headless (`npx tsx scripts/run-notebooks.ts --no-html`) on the
 * shipped ~5k-row sample, timed by the runner itself: its summary table gives per-notebook
 * seconds. One run only: a run takes minutes and starts the embedded S3 server.
 */
import * as path from 'node:path';
import type { BenchRow } from '../lib/bench/report';
import { parseRunnerTable } from '../lib/bench/runner-table';
import { run } from './processes';

const ROOT = path.resolve(__dirname, '..', '..');
export const PIPELINE_GOAL_SECONDS = 120;

export function pipelineRow(output: string, exitCode: number | null, sizeLabel: string): BenchRow {
  const table = parseRunnerTable(output);
  const perNotebook = table.notebooks.map((n) => `${n.notebook.replace(/\.ipynb$/, '')} ${n.seconds === null ? n.status : `${n.seconds.toFixed(1)} s`}${n.status === 'ok' || n.seconds === null ? '' : ` ${n.status}`}`);
  const failed = table.notebooks.filter((n) => n.status !== 'ok');
  const notes = [...perNotebook, `goal ≤ ${PIPELINE_GOAL_SECONDS} s`];
  if (failed.length > 0 || exitCode !== 0) notes.push(`runner exit ${String(exitCode)}, ${failed.length} notebook(s) not ok`);
  const details: Record<string, number | string | boolean> = { totalSeconds: table.totalSeconds, allOk: failed.length === 0 && exitCode === 0 };
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

export async function runPipelineTask(rows: number): Promise<BenchRow[]> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = await run(npx, ['tsx', path.join('scripts', 'run-notebooks.ts'), '--no-html'], { cwd: ROOT, echoStdout: true });
  return [pipelineRow(result.stdout, result.code, `4 notebooks, ~${Math.round(rows / 1000)}k rows`)];
}
