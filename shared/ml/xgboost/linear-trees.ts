/**
 * A logistic regression written as XGBoost trees, so that it can join (or replace) the boosted
 * trees inside one plain XGBoost model: SageMaker's container, batch transform, the endpoint,
 * Platt fold-in and TreeSHAP then treat it like any booster.
 *
 * Each feature j with a non-zero coefficient becomes one tree whose leaves hold coef_j · x over
 * the training values of x: one leaf per distinct training value when there are at most
 * MAX_LEAVES of them (exact at those values), else MAX_LEAVES groups of equal row count holding
 * coef_j times their mean. A split sends x < (first value of the right-hand group) left, as
 * XGBoost's float32 comparison does, so values between training values take the leaf below and
 * values beyond the training range take the outermost leaf (trees do not extrapolate). A missing
 * value follows the path of 0, the standardised mean. Covers are the logistic hessians p(1 − p)
 * of the training rows, as XGBoost's, so TreeSHAP's expectations are the model's own.
 */
import type { FeatureMatrix } from '../data/preprocess';
import type { LogisticRegressionModel } from '../training/logistic-regression';
import { emptyRegressionTree } from './regression-tree';
import type { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

const MAX_LEAVES = 256;

interface Leaf {
  /** Smallest float32 training value in the leaf. */
  from: number;
  value: number;
  cover: number;
}

/** Groups the (float32) training values of one column into at most `maxLeaves` leaves. */
function leavesOf(values: Float32Array, hessians: Float64Array, coef: number, maxLeaves: number): Leaf[] {
  const order = Int32Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const n = order.length;
  // Where each leaf starts, in sorted order: every distinct value, or, with too many, the first
  // row of each equal-count quantile group moved back to the start of its value's run.
  const starts: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || values[order[k]] !== values[order[k - 1]]) starts.push(k);
  let groupStarts = starts;
  if (starts.length > maxLeaves) {
    const set = new Set<number>();
    let s = 0;
    for (let g = 0; g < maxLeaves; g++) {
      const position = Math.floor((g * n) / maxLeaves);
      while (s + 1 < starts.length && starts[s + 1] <= position) s++;
      set.add(starts[s]);
    }
    groupStarts = [...set].sort((a, b) => a - b);
  }
  return groupStarts.map((from, g) => {
    const to = g + 1 < groupStarts.length ? groupStarts[g + 1] : n;
    let sum = 0;
    let cover = 0;
    for (let k = from; k < to; k++) {
      sum += values[order[k]];
      cover += hessians[order[k]];
    }
    return { from: values[order[from]], value: coef * (sum / (to - from)), cover };
  });
}

/**
 * A balanced tree over `leaves` (sorted by value) splitting on `feature`. Siblings get adjacent
 * ids (right = left + 1): XGBoost's predictor steps to `left + !(x < threshold)`.
 */
function treeOver(leaves: Leaf[], feature: number): RegressionTree {
  const tree = emptyRegressionTree(2 * leaves.length - 1);
  let next = 1;
  const build = (
    node: number,
    lo: number,
    hi: number,
    parent: number,
    depth: number,
  ): { cover: number; weight: number } => {
    tree.parent[node] = parent;
    tree.maxDepth = Math.max(tree.maxDepth, depth);
    if (hi - lo === 1) {
      const leaf = leaves[lo];
      tree.leftChild[node] = -1;
      tree.rightChild[node] = -1;
      tree.leafValue[node] = Math.fround(leaf.value);
      tree.baseWeight[node] = Math.fround(leaf.value);
      tree.cover[node] = Math.fround(leaf.cover);
      return { cover: leaf.cover, weight: leaf.value };
    }
    const mid = (lo + hi) >> 1;
    const leftId = next;
    next += 2;
    tree.splitFeature[node] = feature;
    tree.splitThreshold[node] = leaves[mid].from;
    tree.defaultLeft[node] = 0 < leaves[mid].from ? 1 : 0;
    tree.leftChild[node] = leftId;
    tree.rightChild[node] = leftId + 1;
    const left = build(leftId, lo, mid, node, depth + 1);
    const right = build(leftId + 1, mid, hi, node, depth + 1);
    const cover = left.cover + right.cover;
    const weight =
      cover > 0 ? (left.cover * left.weight + right.cover * right.weight) / cover : (left.weight + right.weight) / 2;
    tree.cover[node] = Math.fround(cover);
    tree.baseWeight[node] = Math.fround(weight);
    return { cover, weight };
  };
  build(0, 0, leaves.length, -1, 0);
  return tree;
}

/**
 * The model `logistic` as a pre-1.0-layout XGBoost ensemble over the columns of `train` (the rows
 * it was fitted on): base margin = the intercept, one tree per feature that has a non-zero
 * coefficient and more than one training value.
 */
export function linearTrees(
  logistic: LogisticRegressionModel,
  train: FeatureMatrix,
  maxLeaves = MAX_LEAVES,
): TreeEnsemble {
  if (train.cols !== logistic.coef.length) {
    throw new Error(
      `linearTrees: the matrix has ${train.cols} columns, the model ${logistic.coef.length} coefficients`,
    );
  }
  if (!Number.isInteger(maxLeaves) || maxLeaves < 2)
    throw new Error(`linearTrees: maxLeaves must be an integer >= 2, got ${maxLeaves}`);
  const p = logistic.predictProba(train);
  const hessians = p.map((pi) => pi * (1 - pi));
  const trees: RegressionTree[] = [];
  const column = new Float32Array(train.rows);
  for (let j = 0; j < train.cols; j++) {
    const coef = logistic.coef[j];
    if (coef === 0) continue;
    for (let r = 0; r < train.rows; r++) column[r] = train.matrix[r * train.cols + j];
    if (column.some((v) => !Number.isFinite(v))) {
      throw new Error(
        `linearTrees: column ${j} holds a missing or infinite training value; the model was fitted on finite values`,
      );
    }
    const leaves = leavesOf(column, hessians, coef, maxLeaves);
    if (leaves.length > 1) trees.push(treeOver(leaves, j));
  }
  const baseMargin = Math.fround(logistic.intercept);
  return {
    version: { major: 0, minor: 0 },
    objective: 'binary:logistic',
    booster: 'gbtree',
    storedBaseScore: baseMargin,
    baseMargin,
    numFeature: train.cols,
    trees,
    attributes: {},
  };
}
