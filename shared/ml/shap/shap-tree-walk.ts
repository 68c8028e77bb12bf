/**
 * TreeSHAP for one tree and one row by recursion over every node (hot child first), one path
 * segment per level. Used for trees too deep for the per-leaf table (shap-leaf-table.ts),
 * which reproduces exactly these operations leaf by leaf.
 */
import { ShapPath } from './shap-path';
import type { RegressionTree } from '../xgboost/tree-ensemble-types';

export class ShapTreeWalk {
  private readonly path: ShapPath;
  private tree!: RegressionTree;
  private x!: Float32Array;
  private xBase = 0;
  private phi!: Float64Array;
  private phiBase = 0;

  constructor(maxDepth: number) {
    this.path = new ShapPath(((maxDepth + 3) * (maxDepth + 4)) / 2);
  }

  /** Adds the tree's contributions for the row at x[xBase..] into phi[phiBase..]. */
  run(tree: RegressionTree, x: Float32Array, xBase: number, phi: Float64Array, phiBase: number): void {
    this.tree = tree;
    this.x = x;
    this.xBase = xBase;
    this.phi = phi;
    this.phiBase = phiBase;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private recurse(
    node: number,
    depth: number,
    parentStart: number,
    parentZero: number,
    parentOne: number,
    parentFeature: number,
  ): void {
    const path = this.path;
    const start = parentStart + depth + 1;
    for (let i = 0; i <= depth; i++) {
      path.feature[start + i] = path.feature[parentStart + i];
      path.zero[start + i] = path.zero[parentStart + i];
      path.one[start + i] = path.one[parentStart + i];
      path.weight[start + i] = path.weight[parentStart + i];
    }
    path.extend(start, depth, parentZero, parentOne, parentFeature);
    const tree = this.tree;
    const left = tree.leftChild[node];
    if (left < 0) {
      const value = tree.leafValue[node];
      for (let i = 1; i <= depth; i++)
        this.phi[this.phiBase + path.feature[start + i]] += path.contribution(start, depth, i, value);
      return;
    }
    const right = tree.rightChild[node];
    const split = tree.splitFeature[node];
    const v = this.x[this.xBase + split];
    const goesLeft = v !== v ? tree.defaultLeft[node] === 1 : v < tree.splitThreshold[node];
    const hot = goesLeft ? left : right;
    const cold = goesLeft ? right : left;
    const cover = tree.cover[node];
    let incomingZero = 1;
    let incomingOne = 1;
    let uniqueDepth = depth;
    const pathIndex = path.indexOf(start, uniqueDepth, split);
    if (pathIndex >= 0) {
      incomingZero = path.zero[start + pathIndex];
      incomingOne = path.one[start + pathIndex];
      path.unwind(start, uniqueDepth, pathIndex);
      uniqueDepth -= 1;
    }
    this.recurse(hot, uniqueDepth + 1, start, (tree.cover[hot] / cover) * incomingZero, incomingOne, split);
    this.recurse(cold, uniqueDepth + 1, start, (tree.cover[cold] / cover) * incomingZero, 0, split);
  }
}
