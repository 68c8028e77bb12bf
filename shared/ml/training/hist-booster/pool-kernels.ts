/**
 * TreeKernels on a WorkerPool. Histograms are split by feature groups (sparse-rows.ts; each
 * worker sums every row of its features in row order); partitions and gradient updates by equal ranges of row
 * positions. Each result is the same whatever the worker count: sums keep their order, and a
 * stable partition has one answer. Small amounts of work stay on the calling thread, where a
 * round trip to the pool would cost more than the loop. Buffers are SharedArrayBuffer-backed and
 * only their references travel with each task.
 */
import * as path from 'node:path';
import { taskKind, WorkerPool } from '../../../core/parallel/worker-pool';
import { PARTITION_FIELDS, TreeKernels } from './grow-tree';
import { localKernels } from './local-kernels';
import type { BuildPayload, GradientPayload, PlacePayload, ScatterPayload, SplitPayload } from './worker-tasks';

const TASKS = path.join(__dirname, 'worker-tasks.ts');
const BUILD = taskKind<BuildPayload, Float64Array>(TASKS, 'buildTask');
const SPLIT = taskKind<SplitPayload, Int32Array>(TASKS, 'splitTask');
const PLACE = taskKind<PlacePayload, null>(TASKS, 'placeTask');
const SCATTER = taskKind<ScatterPayload, null>(TASKS, 'scatterTask');
const GRADIENTS = taskKind<GradientPayload, null>(TASKS, 'gradientTask');

/** Rows below which the calling thread does the work. */
const MIN_POOLED_ROWS = 20_000;

/** Rows covered by (…, start, end, …) records of `fields` ints whose start sits at `startAt`. */
function rowsCovered(records: Int32Array, fields: number, startAt: number): number {
  let total = 0;
  for (let at = startAt; at < records.length; at += fields) total += records[at + 1] - records[at];
  return total;
}

/** Cuts the concatenated position ranges (`total` rows) of `tasks` into `parts` equal runs of (task, start, end) pieces. */
function pieces(tasks: Int32Array, total: number, parts: number): Int32Array[] {
  const count = tasks.length / PARTITION_FIELDS;
  const out: number[][] = Array.from({ length: parts }, () => []);
  let done = 0;
  for (let t = 0; t < count; t++) {
    let start = tasks[PARTITION_FIELDS * t];
    const end = tasks[PARTITION_FIELDS * t + 1];
    while (start < end) {
      const part = Math.min(parts - 1, Math.floor((done * parts) / total));
      const partEnd = Math.ceil(((part + 1) * total) / parts);
      const take = Math.max(1, Math.min(end - start, partEnd - done));
      out[part].push(t, start, start + take);
      start += take;
      done += take;
    }
  }
  return out.map((list) => Int32Array.from(list));
}

/** Final places of each piece's runs, given the left counts the split pass found. */
function places(
  tasks: Int32Array,
  split: Int32Array[],
  leftCounts: Int32Array[],
): { places: Int32Array[]; nodeLeft: Int32Array } {
  const count = tasks.length / PARTITION_FIELDS;
  const nodeLeft = new Int32Array(count);
  split.forEach((list, part) => {
    for (let k = 0; k < list.length / 3; k++) nodeLeft[list[3 * k]] += leftCounts[part][k];
  });
  const leftTo = new Int32Array(count);
  const rightTo = new Int32Array(count);
  for (let t = 0; t < count; t++) {
    leftTo[t] = tasks[PARTITION_FIELDS * t];
    rightTo[t] = leftTo[t] + nodeLeft[t];
  }
  const placed = split.map((list, part) => {
    const out = new Int32Array((list.length / 3) * 5);
    for (let k = 0; k < list.length / 3; k++) {
      const [t, start, end] = [list[3 * k], list[3 * k + 1], list[3 * k + 2]];
      const left = leftCounts[part][k];
      out.set([start, end, left, leftTo[t], rightTo[t]], 5 * k);
      leftTo[t] += left;
      rightTo[t] += end - start - left;
    }
    return out;
  });
  return { places: placed, nodeLeft };
}

/** [from, to) ranges cutting `rows` into `parts` equal runs. */
function rowRanges(rows: number, parts: number): Array<[number, number]> {
  return Array.from({ length: parts }, (_, p): [number, number] => [
    Math.floor((p * rows) / parts),
    Math.floor(((p + 1) * rows) / parts),
  ]);
}

export function poolKernels(pool: WorkerPool, workers: number): TreeKernels {
  return {
    threads: workers,
    async build(buffers, which, jobs, features) {
      const { run, featureOffset, dominant } = buffers;
      if (run.layout.groups.length === 1 || rowsCovered(jobs, 3, 1) < MIN_POOLED_ROWS)
        return localKernels.build(buffers, which, jobs, features);
      const hist = buffers.hists[which];
      const totals = await Promise.all(
        run.layout.groups.map((_, group) =>
          pool.run(BUILD, { run, group, featureOffset, dominant, hist, jobs, features }),
        ),
      );
      return totals[0];
    },
    async partition(buffers, tasks) {
      const total = rowsCovered(tasks, PARTITION_FIELDS, 0);
      if (total < MIN_POOLED_ROWS) return localKernels.partition(buffers, tasks);
      const { run, rowIndex, scratch } = buffers;
      const split = pieces(tasks, total, workers);
      const leftCounts = await Promise.all(
        split.map((list) => pool.run(SPLIT, { run, tasks, taskFields: PARTITION_FIELDS, pieces: list })),
      );
      const placed = places(tasks, split, leftCounts);
      await Promise.all(placed.places.map((list) => pool.run(PLACE, { rowIndex, scratch, places: list })));
      return placed.nodeLeft;
    },
    async scatterLeaves(buffers, leaves, values) {
      const { rows, rowIndex, rowValue } = buffers;
      if (rows < MIN_POOLED_ROWS) return localKernels.scatterLeaves(buffers, leaves, values);
      await Promise.all(
        rowRanges(rows, workers).map(([from, to]) =>
          pool.run(SCATTER, { rowIndex, leaves, values, rowValue, from, to }),
        ),
      );
    },
    async updateGradients(buffers, addRowValues, scalePos) {
      const { rows, rowIndex, rowValue, margins, labels, gradPairs } = buffers;
      if (rows < MIN_POOLED_ROWS) return localKernels.updateGradients(buffers, addRowValues, scalePos);
      const added = addRowValues ? rowValue : null;
      await Promise.all(
        rowRanges(rows, workers).map(([from, to]) =>
          pool.run(GRADIENTS, { rowIndex, margins, labels, gradPairs, rowValue: added, scalePos, from, to }),
        ),
      );
    },
  };
}
