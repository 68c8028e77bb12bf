/**
 * Where a headless notebook run's wall time goes: the steps' own work (what the cells are for),
 * the rest of the time inside cells (tslab compiling the imported modules and each cell, imports,
 * displays), and the time outside any cell (kernel start, nbconvert starting, writing the
 * executed notebook, shutting down). The ratio wall / work is the "machinery overhead" of the
 * benchmark.
 */
import type { StepTime } from '../../../shared/core/notebook/step-times';

export interface CellTiming {
  /** When the kernel went busy and idle again for the cell, in ms since the epoch. */
  busyMs: number;
  idleMs: number;
}

export interface MachineryBreakdown {
  wallMs: number;
  /** The steps' own work. */
  workMs: number;
  /** Inside cells but not inside a step: compiling, imports, displays. */
  inCellsMs: number;
  /** Outside every cell: kernel start, nbconvert, gaps between cells, shutdown. */
  outsideCellsMs: number;
  /** The first cell, which compiles the notebook's imported shared/ graph. */
  firstCellMs: number;
}

/** The busy/idle times nbconvert records in each executed code cell's metadata. */
export function cellTimings(executedNotebook: string, file: string): CellTiming[] {
  const notebook = JSON.parse(executedNotebook) as {
    cells?: { cell_type?: string; metadata?: { execution?: Record<string, string> } }[];
  };
  const timings: CellTiming[] = [];
  (notebook.cells ?? []).forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const execution = cell.metadata?.execution;
    const busyMs = Date.parse(execution?.['iopub.status.busy'] ?? '');
    const idleMs = Date.parse(execution?.['iopub.status.idle'] ?? '');
    if (!Number.isFinite(busyMs) || !Number.isFinite(idleMs) || idleMs < busyMs) {
      throw new Error(`${file}: cell ${index + 1} has no busy/idle times (was the notebook executed with nbconvert?)`);
    }
    timings.push({ busyMs: busyMs, idleMs: idleMs });
  });
  return timings;
}

export function machineryBreakdown(
  wallMs: number,
  cells: readonly CellTiming[],
  steps: readonly StepTime[],
): MachineryBreakdown {
  const cellsMs = cells.reduce((sum, cell) => sum + (cell.idleMs - cell.busyMs), 0);
  const workMs = steps.reduce((sum, entry) => sum + entry.ms, 0);
  return {
    wallMs: wallMs,
    workMs: workMs,
    inCellsMs: Math.max(0, cellsMs - workMs),
    outsideCellsMs: Math.max(0, wallMs - cellsMs),
    firstCellMs: cells.length > 0 ? cells[0].idleMs - cells[0].busyMs : 0,
  };
}

/** Adds up several notebooks' breakdowns. */
export function sumBreakdowns(parts: readonly MachineryBreakdown[]): MachineryBreakdown {
  const total: MachineryBreakdown = { wallMs: 0, workMs: 0, inCellsMs: 0, outsideCellsMs: 0, firstCellMs: 0 };
  for (const part of parts) {
    for (const key of Object.keys(total) as (keyof MachineryBreakdown)[]) total[key] += part[key];
  }
  return total;
}
