/**
 * TreeKernels on a WorkerPool: histogram building split by feature ranges (each worker sums
 * every row of its features, so results do not depend on the worker count) and partitioning
 * split by nodes, balanced by row count. Buffers are SharedArrayBuffer-backed and only their
 * references travel with each task.
 */
import * as path from 'node:path';
import { taskKind, WorkerPool } from '../../parallel/worker-pool';
import type { TrainingBuffers, TreeKernels } from './grow-tree';
import type { BuildPayload, PartitionPayload } from './worker-tasks';

const TASKS = path.join(__dirname, 'worker-tasks.ts');
const BUILD = taskKind<BuildPayload, null>(TASKS, 'buildTask');
const PARTITION = taskKind<PartitionPayload, Int32Array>(TASKS, 'partitionTask');

function shared(buffers: TrainingBuffers): Omit<BuildPayload, 'hist' | 'jobs' | 'f0' | 'f1'> {
  return { bins: buffers.bins, cols: buffers.cols, gradient: buffers.gradient, hessian: buffers.hessian, rowIndex: buffers.rowIndex };
}

export function poolKernels(pool: WorkerPool, workers: number): TreeKernels {
  return {
    async build(buffers, which, jobs) {
      const parts = Math.min(workers, buffers.cols);
      const runs: Array<Promise<null>> = [];
      for (let p = 0; p < parts; p++) {
        const f0 = Math.floor((p * buffers.cols) / parts);
        const f1 = Math.floor(((p + 1) * buffers.cols) / parts);
        runs.push(pool.run(BUILD, { ...shared(buffers), hist: buffers.hists[which], jobs, f0, f1 }));
      }
      await Promise.all(runs);
    },
    async partition(buffers, tasks) {
      const count = tasks.length / 5;
      let total = 0;
      for (let t = 0; t < count; t++) total += tasks[5 * t + 1] - tasks[5 * t];
      const bounds = [0];
      let done = 0;
      for (let t = 0; t < count && bounds.length < workers; t++) {
        done += tasks[5 * t + 1] - tasks[5 * t];
        if (done * workers >= total * bounds.length) bounds.push(t + 1);
      }
      if (bounds[bounds.length - 1] !== count) bounds.push(count);
      const runs: Array<Promise<Int32Array>> = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        runs.push(pool.run(PARTITION, { bins: buffers.bins, cols: buffers.cols, rowIndex: buffers.rowIndex, scratch: buffers.scratch, tasks, first: bounds[k], last: bounds[k + 1] }));
      }
      const parts = await Promise.all(runs);
      const leftCounts = new Int32Array(count);
      parts.forEach((part, k) => leftCounts.set(part, bounds[k]));
      return leftCounts;
    },
  };
}
