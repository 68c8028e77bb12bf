/**
 * The hot loops, on plain typed arrays so the main thread and pool workers run the same code
 * over SharedArrayBuffers. A node's rows are rowIndex[start..end); its histogram is a slot of
 * SLOT_STRIDE(cols) doubles: per feature 256 (gradient, hessian) pairs, the last for missing.
 */

/** Doubles per feature in a histogram: 256 bins x (gradient, hessian). */
export const FEATURE_STRIDE = 512;

export function slotStride(cols: number): number {
  return cols * FEATURE_STRIDE;
}

/**
 * For each job (slot, start, end) in `jobs`, writes the histogram of features [f0, f1) of the
 * rows rowIndex[start..end) into that slot. Sums run in row order, so splitting the features
 * among threads never changes a bit.
 */
export function buildHistograms(
  bins: Uint8Array,
  cols: number,
  gradient: Float32Array,
  hessian: Float32Array,
  rowIndex: Int32Array,
  hist: Float64Array,
  jobs: Int32Array,
  f0: number,
  f1: number,
): void {
  const stride = 512;
  const slotSize = cols * stride;
  for (let j = 0; j < jobs.length; j += 3) {
    const first = jobs[j] * slotSize + f0 * stride;
    hist.fill(0, first, jobs[j] * slotSize + f1 * stride);
    const end = jobs[j + 2];
    const width = f1 - f0;
    for (let i = jobs[j + 1]; i < end; i++) {
      const row = rowIndex[i];
      const g = gradient[row];
      const h = hessian[row];
      let at = row * cols + f0;
      let offset = first;
      for (let k = 0; k < width; k++, at++, offset += stride) {
        const cell = offset + (bins[at] << 1);
        hist[cell] += g;
        hist[cell + 1] += h;
      }
    }
  }
}

/** hist[target] = hist[parent] - hist[built], slot-wise. */
export function subtractHistogram(hist: Float64Array, cols: number, target: number, parent: Float64Array, parentSlot: number, built: number): void {
  const size = cols * 512;
  const t = target * size;
  const p = parentSlot * size;
  const b = built * size;
  for (let i = 0; i < size; i++) hist[t + i] = parent[p + i] - hist[b + i];
}

/**
 * Stable partition of rowIndex[start..end) by one split: rows whose bin is <= splitBin (or
 * missing, when missingBin is sent left) first. `scratch` is as long as rowIndex. Returns the
 * left count.
 */
export function partitionRows(
  bins: Uint8Array,
  cols: number,
  rowIndex: Int32Array,
  scratch: Int32Array,
  start: number,
  end: number,
  feature: number,
  splitBin: number,
  missingBin: number,
  defaultLeft: boolean,
): number {
  let left = start;
  let right = start;
  for (let i = start; i < end; i++) {
    const row = rowIndex[i];
    const bin = bins[row * cols + feature];
    const goesLeft = bin === missingBin ? defaultLeft : bin <= splitBin;
    if (goesLeft) rowIndex[left++] = row;
    else scratch[right++] = row;
  }
  rowIndex.set(scratch.subarray(start, right), left);
  return left - start;
}
