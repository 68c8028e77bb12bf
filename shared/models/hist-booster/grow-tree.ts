/**
 * Depthwise growth of one tree on binned data: every node of a level gets its best split, rows
 * are partitioned, and of each pair of children only the smaller one's histogram is built (the
 * other is parent − smaller). Gamma pruning then collapses, bottom up, splits whose loss change
 * is below gamma, as XGBoost's pruner does.
 */
import { slotStride, subtractHistogram } from './kernels';
import { ResolvedParams } from './params';
import { bestSplit, nodeWeight } from './split';

/** Shared buffers one training run works in (SharedArrayBuffer-backed, so workers see them). */
export interface TrainingBuffers {
  bins: Uint8Array;
  cols: number;
  binCounts: Int32Array;
  gradient: Float32Array;
  hessian: Float32Array;
  rowIndex: Int32Array;
  scratch: Int32Array;
  /** Histograms of the current and the next level (swapped every level). */
  hists: [Float64Array, Float64Array];
}

/** Where the histogram and partition loops run: this thread or a pool of workers. */
export interface TreeKernels {
  /** Builds the histograms of jobs (slot, start, end) into buffers.hists[which]. */
  build(buffers: TrainingBuffers, which: 0 | 1, jobs: Int32Array): Promise<void>;
  /** Partitions each task (start, end, feature, splitBin, defaultLeft); returns left counts. */
  partition(buffers: TrainingBuffers, tasks: Int32Array): Promise<Int32Array>;
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
  const needed = slots * slotStride(buffers.cols);
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
  const stride = slotStride(buffers.cols);
  tree.end[0] = rowCount;
  let g = 0;
  let h = 0;
  for (let i = 0; i < rowCount; i++) {
    const row = buffers.rowIndex[i];
    g += buffers.gradient[row];
    h += buffers.hessian[row];
  }
  tree.gradient[0] = g;
  tree.hessian[0] = h;
  let level = [0];
  let current: 0 | 1 = 0;
  ensureSlots(buffers, current, 1);
  if (maxDepth > 0) await kernels.build(buffers, current, Int32Array.of(0, 0, rowCount));
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const splitting: number[] = [];
    const tasks: number[] = [];
    level.forEach((node, slot) => {
      const split = bestSplit(buffers.hists[current], slot * stride, features, buffers.binCounts, tree.gradient[node], tree.hessian[node], params.lambda, params.min_child_weight);
      if (split === null) return;
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
      splitting.push(node, slot);
      tasks.push(tree.start[node], tree.end[node], split.feature, split.splitBin, split.defaultLeft ? 1 : 0);
    });
    if (splitting.length === 0) break;
    const leftCounts = await kernels.partition(buffers, Int32Array.from(tasks));
    const next: number[] = [];
    const jobs: number[] = [];
    for (let k = 0; k < splitting.length; k += 2) {
      const node = splitting[k];
      const left = tree.left[node];
      const right = tree.right[node];
      const middle = tree.start[node] + leftCounts[k / 2];
      tree.start[left] = tree.start[node];
      tree.end[left] = middle;
      tree.start[right] = middle;
      tree.end[right] = tree.end[node];
      const smaller = middle - tree.start[node] <= tree.end[node] - middle ? left : right;
      jobs.push(next.length + (smaller === left ? 0 : 1), tree.start[smaller], tree.end[smaller]);
      next.push(left, right);
    }
    level = next;
    if (depth + 1 === maxDepth) break;
    const upcoming: 0 | 1 = current === 0 ? 1 : 0;
    ensureSlots(buffers, upcoming, next.length);
    await kernels.build(buffers, upcoming, Int32Array.from(jobs));
    for (let k = 0; k < jobs.length; k += 3) {
      const built = jobs[k];
      const sibling = built % 2 === 0 ? built + 1 : built - 1;
      subtractHistogram(buffers.hists[upcoming], buffers.cols, sibling, buffers.hists[current], splitting[(2 * k) / 3 + 1], built);
    }
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
