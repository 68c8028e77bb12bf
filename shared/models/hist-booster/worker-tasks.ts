/** Pool handlers for pool-kernels.ts: the same loops as on the main thread, over shared buffers. */
import type { TaskOutcome } from '../../parallel/worker-pool';
import { buildHistograms } from './kernels';
import { partitionTasks } from './local-kernels';

export interface BuildPayload {
  bins: Uint8Array;
  cols: number;
  gradient: Float32Array;
  hessian: Float32Array;
  rowIndex: Int32Array;
  hist: Float64Array;
  jobs: Int32Array;
  f0: number;
  f1: number;
}

export interface PartitionPayload {
  bins: Uint8Array;
  cols: number;
  rowIndex: Int32Array;
  scratch: Int32Array;
  tasks: Int32Array;
  first: number;
  last: number;
}

const build = buildHistograms;
const partition = partitionTasks;

export function buildTask(p: BuildPayload): TaskOutcome<null> {
  build(p.bins, p.cols, p.gradient, p.hessian, p.rowIndex, p.hist, p.jobs, p.f0, p.f1);
  return { value: null };
}

export function partitionTask(p: PartitionPayload): TaskOutcome<Int32Array> {
  return { value: partition(p.bins, p.cols, p.rowIndex, p.scratch, p.tasks, p.first, p.last) };
}
