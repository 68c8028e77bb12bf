/**
 * TreeSHAP for one tree, memoised per leaf. What a leaf adds to a row's SHAP values depends on
 * the row only through which way it goes at each split on the root-to-leaf path (the path's
 * "one fractions"); covers and features are fixed. So a leaf's contributions are computed once
 * per direction pattern (a bit mask over its path, 2^depth of them) and then only added.
 *
 * A pattern's entry is computed by replaying, along that one path, exactly the extend / unwind
 * / unwound-sum operations the recursive walk (shap-tree-walk.ts) performs on its way to the
 * leaf, and rows visit leaves in the recursion's order (hot child first): the results are
 * bit-identical to the recursion, only cheaper (a row costs a walk over the nodes and one add
 * per leaf feature, instead of O(depth^2) arithmetic per leaf). Tables are filled lazily and
 * within a budget shared by the ensemble; a leaf over budget is replayed for every row.
 */
import { ShapPath } from './shap-path';
import type { RegressionTree } from '../xgboost/tree-ensemble-types';

/** Deeper trees use the recursive walk: a leaf's table has 2^depth rows. */
export const LEAF_TABLE_MAX_DEPTH = 10;

/** Doubles the tables of one ensemble may still allocate. */
export interface LeafTableBudget {
  remaining: number;
}

export class ShapLeafTable {
  private readonly tree: RegressionTree;
  /** Per node: leaf ordinal, or -1 for a split. */
  private readonly leafOf: Int32Array;
  /** Per node: cover / parent's cover (the share of training rows that went this way). */
  private readonly coverRatio: Float64Array;
  /** Per leaf: number of splits above it, and where its path (split nodes and the child taken) starts. */
  private readonly pathLength: Int32Array;
  private readonly pathStart: Int32Array;
  private readonly pathNode: Int32Array;
  private readonly pathChild: Int32Array;
  /** Per leaf: its distinct path features in unique-path order (features[featureStart..+featureCount]). */
  private readonly featureStart: Int32Array;
  private readonly featureCount: Int32Array;
  private readonly features: Int32Array;
  /** Per leaf: where its patterns start in `known` and its contributions in `values` (pattern * featureCount + k). */
  private readonly patternStart: Int32Array;
  private readonly valueStart: Int32Array;
  /** All leaves' contributions, allocated on first use; empty while unallocated or when over budget. */
  private values = new Float64Array(0);
  private known = new Uint8Array(0);
  private state: 'unallocated' | 'tabled' | 'over-budget' = 'unallocated';
  private readonly budget: LeafTableBudget;
  private readonly path: ShapPath;
  private readonly scratch: Float64Array;
  private readonly stackNode: Int32Array;
  private readonly stackPattern: Int32Array;

  constructor(tree: RegressionTree, budget: LeafTableBudget) {
    if (tree.maxDepth > LEAF_TABLE_MAX_DEPTH)
      throw new Error(`ShapLeafTable: tree depth ${tree.maxDepth} exceeds ${LEAF_TABLE_MAX_DEPTH}`);
    this.tree = tree;
    this.budget = budget;
    const depth = tree.maxDepth;
    this.path = new ShapPath(depth + 2);
    this.scratch = new Float64Array(depth + 1);
    this.stackNode = new Int32Array(depth + 2);
    this.stackPattern = new Int32Array(depth + 2);
    this.leafOf = new Int32Array(tree.numNodes).fill(-1);
    this.coverRatio = new Float64Array(tree.numNodes);
    const leaves: number[] = [];
    const pathStart: number[] = [];
    const pathLength: number[] = [];
    const pathNode: number[] = [];
    const pathChild: number[] = [];
    const splitsAbove: number[] = [];
    const childrenTaken: number[] = [];
    const visit = (node: number): void => {
      const left = tree.leftChild[node];
      if (left < 0) {
        if (splitsAbove.length > depth)
          throw new Error(`ShapLeafTable: leaf ${node} lies deeper than the tree's maxDepth ${depth}`);
        this.leafOf[node] = leaves.length;
        leaves.push(node);
        pathStart.push(pathNode.length);
        pathLength.push(splitsAbove.length);
        pathNode.push(...splitsAbove);
        pathChild.push(...childrenTaken);
        return;
      }
      for (const child of [left, tree.rightChild[node]]) {
        this.coverRatio[child] = tree.cover[child] / tree.cover[node];
        splitsAbove.push(node);
        childrenTaken.push(child);
        visit(child);
        splitsAbove.pop();
        childrenTaken.pop();
      }
    };
    visit(0);
    this.pathStart = Int32Array.from(pathStart);
    this.pathLength = Int32Array.from(pathLength);
    this.pathNode = Int32Array.from(pathNode);
    this.pathChild = Int32Array.from(pathChild);
    this.featureStart = new Int32Array(leaves.length);
    this.featureCount = new Int32Array(leaves.length);
    const features: number[] = [];
    for (let leaf = 0; leaf < leaves.length; leaf++) {
      // The unique path's features do not depend on the directions taken: replay any pattern.
      const count = this.replay(leaf, 0, this.scratch, 0);
      this.featureStart[leaf] = features.length;
      this.featureCount[leaf] = count;
      for (let i = 1; i <= count; i++) features.push(this.path.feature[i]);
    }
    this.features = Int32Array.from(features);
    this.patternStart = new Int32Array(leaves.length + 1);
    this.valueStart = new Int32Array(leaves.length + 1);
    for (let leaf = 0; leaf < leaves.length; leaf++) {
      const patterns = 1 << this.pathLength[leaf];
      this.patternStart[leaf + 1] = this.patternStart[leaf] + patterns;
      this.valueStart[leaf + 1] = this.valueStart[leaf] + patterns * this.featureCount[leaf];
    }
  }

  /** Adds the tree's contributions for the row at x[xBase..] into phi[phiBase..]. */
  addRow(x: Float32Array, xBase: number, phi: Float64Array, phiBase: number): void {
    if (this.state === 'unallocated') this.allocate();
    const tabled = this.state === 'tabled';
    const { leftChild, rightChild, splitFeature, splitThreshold, defaultLeft } = this.tree;
    const {
      stackNode,
      stackPattern,
      leafOf,
      featureCount,
      featureStart,
      features,
      patternStart,
      valueStart,
      known,
      values,
      scratch,
    } = this;
    let top = 0;
    stackNode[0] = 0;
    stackPattern[0] = 0;
    while (top >= 0) {
      const node = stackNode[top];
      const pattern = stackPattern[top];
      top--;
      const left = leftChild[node];
      if (left >= 0) {
        const v = x[xBase + splitFeature[node]];
        const goesLeft = v !== v ? defaultLeft[node] === 1 : v < splitThreshold[node];
        // Cold side pushed first, so the hot subtree is finished first, as in the recursion.
        stackNode[++top] = goesLeft ? rightChild[node] : left;
        stackPattern[top] = pattern << 1;
        stackNode[++top] = goesLeft ? left : rightChild[node];
        stackPattern[top] = (pattern << 1) | 1;
        continue;
      }
      const leaf = leafOf[node];
      const count = featureCount[leaf];
      let source: Float64Array = values;
      let offset = valueStart[leaf] + pattern * count;
      if (!tabled) {
        this.replay(leaf, pattern, scratch, 0);
        source = scratch;
        offset = 0;
      } else if (known[patternStart[leaf] + pattern] === 0) {
        this.replay(leaf, pattern, values, offset);
        known[patternStart[leaf] + pattern] = 1;
      }
      const first = featureStart[leaf];
      for (let k = 0; k < count; k++) phi[phiBase + features[first + k]] += source[offset + k];
    }
  }

  /** Takes the whole tree's table from the budget, or settles for replaying every leaf. */
  private allocate(): void {
    const size = this.valueStart[this.valueStart.length - 1];
    if (size > this.budget.remaining) {
      this.state = 'over-budget';
      return;
    }
    this.budget.remaining -= size;
    this.values = new Float64Array(size);
    this.known = new Uint8Array(this.patternStart[this.patternStart.length - 1]);
    this.state = 'tabled';
  }

  /**
   * Walks the path to `leaf` taking the hot side where `pattern` has a 1 (first split = highest
   * bit), with the recursion's operations; writes the leaf's contributions to out[offset..] and
   * returns their count (the unique path's features are then in path.feature[1..count]).
   */
  private replay(leaf: number, pattern: number, out: Float64Array, offset: number): number {
    const path = this.path;
    const tree = this.tree;
    const length = this.pathLength[leaf];
    const first = this.pathStart[leaf];
    let depth = 0;
    let zero = 1;
    let one = 1;
    let feature = -1;
    for (let j = 0; j < length; j++) {
      path.extend(0, depth, zero, one, feature);
      const split = tree.splitFeature[this.pathNode[first + j]];
      let incomingZero = 1;
      let incomingOne = 1;
      let uniqueDepth = depth;
      const pathIndex = path.indexOf(0, uniqueDepth, split);
      if (pathIndex >= 0) {
        incomingZero = path.zero[pathIndex];
        incomingOne = path.one[pathIndex];
        path.unwind(0, uniqueDepth, pathIndex);
        uniqueDepth -= 1;
      }
      zero = this.coverRatio[this.pathChild[first + j]] * incomingZero;
      one = ((pattern >>> (length - 1 - j)) & 1) === 1 ? incomingOne : 0;
      feature = split;
      depth = uniqueDepth + 1;
    }
    path.extend(0, depth, zero, one, feature);
    const value = tree.leafValue[this.leafNode(leaf)];
    for (let i = 1; i <= depth; i++) out[offset + i - 1] = path.contribution(0, depth, i, value);
    return depth;
  }

  private leafNode(leaf: number): number {
    const length = this.pathLength[leaf];
    return length === 0 ? 0 : this.pathChild[this.pathStart[leaf] + length - 1];
  }
}
