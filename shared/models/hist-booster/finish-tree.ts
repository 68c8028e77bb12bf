/**
 * Turns a grown tree into XGBoost's node layout (breadth-first ids, children allocated in
 * pairs, pruned nodes dropped) and adds its outputs to the training margins.
 */
import { emptyRegressionTree } from '../regression-tree';
import { RegressionTree } from '../tree-ensemble-types';
import { GrownTree, leafOutput } from './grow-tree';
import { MISSING_BIN, ResolvedParams } from './params';

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

/**
 * Adds the tree's leaf outputs to margins: rows the tree was grown on through their leaf's row
 * range, the others (left out by subsample) by walking the tree on their bins.
 */
export function addTreeToMargins(
  finished: FinishedTree,
  grown: GrownTree,
  rowIndex: Int32Array,
  grownRows: number,
  bins: Uint8Array,
  cols: number,
  margins: Float32Array,
): void {
  const { tree, grownNode, splitBin } = finished;
  for (let id = 0; id < tree.numNodes; id++) {
    if (tree.leftChild[id] !== -1) continue;
    const value = tree.leafValue[id];
    const node = grownNode[id];
    for (let i = grown.start[node]; i < grown.end[node]; i++) margins[rowIndex[i]] += value;
  }
  if (grownRows === margins.length) return;
  const grownMark = new Uint8Array(margins.length);
  for (let i = 0; i < grownRows; i++) grownMark[rowIndex[i]] = 1;
  const missing = MISSING_BIN;
  for (let row = 0; row < margins.length; row++) {
    if (grownMark[row] === 1) continue;
    let id = 0;
    while (tree.leftChild[id] !== -1) {
      const bin = bins[row * cols + tree.splitFeature[id]];
      const goesLeft = bin === missing ? tree.defaultLeft[id] === 1 : bin <= splitBin[id];
      id = goesLeft ? tree.leftChild[id] : tree.rightChild[id];
    }
    margins[row] += tree.leafValue[id];
  }
}
