/**
 * The hot loops (the memory-bound ones in WebAssembly, wasm/kernels.wat), run alike by the main
 * thread and pool workers over shared memory. A node's rows are rowIndex[start..end); its histogram is a slot of
 * 2 x (total codes) doubles, a (gradient, hessian) pair per global bin code (see quantize.ts and
 * sparse-rows.ts).
 * Gradient pairs are interleaved float32: gradPairs[2 row] and gradPairs[2 row + 1].
 */

import { histScratchOf, KernelLayout, KernelMemory, kernelsOf } from './wasm-memory';

/** Doubles in one node's histogram. */
export function slotSize(featureOffset: Int32Array): number {
  return 2 * featureOffset[featureOffset.length - 1];
}

/**
 * For each job (slot, start, end) in `jobs`, writes the histograms of feature group `group`'s
 * features among `features` over the rows rowIndex[start..end) into that slot of `hist`: the
 * wasm kernel adds the rows' sparse entries (sparse-rows.ts) in row order into the group's
 * scratch slot, then each feature's most frequent code gets the node total minus the feature's
 * other codes. Each feature belongs to one group, so the thread count never changes a bit.
 * Cells of features outside `features` are neither cleared nor copied: nothing reads them.
 * `totals`, when given, receives each job's (gradient, hessian) sums, in row order.
 */
export function buildGroupHistograms(
  run: KernelMemory,
  group: number,
  featureOffset: Int32Array,
  dominant: Int32Array,
  hist: Float64Array,
  jobs: Int32Array,
  features: Int32Array,
  totals: Float64Array | null = null,
): void {
  const { layout } = run;
  const { firstFeature, endFeature, rowStart, entries } = layout.groups[group];
  const kernels = kernelsOf(run);
  const size = layout.slotDoubles;
  const slot = histScratchOf(layout, group);
  const cells = new Float64Array(run.memory.buffer, slot, size + 2);
  const ours = features.filter((f) => f >= firstFeature && f < endFeature);
  // The kernel only adds, so the scratch cells start at zero: cleared here once, then by each
  // job as it copies them out. (Cells of features a tree does not sample collect sums nobody
  // reads, until a tree that samples them clears them here.)
  for (let k = 0; k < ours.length; k++) cells.fill(0, 2 * featureOffset[ours[k]], 2 * featureOffset[ours[k] + 1]);
  for (let j = 0; j < jobs.length; j += 3) {
    cells[size] = 0;
    cells[size + 1] = 0;
    kernels.buildHistogram(
      rowStart,
      entries,
      layout.gradPairs,
      layout.rowIndex,
      slot,
      jobs[j + 1],
      jobs[j + 2],
      slot + size * 8,
    );
    if (totals !== null) {
      totals[(2 * j) / 3] = cells[size];
      totals[(2 * j) / 3 + 1] = cells[size + 1];
    }
    const base = jobs[j] * size;
    for (let k = 0; k < ours.length; k++) {
      const f = ours[k];
      const from = 2 * featureOffset[f];
      const to = 2 * featureOffset[f + 1];
      let g = cells[size];
      let h = cells[size + 1];
      for (let cell = from; cell < to; cell += 2) {
        g -= cells[cell];
        h -= cells[cell + 1];
      }
      cells[2 * dominant[f]] = g;
      cells[2 * dominant[f] + 1] = h;
      for (let cell = from; cell < to; cell++) {
        hist[base + cell] = cells[cell];
        cells[cell] = 0;
      }
    }
  }
}

/** hist[target] = parent[parentSlot] - hist[built] over the cells of `features`. */
export function subtractHistogram(
  hist: Float64Array,
  size: number,
  target: number,
  parent: Float64Array,
  parentSlot: number,
  built: number,
  featureOffset: Int32Array,
  features: Int32Array,
): void {
  const t = target * size;
  const p = parentSlot * size;
  const b = built * size;
  for (let k = 0; k < features.length; k++) {
    const to = 2 * featureOffset[features[k] + 1];
    for (let i = 2 * featureOffset[features[k]]; i < to; i++) hist[t + i] = parent[p + i] - hist[b + i];
  }
}

/** Byte offset of a feature's codes in the run's column-major code matrix. */
function columnOf(layout: KernelLayout, feature: number): number {
  return layout.columns + feature * layout.rows * 2;
}

/** One node's split as the partition kernels take it: codes <= threshold go left, missing ones by defaultLeft. */
export interface RowSplit {
  feature: number;
  threshold: number;
  missingCode: number;
  defaultLeft: boolean;
}

/** The split of the partition task at `at` (fields: start, end, feature, threshold, missing code, default left). */
export function taskSplit(tasks: Int32Array, at: number): RowSplit {
  return {
    feature: tasks[at + 2],
    threshold: tasks[at + 3],
    missingCode: tasks[at + 4],
    defaultLeft: tasks[at + 5] === 1,
  };
}

/** The code that goes left as missing (-1: none, so missing rows go right). */
const leftMissingCode = (split: RowSplit): number => (split.defaultLeft ? split.missingCode : -1);

/** Stable partition of rowIndex[start..end) by one split, left-going rows first. Returns the left count. */
export function partitionRows(run: KernelMemory, split: RowSplit, start: number, end: number): number {
  const { layout } = run;
  return kernelsOf(run).partitionRows(
    columnOf(layout, split.feature),
    layout.rowIndex,
    layout.scratch,
    start,
    end,
    split.threshold,
    leftMissingCode(split),
  );
}

/**
 * First half of a partition split across threads: rows of rowIndex[start..end) are written to
 * scratch, left-going ones forward from start and right-going ones backward from end - 1.
 * Returns the left count; placeSplitPiece then moves both runs to their final places.
 */
export function splitPiece(run: KernelMemory, split: RowSplit, start: number, end: number): number {
  const { layout } = run;
  return kernelsOf(run).splitRows(
    columnOf(layout, split.feature),
    layout.rowIndex,
    layout.scratch,
    layout.scratch,
    start,
    end,
    split.threshold,
    leftMissingCode(split),
    end - 1,
    -1,
  );
}

/** Second half: copies a piece's left run to rowIndex[leftTo..] and its right run, in row order, to rowIndex[rightTo..]. */
export function placeSplitPiece(
  rowIndex: Int32Array,
  scratch: Int32Array,
  start: number,
  end: number,
  leftCount: number,
  leftTo: number,
  rightTo: number,
): void {
  rowIndex.set(scratch.subarray(start, start + leftCount), leftTo);
  for (let i = end - 1, to = rightTo; i >= start + leftCount; i--, to++) rowIndex[to] = scratch[i];
}

/** Hessians never drop below this (XGBoost's logistic floor), so empty-looking nodes keep a weight. */
const MIN_HESSIAN = 1e-16;

/** Writes each leaf's value to rowValue[row] for the rows at positions [from, to), where `leaves` lists (start, end) position ranges. */
export function scatterLeafValues(
  rowIndex: Int32Array,
  leaves: Int32Array,
  values: Float32Array,
  rowValue: Float32Array,
  from: number,
  to: number,
): void {
  for (let k = 0; k < values.length; k++) {
    const a = Math.max(from, leaves[2 * k]);
    const b = Math.min(to, leaves[2 * k + 1]);
    const value = values[k];
    for (let i = a; i < b; i++) rowValue[rowIndex[i]] = value;
  }
}

/**
 * For rows [from, to): adds rowValue to the float32 margin (when given), writes the row's
 * binary:logistic gradient pair, positives weighted by scalePos, and puts the row back at its
 * own position in rowIndex (the next round starts from all rows in order). Row order keeps every
 * array access sequential.
 */
export function addLeavesAndGradients(
  rowIndex: Int32Array,
  margins: Float32Array,
  labels: Float32Array,
  gradPairs: Float32Array,
  rowValue: Float32Array | null,
  scalePos: number,
  from: number,
  to: number,
): void {
  const floor = MIN_HESSIAN;
  for (let row = from; row < to; row++) {
    if (rowValue !== null) margins[row] += rowValue[row];
    const p = 1 / (1 + Math.exp(-margins[row]));
    const y = labels[row];
    const w = y === 1 ? scalePos : 1;
    gradPairs[2 * row] = (p - y) * w;
    gradPairs[2 * row + 1] = Math.max(p * (1 - p), floor) * w;
    rowIndex[row] = row;
  }
}
