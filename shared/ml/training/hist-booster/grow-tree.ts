/**
 * Depthwise growth of one tree on binned data: every node of a level gets its best split, rows
 * are partitioned, and of each pair of children only the smaller one's histogram is built (the
 * other is parent − smaller). Gamma pruning then collapses, bottom up, splits whose loss change
 * is below gamma, as XGBoost's pruner does.
 */
import { slotSize, subtractHistogram } from './kernels';
import { ResolvedParams } from './params';
import type { KernelMemory } from './wasm-memory';
import { bestSplit, nodeWeight } from './split';

/** Shared buffers one training run works in (SharedArrayBuffer-backed, so workers see them). */
export interface TrainingBuffers {
  rows: number;
  /** The run's WebAssembly memory, which the following four arrays are views of. */
  run: KernelMemory;
  /** Global bin codes, column-major (quantize.ts). */
  columns: Uint16Array;
  /** Interleaved float32 (gradient, hessian) per row. */
  gradPairs: Float32Array;
  rowIndex: Int32Array;
  scratch: Int32Array;
  featureOffset: Int32Array;
  dominant: Int32Array;
  labels: Float32Array;
  margins: Float32Array;
  /** Per row, the leaf value of the tree just grown. */
  rowValue: Float32Array;
  /** Histograms of the current and the next level (swapped every level). */
  hists: [Float64Array, Float64Array];
}

/** Fields of a partition task in the Int32Array handed to TreeKernels.partition. */
export const PARTITION_FIELDS = 6;

/** Where the hot loops run: this thread or a pool of workers (same results either way). */
export interface TreeKernels {
  /** Threads the work is spread over (and the number of feature groups histograms are built by). */
  threads: number;
  /**
   * Builds the histograms of `features` (the tree's sample) for jobs (slot, start, end) into
   * buffers.hists[which]; returns each job's (gradient, hessian) totals in row order.
   */
  build(buffers: TrainingBuffers, which: 0 | 1, jobs: Int32Array, features: Int32Array): Promise<Float64Array>;
  /** Partitions each task (start, end, feature, thresholdCode, missingCode, defaultLeft); returns left counts. */
  partition(buffers: TrainingBuffers, tasks: Int32Array): Promise<Int32Array>;
  /** rowValue[row] = values[k] for the rows at positions leaves[2k]..leaves[2k+1] of rowIndex. */
  scatterLeaves(buffers: TrainingBuffers, leaves: Int32Array, values: Float32Array): Promise<void>;
  /** Recomputes every row's gradient pair, after adding rowValue to its margin when addRowValues; resets rowIndex to all rows in order. */
  updateGradients(buffers: TrainingBuffers, addRowValues: boolean, scalePos: number): Promise<void>;
}

/** A tree as grown: node n's rows are rowIndex[start[n]..end[n]). */
export interface GrownTree {
  count: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  splitBin: Int32Array;
  defaultLeft: Uint8Array;
  lossChange: Float64Array;
  gradient: Float64Array;
  hessian: Float64Array;
  start: Int32Array;
  end: Int32Array;
}

function emptyTree(capacity: number): GrownTree {
  return {
    count: 1,
    left: new Int32Array(capacity).fill(-1),
    right: new Int32Array(capacity).fill(-1),
    feature: new Int32Array(capacity),
    splitBin: new Int32Array(capacity),
    defaultLeft: new Uint8Array(capacity),
    lossChange: new Float64Array(capacity),
    gradient: new Float64Array(capacity),
    hessian: new Float64Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
  };
}

/** Makes sure hists[which] holds `slots` node histograms. */
function ensureSlots(buffers: TrainingBuffers, which: 0 | 1, slots: number): void {
  const needed = slots * slotSize(buffers.featureOffset);
  if (buffers.hists[which].length < needed) buffers.hists[which] = new Float64Array(new SharedArrayBuffer(needed * 8));
}

/** Grows one tree over rowIndex[0..rowCount), whose gradients are in `buffers`. */
export async function growTree(
  buffers: TrainingBuffers,
  kernels: TreeKernels,
  rowCount: number,
  features: Int32Array,
  params: ResolvedParams,
): Promise<GrownTree> {
  const maxDepth = params.max_depth;
  const tree = emptyTree(Math.min(2 ** (maxDepth + 1) - 1, 2 * rowCount + 1));
  const stride = slotSize(buffers.featureOffset);
  const offsets = buffers.featureOffset;
  tree.end[0] = rowCount;
  // Nodes that may still split, each with the slot of its histogram in hists[current].
  let level: Array<{ node: number; slot: number }> = [{ node: 0, slot: 0 }];
  let current: 0 | 1 = 0;
  ensureSlots(buffers, current, 1);
  const rootTotals = await kernels.build(buffers, current, Int32Array.of(0, 0, rowCount), features);
  tree.gradient[0] = rootTotals[0];
  tree.hessian[0] = rootTotals[1];
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const splitting: Array<{ node: number; slot: number }> = [];
    const tasks: number[] = [];
    for (const { node, slot } of level) {
      const split = bestSplit(
        buffers.hists[current],
        slot * stride,
        features,
        offsets,
        tree.gradient[node],
        tree.hessian[node],
        params.lambda,
        params.min_child_weight,
      );
      if (split === null) continue;
      const left = tree.count++;
      const right = tree.count++;
      tree.left[node] = left;
      tree.right[node] = right;
      tree.feature[node] = split.feature;
      tree.splitBin[node] = split.splitBin;
      tree.defaultLeft[node] = split.defaultLeft ? 1 : 0;
      tree.lossChange[node] = split.lossChange;
      tree.gradient[left] = split.leftGradient;
      tree.hessian[left] = split.leftHessian;
      tree.gradient[right] = tree.gradient[node] - split.leftGradient;
      tree.hessian[right] = tree.hessian[node] - split.leftHessian;
      splitting.push({ node, slot });
      const missingCode = offsets[split.feature + 1] - 1;
      tasks.push(
        tree.start[node],
        tree.end[node],
        split.feature,
        offsets[split.feature] + split.splitBin,
        missingCode,
        split.defaultLeft ? 1 : 0,
      );
    }
    if (splitting.length === 0) break;
    const leftCounts = await kernels.partition(buffers, Int32Array.from(tasks));
    splitting.forEach(({ node }, k) => {
      const middle = tree.start[node] + leftCounts[k];
      tree.start[tree.left[node]] = tree.start[node];
      tree.end[tree.left[node]] = middle;
      tree.start[tree.right[node]] = middle;
      tree.end[tree.right[node]] = tree.end[node];
    });
    if (depth + 1 === maxDepth) break;
    // A child with hessian below 2 x min_child_weight cannot split (both of its children would
    // need min_child_weight), so it needs no histogram; of a pair that needs any, the smaller
    // child's is built and the larger one's is its parent's minus it.
    const canSplit = (child: number): boolean =>
      tree.end[child] - tree.start[child] >= 2 && tree.hessian[child] >= 2 * params.min_child_weight;
    const next: Array<{ node: number; slot: number }> = [];
    const jobs: number[] = [];
    const subtractions: number[] = [];
    let slots = 0;
    for (const { node, slot } of splitting) {
      const [left, right] = [tree.left[node], tree.right[node]];
      if (!canSplit(left) && !canSplit(right)) continue;
      const leftIsSmaller = tree.end[left] - tree.start[left] <= tree.end[right] - tree.start[right];
      const [smaller, larger] = leftIsSmaller ? [left, right] : [right, left];
      const smallerSlot = slots++;
      jobs.push(smallerSlot, tree.start[smaller], tree.end[smaller]);
      if (canSplit(smaller)) next.push({ node: smaller, slot: smallerSlot });
      if (canSplit(larger)) {
        const largerSlot = slots++;
        subtractions.push(largerSlot, slot, smallerSlot);
        next.push({ node: larger, slot: largerSlot });
      }
    }
    if (next.length === 0) break;
    const upcoming: 0 | 1 = current === 0 ? 1 : 0;
    ensureSlots(buffers, upcoming, slots);
    await kernels.build(buffers, upcoming, Int32Array.from(jobs), features);
    for (let k = 0; k < subtractions.length; k += 3) {
      subtractHistogram(
        buffers.hists[upcoming],
        stride,
        subtractions[k],
        buffers.hists[current],
        subtractions[k + 1],
        subtractions[k + 2],
        offsets,
        features,
      );
    }
    // Children are visited in creation order, as XGBoost's depthwise driver expands them.
    next.sort((a, b) => a.node - b.node);
    level = next;
    current = upcoming;
  }
  if (params.gamma > 0) pruneByGamma(tree, 0, params.gamma);
  return tree;
}

/** Collapses, bottom up, splits of two leaves whose loss change is below gamma; returns whether `node` is a leaf. */
function pruneByGamma(tree: GrownTree, node: number, gamma: number): boolean {
  const left = tree.left[node];
  if (left === -1) return true;
  const leftLeaf = pruneByGamma(tree, left, gamma);
  const rightLeaf = pruneByGamma(tree, tree.right[node], gamma);
  if (leftLeaf && rightLeaf && tree.lossChange[node] < gamma) {
    tree.left[node] = -1;
    tree.right[node] = -1;
    return true;
  }
  return false;
}

/** The leaf output of a grown node: XGBoost's weight times eta, in float32. */
export function leafOutput(tree: GrownTree, node: number, params: ResolvedParams): number {
  return Math.fround(nodeWeight(tree.gradient[node], tree.hessian[node], params.lambda) * params.eta);
}
