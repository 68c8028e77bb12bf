/**
 * Turns a grown tree into XGBoost's node layout (breadth-first ids, children allocated in
 * pairs, pruned nodes dropped) and hands its outputs to the training margins.
 */
import { emptyRegressionTree } from '../../xgboost/regression-tree';
import { RegressionTree } from '../../xgboost/tree-ensemble-types';
import { GrownTree, leafOutput } from './grow-tree';
import { ResolvedParams } from './params';

/** A finished tree plus, per node, the grown node it came from (for leaf row ranges). */
export interface FinishedTree {
  tree: RegressionTree;
  grownNode: Int32Array;
  /** Split bin per node (rows with bin <= splitBin go left). */
  splitBin: Int32Array;
}

export function finishTree(grown: GrownTree, cuts: Float32Array[], params: ResolvedParams): FinishedTree {
  const order = [0];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    if (grown.left[node] !== -1) order.push(grown.left[node], grown.right[node]);
  }
  const numNodes = order.length;
  const tree = emptyRegressionTree(numNodes);
  const splitBin = new Int32Array(numNodes);
  const depth = new Int32Array(numNodes);
  tree.parent[0] = -1;
  let nextChild = 1;
  order.forEach((node, id) => {
    tree.cover[id] = grown.hessian[node];
    tree.baseWeight[id] = -grown.gradient[node] / (grown.hessian[node] + params.lambda);
    if (grown.left[node] === -1) {
      tree.leftChild[id] = -1;
      tree.rightChild[id] = -1;
      tree.leafValue[id] = leafOutput(grown, node, params);
      return;
    }
    const left = nextChild;
    nextChild += 2;
    tree.leftChild[id] = left;
    tree.rightChild[id] = left + 1;
    tree.parent[left] = id;
    tree.parent[left + 1] = id;
    depth[left] = depth[left + 1] = depth[id] + 1;
    tree.maxDepth = Math.max(tree.maxDepth, depth[id] + 1);
    const feature = grown.feature[node];
    tree.splitFeature[id] = feature;
    splitBin[id] = grown.splitBin[node];
    tree.splitThreshold[id] = cuts[feature][grown.splitBin[node]];
    tree.defaultLeft[id] = grown.defaultLeft[node];
    tree.lossChange[id] = grown.lossChange[node];
  });
  return { tree, grownNode: Int32Array.from(order), splitBin };
}

/** The tree's leaves as (start, end) ranges of rowIndex positions, with their output values. */
export function leafRanges(finished: FinishedTree, grown: GrownTree): { leaves: Int32Array; values: Float32Array } {
  const { tree, grownNode } = finished;
  const leaves: number[] = [];
  const values: number[] = [];
  for (let id = 0; id < tree.numNodes; id++) {
    if (tree.leftChild[id] !== -1) continue;
    const node = grownNode[id];
    leaves.push(grown.start[node], grown.end[node]);
    values.push(tree.leafValue[id]);
  }
  return { leaves: Int32Array.from(leaves), values: Float32Array.from(values) };
}

/** Writes the tree's output for rows[0..count) to rowValue, walking the tree on each row's bin codes. */
export function walkTree(
  finished: FinishedTree,
  columns: Uint16Array,
  featureOffset: Int32Array,
  rows: Int32Array,
  count: number,
  rowValue: Float32Array,
): void {
  const { tree, splitBin } = finished;
  const rowCount = rowValue.length;
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    let id = 0;
    while (tree.leftChild[id] !== -1) {
      const feature = tree.splitFeature[id];
      const code = columns[feature * rowCount + row];
      const goesLeft =
        code === featureOffset[feature + 1] - 1
          ? tree.defaultLeft[id] === 1
          : code <= featureOffset[feature] + splitBin[id];
      id = goesLeft ? tree.leftChild[id] : tree.rightChild[id];
    }
    rowValue[row] = tree.leafValue[id];
  }
}
