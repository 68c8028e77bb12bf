/** TreeKernels on the calling thread. */
import { PARTITION_FIELDS, TreeKernels } from './grow-tree';
import { addLeavesAndGradients, buildGroupHistograms, partitionRows, scatterLeafValues, taskSplit } from './kernels';

export const localKernels: TreeKernels = {
  threads: 1,
  build(buffers, which, jobs, features) {
    const totals = new Float64Array((2 * jobs.length) / 3);
    buffers.run.layout.groups.forEach((_, group) => {
      buildGroupHistograms(
        buffers.run,
        group,
        buffers.featureOffset,
        buffers.dominant,
        buffers.hists[which],
        jobs,
        features,
        group === 0 ? totals : null,
      );
    });
    return Promise.resolve(totals);
  },
  partition(buffers, tasks) {
    const count = tasks.length / PARTITION_FIELDS;
    const leftCounts = new Int32Array(count);
    for (let t = 0; t < count; t++) {
      const at = PARTITION_FIELDS * t;
      leftCounts[t] = partitionRows(buffers.run, taskSplit(tasks, at), tasks[at], tasks[at + 1]);
    }
    return Promise.resolve(leftCounts);
  },
  scatterLeaves(buffers, leaves, values) {
    scatterLeafValues(buffers.rowIndex, leaves, values, buffers.rowValue, 0, buffers.rows);
    return Promise.resolve();
  },
  updateGradients(buffers, addRowValues, scalePos) {
    const { rows, rowIndex, rowValue, margins, labels, gradPairs } = buffers;
    addLeavesAndGradients(rowIndex, margins, labels, gradPairs, addRowValues ? rowValue : null, scalePos, 0, rows);
    return Promise.resolve();
  },
};
