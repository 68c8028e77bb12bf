/**
 * The rows as histograms read them: per row, only the codes that differ from their feature's
 * most frequent code. Most stroke features are flags that are 0 for most patients, so a row has
 * about a third of its codes left; the most frequent bin of a node is then its total minus the
 * feature's other bins (kernels.ts). Features are cut into contiguous groups of about equal
 * entry counts, one per thread, each stored as its own compressed-row array in the run's
 * WebAssembly memory (wasm-memory.ts).
 */
import type { BinnedMatrix } from './quantize';
import type { GroupLayout, GroupPlan } from './wasm-memory';

/** Per feature, its rows whose code is not the most frequent one. */
function entryCounts(binned: BinnedMatrix): Float64Array {
  return Float64Array.from(binned.dominant, (code) => binned.rows - binned.codeCounts[code]);
}

/** Feature boundaries of `groups` contiguous groups with about equal entries (each at least one feature). */
function groupBounds(counts: Float64Array, groups: number): number[] {
  const cols = counts.length;
  const parts = Math.max(1, Math.min(groups, cols));
  const total = counts.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let done = 0;
  for (let f = 0; f < cols && bounds.length < parts; f++) {
    done += counts[f];
    const remainingFeatures = cols - (f + 1);
    const remainingGroups = parts - bounds.length;
    if (
      remainingFeatures === remainingGroups ||
      (remainingFeatures > remainingGroups && done * parts >= total * bounds.length)
    )
      bounds.push(f + 1);
  }
  bounds.push(cols);
  return bounds;
}

/** Feature groups of about equal entry counts, one per thread, with their entry counts. */
export function planSparseGroups(binned: BinnedMatrix, groups: number): GroupPlan[] {
  const counts = entryCounts(binned);
  const bounds = groupBounds(counts, groups);
  const plans: GroupPlan[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let entryCount = 0;
    for (let f = bounds[k]; f < bounds[k + 1]; f++) entryCount += counts[f];
    plans.push({ firstFeature: bounds[k], endFeature: bounds[k + 1], entryCount });
  }
  return plans;
}

/** Writes a planned group's rows into the run's memory: rowStart (rows + 1 offsets) and the entries (codes). */
export function fillSparseGroup(binned: BinnedMatrix, group: GroupLayout, buffer: SharedArrayBuffer): void {
  const { rows, columns, dominant } = binned;
  const rowStart = new Int32Array(buffer, group.rowStart, rows + 1);
  const entries = new Uint16Array(buffer, group.entries, group.entryCount);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = at;
    for (let f = group.firstFeature; f < group.endFeature; f++) {
      const code = columns[f * rows + r];
      if (code !== dominant[f]) entries[at++] = code;
    }
  }
  rowStart[rows] = at;
}
