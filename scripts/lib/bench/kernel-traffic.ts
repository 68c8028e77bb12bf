/**
 * The memory a hist-booster training moves, set against what this machine's memory can move, so
 * that "the kernels are memory-bound" is a measurement and not a guess (issue 14).
 *
 * `countingKernels` wraps a run's TreeKernels and, before each call does its work, counts the
 * distinct 64-byte cache lines the call reads or writes, from the rows it will visit and the run's
 * memory layout: a node's rows are in increasing order (partitions are stable), so the lines of
 * each array it reads at those rows are counted by watching the line number change. Histogram
 * cells are left out (a level's histograms stay in cache). Counting is slow; it is done in a run
 * of its own, never in a timed one.
 */
import type { TrainingBuffers, TreeKernels } from '../../../shared/ml/training/hist-booster/grow-tree';
import { PARTITION_FIELDS } from '../../../shared/ml/training/hist-booster/grow-tree';

const LINE = 64;
const LINE_SHIFT = 6;

export type KernelName = 'histograms' | 'partitions' | 'leaves' | 'gradients';
export const KERNEL_NAMES: readonly KernelName[] = ['histograms', 'partitions', 'leaves', 'gradients'];

/** Cache lines touched per kernel, the calls counted, and the milliseconds the calls themselves took. */
export interface KernelTraffic {
  lines: Record<KernelName, number>;
  calls: Record<KernelName, number>;
  ms: Record<KernelName, number>;
}

export function emptyTraffic(): KernelTraffic {
  const zero = (): Record<KernelName, number> => ({ histograms: 0, partitions: 0, leaves: 0, gradients: 0 });
  return { lines: zero(), calls: zero(), ms: zero() };
}

/** Bytes of the lines counted, all kernels together. */
export function trafficBytes(traffic: KernelTraffic): number {
  return KERNEL_NAMES.reduce((sum, name) => sum + traffic.lines[name], 0) * LINE;
}

/** Distinct lines of an array of `width`-byte elements at `base`, read at increasing element indices. */
export class LineCounter {
  private last = -1;
  count = 0;

  constructor(
    private readonly base: number,
    private readonly width: number,
  ) {}

  /** Counts the lines of elements first..last (inclusive) not counted yet. */
  touch(first: number, last = first): void {
    const from = Math.max((this.base + first * this.width) >> LINE_SHIFT, this.last + 1);
    const to = (this.base + (last + 1) * this.width - 1) >> LINE_SHIFT;
    if (to < from) return;
    this.count += to - from + 1;
    this.last = to;
  }
}

/** Lines of `count` consecutive `width`-byte elements. */
function sequentialLines(count: number, width: number): number {
  return Math.ceil((count * width) / LINE);
}

function histogramLines(buffers: TrainingBuffers, jobs: Int32Array): number {
  const { layout } = buffers.run;
  const memory = buffers.run.memory.buffer;
  let lines = 0;
  for (const group of layout.groups) {
    const rowStart = new Int32Array(memory, group.rowStart, buffers.rows + 1);
    for (let j = 0; j < jobs.length; j += 3) {
      const start = jobs[j + 1];
      const end = jobs[j + 2];
      // Each group's kernel reads the rows' gradient pairs, offsets and codes.
      const pairs = new LineCounter(layout.gradPairs, 8);
      const offsets = new LineCounter(group.rowStart, 4);
      const codes = new LineCounter(group.entries, 2);
      for (let i = start; i < end; i++) {
        const row = buffers.rowIndex[i];
        pairs.touch(row);
        offsets.touch(row, row + 1);
        if (rowStart[row + 1] > rowStart[row]) codes.touch(rowStart[row], rowStart[row + 1] - 1);
      }
      lines += sequentialLines(end - start, 4) + pairs.count + offsets.count + codes.count;
    }
  }
  return lines;
}

function partitionLines(buffers: TrainingBuffers, tasks: Int32Array): number {
  const { layout } = buffers.run;
  let lines = 0;
  for (let at = 0; at < tasks.length; at += PARTITION_FIELDS) {
    const start = tasks[at];
    const end = tasks[at + 1];
    const feature = tasks[at + 2];
    const codes = new LineCounter(layout.columns + feature * buffers.rows * 2, 2);
    for (let i = start; i < end; i++) codes.touch(buffers.rowIndex[i]);
    // rowIndex read and written, the rights through scratch and back: about four passes of 4 bytes.
    lines += codes.count + 4 * sequentialLines(end - start, 4);
  }
  return lines;
}

function leafLines(buffers: TrainingBuffers, leaves: Int32Array): number {
  let lines = 0;
  for (let k = 0; k < leaves.length; k += 2) {
    const values = new LineCounter(buffers.rowValue.byteOffset, 4);
    for (let i = leaves[k]; i < leaves[k + 1]; i++) values.touch(buffers.rowIndex[i]);
    lines += values.count + sequentialLines(leaves[k + 1] - leaves[k], 4);
  }
  return lines;
}

/** Every row: label, margin (read and written), leaf value, gradient pair and row index written. */
function gradientLines(buffers: TrainingBuffers): number {
  return sequentialLines(buffers.rows, 4) * 5 + sequentialLines(buffers.rows, 8);
}

/**
 * `inner`, counting into `traffic` what each call will touch before it runs, and timing the call
 * alone (the counting is outside the time).
 */
export function countingKernels(inner: TreeKernels, traffic: KernelTraffic): TreeKernels {
  const count = async <T>(name: KernelName, lines: number, call: () => Promise<T>): Promise<T> => {
    traffic.lines[name] += lines;
    traffic.calls[name]++;
    const started = performance.now();
    try {
      return await call();
    } finally {
      traffic.ms[name] += performance.now() - started;
    }
  };
  return {
    threads: inner.threads,
    build(buffers, which, jobs, features) {
      return count('histograms', histogramLines(buffers, jobs), () => inner.build(buffers, which, jobs, features));
    },
    partition(buffers, tasks) {
      return count('partitions', partitionLines(buffers, tasks), () => inner.partition(buffers, tasks));
    },
    scatterLeaves(buffers, leaves, values) {
      return count('leaves', leafLines(buffers, leaves), () => inner.scatterLeaves(buffers, leaves, values));
    },
    updateGradients(buffers, addRowValues, scalePos) {
      return count('gradients', gradientLines(buffers), () => inner.updateGradients(buffers, addRowValues, scalePos));
    },
  };
}

/**
 * Bytes a large copy moves per second (read plus write) on this machine: the best of `runs`
 * copies of `megabytes` MB, far larger than any cache.
 */
export function measureCopyBandwidth(megabytes = 256, runs = 5): number {
  const source = new Uint8Array(megabytes << 20).fill(1);
  const target = new Uint8Array(megabytes << 20);
  target.set(source);
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    target.set(source);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return (2 * source.byteLength) / best;
}
