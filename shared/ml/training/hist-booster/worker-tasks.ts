/** Pool handlers for pool-kernels.ts: the same loops as on the main thread, over shared memory. */
import type { TaskOutcome } from '../../../core/parallel/worker-pool';
import {
  addLeavesAndGradients,
  buildGroupHistograms,
  placeSplitPiece,
  scatterLeafValues,
  splitPiece,
  taskSplit,
} from './kernels';
import type { KernelMemory } from './wasm-memory';

export interface BuildPayload {
  run: KernelMemory;
  group: number;
  featureOffset: Int32Array;
  dominant: Int32Array;
  hist: Float64Array;
  jobs: Int32Array;
  features: Int32Array;
}

/** Pieces are (task, start, end) triples over the tasks of grow-tree's partition. */
export interface SplitPayload {
  run: KernelMemory;
  tasks: Int32Array;
  taskFields: number;
  pieces: Int32Array;
}

/** Places are (start, end, leftCount, leftTo, rightTo) per piece. */
export interface PlacePayload {
  rowIndex: Int32Array;
  scratch: Int32Array;
  places: Int32Array;
}

export interface ScatterPayload {
  rowIndex: Int32Array;
  leaves: Int32Array;
  values: Float32Array;
  rowValue: Float32Array;
  from: number;
  to: number;
}

export interface GradientPayload {
  rowIndex: Int32Array;
  margins: Float32Array;
  labels: Float32Array;
  gradPairs: Float32Array;
  rowValue: Float32Array | null;
  scalePos: number;
  from: number;
  to: number;
}

const build = buildGroupHistograms;
const split = splitPiece;
const place = placeSplitPiece;
const scatter = scatterLeafValues;
const gradients = addLeavesAndGradients;

/** Group 0's task also returns the jobs' totals (empty from the others). */
export function buildTask(p: BuildPayload): TaskOutcome<Float64Array> {
  const totals = new Float64Array(p.group === 0 ? (2 * p.jobs.length) / 3 : 0);
  build(p.run, p.group, p.featureOffset, p.dominant, p.hist, p.jobs, p.features, p.group === 0 ? totals : null);
  return { value: totals, transfer: [totals.buffer] };
}

export function splitTask(p: SplitPayload): TaskOutcome<Int32Array> {
  const count = p.pieces.length / 3;
  const leftCounts = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const at = p.taskFields * p.pieces[3 * k];
    leftCounts[k] = split(p.run, taskSplit(p.tasks, at), p.pieces[3 * k + 1], p.pieces[3 * k + 2]);
  }
  return { value: leftCounts };
}

export function placeTask(p: PlacePayload): TaskOutcome<null> {
  for (let k = 0; k < p.places.length; k += 5) {
    place(p.rowIndex, p.scratch, p.places[k], p.places[k + 1], p.places[k + 2], p.places[k + 3], p.places[k + 4]);
  }
  return { value: null };
}

export function scatterTask(p: ScatterPayload): TaskOutcome<null> {
  scatter(p.rowIndex, p.leaves, p.values, p.rowValue, p.from, p.to);
  return { value: null };
}

export function gradientTask(p: GradientPayload): TaskOutcome<null> {
  gradients(p.rowIndex, p.margins, p.labels, p.gradPairs, p.rowValue, p.scalePos, p.from, p.to);
  return { value: null };
}
