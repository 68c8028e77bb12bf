/**
 * The parts of the Jupyter notebook format (nbformat 4) the project reads and writes, and the
 * verdict on an executed notebook: which cell failed, what it printed, whether any was skipped.
 */
import { STEP_ERROR_MIME, type StepFailure } from '../notebook/step';

export interface NotebookOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | 'update_display_data';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  id?: string;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One line of the progress file that scripts/nbconvert/execute_config.py appends per cell. */
export interface CellProgress {
  index: number;
  status: string;
  execution_count: number | null;
  source: string | string[];
  outputs: NotebookOutput[];
}

export function joinSource(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

export function parseNotebook(text: string, fileName: string): Notebook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid notebook JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const notebook = parsed as Partial<Notebook>;
  if (!Array.isArray(notebook.cells) || typeof notebook.nbformat !== 'number') {
    throw new Error(`${fileName}: not a Jupyter notebook (missing "cells" or "nbformat")`);
  }
  return notebook as Notebook;
}

export function serializeNotebook(notebook: Notebook): string {
  return JSON.stringify(notebook, null, 1) + '\n';
}

/** A copy without outputs and execution counts: what the repository holds. */
export function stripOutputs(notebook: Notebook): Notebook {
  return {
    ...notebook,
    cells: notebook.cells.map((cell) => {
      if (cell.cell_type !== 'code') return cell;
      const metadata = { ...cell.metadata };
      delete metadata.execution;
      delete metadata.pipeline;
      return { ...cell, metadata, outputs: [], execution_count: null };
    }),
  };
}

export function hasOutputs(notebook: Notebook): boolean {
  return notebook.cells.some(
    (cell) => cell.cell_type === 'code' && ((cell.outputs?.length ?? 0) > 0 || (cell.execution_count ?? null) !== null),
  );
}

export function parseProgress(text: string): CellProgress[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CellProgress);
}

function outputText(output: NotebookOutput): string {
  if (output.output_type === 'stream') return joinSource(output.text ?? '');
  if (output.output_type === 'error') return [`${output.ename}: ${output.evalue}`, ...(output.traceback ?? [])].join('\n');
  const plain = output.data?.['text/plain'];
  return typeof plain === 'string' ? plain : Array.isArray(plain) ? plain.join('') : '';
}

function stepFailureIn(outputs: NotebookOutput[]): (StepFailure & { skipped: boolean }) | undefined {
  for (const output of outputs) {
    const marker = output.data?.[STEP_ERROR_MIME] as (StepFailure & { skipped: boolean }) | undefined;
    if (marker && !marker.skipped) return marker;
  }
  return undefined;
}

/** Keeps the lines a reader needs: the JS/TS error, not the kernel's own frames. */
export function cleanErrorText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/node_modules[\\/]tslab|\(node:|at node:|sigintHandlersWrap|Script\.runInThisContext/.test(line))
    .join('\n')
    .trim();
}

export interface CellFailure {
  /** 1-based position among all cells, as JupyterLab shows it. */
  cellNumber: number;
  /** 1-based position among code cells. */
  codeCellNumber: number;
  source: string;
  error: string;
  reason: 'error' | 'step-failed' | 'aborted' | 'not-run';
}

export interface ExecutionVerdict {
  codeCells: number;
  executed: number;
  failure: CellFailure | undefined;
}

/**
 * Judges a run from the source notebook and the per-cell progress lines: the first cell that
 * errored, failed a guarded step, was aborted by the kernel, or never ran.
 */
export function judgeExecution(source: Notebook, progress: CellProgress[]): ExecutionVerdict {
  const byIndex = new Map(progress.map((p) => [p.index, p]));
  let codeCellNumber = 0;
  let executed = 0;
  let failure: CellFailure | undefined;
  source.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    codeCellNumber += 1;
    const run = byIndex.get(index);
    const ok = run !== undefined && run.status === 'ok' && typeof run.execution_count === 'number';
    const stepFailed = run ? stepFailureIn(run.outputs) : undefined;
    if (ok && !stepFailed) executed += 1;
    if (failure || (ok && !stepFailed)) return;
    const base = { cellNumber: index + 1, codeCellNumber, source: joinSource(cell.source) };
    if (run === undefined) failure = { ...base, error: 'the cell was never executed', reason: 'not-run' };
    else if (stepFailed) failure = { ...base, error: `${stepFailed.name}: ${stepFailed.message}`, reason: 'step-failed' };
    else if (run.status === 'error') {
      failure = { ...base, error: cleanErrorText(run.outputs.map(outputText).join('\n')) || 'the kernel reported an error without a message', reason: 'error' };
    } else failure = { ...base, error: `the kernel answered "${run.status}" (the cell did not run)`, reason: 'aborted' };
  });
  return { codeCells: codeCellNumber, executed, failure };
}

/** The source notebook with the outputs and counts recorded in `progress` filled in. */
export function mergeProgress(source: Notebook, progress: CellProgress[]): Notebook {
  const byIndex = new Map(progress.map((p) => [p.index, p]));
  return {
    ...source,
    cells: source.cells.map((cell, index) => {
      const run = byIndex.get(index);
      if (cell.cell_type !== 'code' || !run) return cell;
      return { ...cell, outputs: run.outputs, execution_count: run.execution_count, metadata: { ...cell.metadata, pipeline: { status: run.status } } };
    }),
  };
}
