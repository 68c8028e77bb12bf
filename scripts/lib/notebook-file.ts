/**
 * The parts of the Jupyter notebook format (nbformat 4) the project reads and writes, and the
 * verdict on an executed notebook: which cell failed, what it printed, whether any was skipped.
 */
import { STEP_ERROR_MIME, type StepFailure } from '../../shared/core/notebook/step';

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

/**
 * One executed cell, from the progress file scripts/nbconvert/execute_config.py appends to: an
 * event line per cell, and the outputs only if the run failed (empty otherwise).
 */
export interface CellProgress {
  index: number;
  status: string;
  execution_count: number | null;
  outputs: NotebookOutput[];
}

interface OutputsLine {
  outputs: Record<string, NotebookOutput[]>;
}

export function joinSource(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

export function parseNotebook(text: string, fileName: string): Notebook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${fileName}: not valid notebook JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
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
      delete metadata.scrolled; // the output's scroll box (a chart turns it off), meaningless without outputs
      return { ...cell, metadata, outputs: [], execution_count: null };
    }),
  };
}

function canonicalCell(cell: NotebookCell): NotebookCell {
  const out: Record<string, unknown> = {
    cell_type: cell.cell_type,
    metadata: cell.metadata ?? {},
    source: joinSource(cell.source),
  };
  if (cell.cell_type === 'code') {
    out.outputs = cell.outputs ?? [];
    out.execution_count = cell.execution_count ?? null;
  }
  for (const [key, value] of Object.entries(cell)) if (!(key in out) && key !== 'id') out[key] = value;
  if (cell.id !== undefined) out.id = cell.id;
  return out as unknown as NotebookCell;
}

/** Only what the notebook says about its kernel, not what a kernel reported when it ran it. */
function canonicalMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const {
    kernelspec,
    language_info: info,
    ...rest
  } = metadata as { kernelspec?: Record<string, unknown>; language_info?: Record<string, unknown> };
  const out: Record<string, unknown> = {};
  if (kernelspec)
    out.kernelspec = { name: kernelspec.name, display_name: kernelspec.display_name, language: kernelspec.language };
  if (info) out.language_info = { name: info.name, file_extension: info.file_extension, mimetype: info.mimetype };
  return { ...out, ...rest };
}

/**
 * The form the repository holds: no outputs or counts, one string per cell source, a fixed key
 * order, and the kernel's runtime details dropped. A notebook Jupyter saved after a run comes
 * out byte for byte as committed, so the git filter (scripts/git-notebook-filter.ts) keeps
 * `git status` clean.
 */
export function committedForm(notebook: Notebook): Notebook {
  const stripped = stripOutputs(notebook);
  return {
    cells: stripped.cells.map(canonicalCell),
    metadata: canonicalMetadata(stripped.metadata),
    nbformat: stripped.nbformat,
    nbformat_minor: stripped.nbformat_minor,
  };
}

export function hasOutputs(notebook: Notebook): boolean {
  return notebook.cells.some(
    (cell) => cell.cell_type === 'code' && ((cell.outputs?.length ?? 0) > 0 || (cell.execution_count ?? null) !== null),
  );
}

export function parseProgress(text: string): CellProgress[] {
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Partial<CellProgress> | OutputsLine);
  const cells: CellProgress[] = [];
  const recorded = new Map<number, NotebookOutput[]>();
  for (const line of lines) {
    if ('index' in line && typeof line.index === 'number') {
      cells.push({
        index: line.index,
        status: String(line.status),
        execution_count: line.execution_count ?? null,
        outputs: line.outputs ?? [],
      });
    } else if (line.outputs && !Array.isArray(line.outputs)) {
      for (const [index, outputs] of Object.entries(line.outputs)) recorded.set(Number(index), outputs);
    }
  }
  return cells.map((cell) => ({ ...cell, outputs: recorded.get(cell.index) ?? cell.outputs }));
}

function outputText(output: NotebookOutput): string {
  if (output.output_type === 'stream') return joinSource(output.text ?? '');
  if (output.output_type === 'error')
    return [`${output.ename}: ${output.evalue}`, ...(output.traceback ?? [])].join('\n');
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
    else if (stepFailed)
      failure = { ...base, error: `${stepFailed.name}: ${stepFailed.message}`, reason: 'step-failed' };
    else if (run.status === 'error') {
      failure = {
        ...base,
        error:
          cleanErrorText(run.outputs.map(outputText).join('\n')) || 'the kernel reported an error without a message',
        reason: 'error',
      };
    } else
      failure = { ...base, error: `the kernel answered "${run.status}" (the cell did not run)`, reason: 'aborted' };
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
      return {
        ...cell,
        outputs: run.outputs,
        execution_count: run.execution_count,
        metadata: { ...cell.metadata, pipeline: { status: run.status } },
      };
    }),
  };
}
