/** TreeKernels on the calling thread. */
import { TreeKernels } from './grow-tree';
import { buildHistograms, partitionRows } from './kernels';
import { MISSING_BIN } from './params';

export const localKernels: TreeKernels = {
  build(buffers, which, jobs) {
    buildHistograms(buffers.bins, buffers.cols, buffers.gradient, buffers.hessian, buffers.rowIndex, buffers.hists[which], jobs, 0, buffers.cols);
    return Promise.resolve();
  },
  partition(buffers, tasks) {
    return Promise.resolve(partitionTasks(buffers.bins, buffers.cols, buffers.rowIndex, buffers.scratch, tasks, 0, tasks.length / 5));
  },
};

/** Runs partition tasks first..last-1 of `tasks` (5 ints each); returns their left counts. */
export function partitionTasks(bins: Uint8Array, cols: number, rowIndex: Int32Array, scratch: Int32Array, tasks: Int32Array, first: number, last: number): Int32Array {
  const leftCounts = new Int32Array(last - first);
  for (let t = first; t < last; t++) {
    const at = 5 * t;
    leftCounts[t - first] = partitionRows(bins, cols, rowIndex, scratch, tasks[at], tasks[at + 1], tasks[at + 2], tasks[at + 3], MISSING_BIN, tasks[at + 4] === 1);
  }
  return leftCounts;
}
