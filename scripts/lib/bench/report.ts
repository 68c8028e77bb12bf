/**
 * One benchmark row as measured (ours against an optional reference) and its rendering as the
 * printed table and the JSON report. A missing reference is a reason string, never a failure:
 * benchmarks print, they do not gate.
 */
import { formatBytes, formatDuration, formatRatio } from './format';
import { ratio } from './stats';

/** One side of a comparison: measured, or why there is no figure. */
export type SideResult =
  | { status: 'measured'; medianMs: number; samplesMs: number[]; peakRssBytes: number | null }
  | { status: 'unavailable'; reason: string };

export interface BenchRow {
  task: string;
  size: string;
  ours: SideResult;
  reference: SideResult;
  /** Free-form facts worth printing next to the figures (throughput, latency, caveats). */
  notes: string[];
  /** Machine-readable extras for the JSON report (rows/s, p99, ...). */
  details: Record<string, number | string | boolean>;
}

export interface BenchReportRow {
  task: string;
  size: string;
  oursMs: number | null;
  referenceMs: number | null;
  ratio: number | null;
  oursPeakRssBytes: number | null;
  referencePeakRssBytes: number | null;
  oursSamplesMs: number[];
  referenceSamplesMs: number[];
  oursStatus: string;
  referenceStatus: string;
  notes: string[];
  details: Record<string, number | string | boolean>;
}

function medianOf(side: SideResult): number | null {
  return side.status === 'measured' ? side.medianMs : null;
}

function peakOf(side: SideResult): number | null {
  return side.status === 'measured' ? side.peakRssBytes : null;
}

export function rowRatio(row: BenchRow): number | null {
  return ratio(medianOf(row.ours), medianOf(row.reference));
}

export function toReportRow(row: BenchRow): BenchReportRow {
  return {
    task: row.task,
    size: row.size,
    oursMs: medianOf(row.ours),
    referenceMs: medianOf(row.reference),
    ratio: rowRatio(row),
    oursPeakRssBytes: peakOf(row.ours),
    referencePeakRssBytes: peakOf(row.reference),
    oursSamplesMs: row.ours.status === 'measured' ? row.ours.samplesMs : [],
    referenceSamplesMs: row.reference.status === 'measured' ? row.reference.samplesMs : [],
    oursStatus: row.ours.status === 'measured' ? 'measured' : row.ours.reason,
    referenceStatus: row.reference.status === 'measured' ? 'measured' : row.reference.reason,
    notes: row.notes,
    details: row.details,
  };
}

function timeCell(side: SideResult): string {
  return side.status === 'measured' ? formatDuration(side.medianMs) : side.reason;
}

function peakCell(row: BenchRow): string {
  const ours = peakOf(row.ours);
  const reference = peakOf(row.reference);
  const text = (value: number | null) => (value === null ? '-' : formatBytes(value));
  return reference === null ? text(ours) : `${text(ours)} / ${text(reference)}`;
}

export const TABLE_HEADER = ['task', 'size', 'ours', 'reference', 'ratio', 'peak RSS (ours / ref)', 'notes'];

export function tableCells(row: BenchRow): string[] {
  const r = rowRatio(row);
  return [
    row.task,
    row.size,
    timeCell(row.ours),
    timeCell(row.reference),
    r === null ? '-' : formatRatio(r),
    peakCell(row),
    row.notes.join('; '),
  ];
}

/** A plain-text table: first column left-aligned, the figures right-aligned, notes left-aligned. */
export function renderTable(rows: readonly BenchRow[]): string {
  const body = rows.map(tableCells);
  const widths = TABLE_HEADER.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const last = TABLE_HEADER.length - 1;
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === last ? cell.padEnd(i === last ? 0 : widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(TABLE_HEADER),
    line(widths.map((w, i) => '-'.repeat(i === last ? Math.max(5, TABLE_HEADER[i].length) : w))),
    ...body.map(line),
  ].join('\n');
}
