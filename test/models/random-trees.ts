/**
 * Seeded random regression trees and feature matrices for exactness tests: unbalanced shapes
 * of any depth, few features (so features repeat along paths), random default directions,
 * thresholds and leaves that are float32 values, covers that add up like XGBoost's, and rows
 * that hit thresholds exactly or hold NaN, ±0 and ±Infinity.
 */
import type { RegressionTree, TreeEnsemble } from '../../shared/ml/xgboost/tree-ensemble-types';
import { Random } from '../../shared/core/util/random';

/** The thresholds trees draw from, so rows can hit them exactly. */
export const THRESHOLDS = [-2.5, -1, -0.125, 0, 0.3, 1, 1.75, 4].map(Math.fround);

interface NodeDraft {
  left: number;
  right: number;
  feature: number;
  threshold: number;
  defaultLeft: boolean;
  leaf: number;
  cover: number;
  depth: number;
}

/** A tree that reaches exactly `depth` (its first path goes all the way down; others stop at random). */
export function randomTree(random: Random, depth: number, features: number): RegressionTree {
  const nodes: NodeDraft[] = [];
  const grow = (level: number, mustSplit: boolean): number => {
    const index = nodes.length;
    const node: NodeDraft = {
      left: -1,
      right: -1,
      feature: 0,
      threshold: 0,
      defaultLeft: false,
      leaf: 0,
      cover: 0,
      depth: level,
    };
    nodes.push(node);
    const split = level < depth && (mustSplit || random.bernoulli(0.75));
    if (!split) {
      node.leaf = Math.fround(random.normal(0, 0.5));
      node.cover = Math.fround(0.5 + random.uniform(0, 20));
      return index;
    }
    node.feature = random.int(features);
    node.threshold = random.bernoulli(0.6)
      ? THRESHOLDS[random.int(THRESHOLDS.length)]
      : Math.fround(random.normal(0, 2));
    node.defaultLeft = random.bernoulli(0.5);
    node.left = grow(level + 1, mustSplit);
    node.right = grow(level + 1, false);
    node.cover = Math.fround(nodes[node.left].cover + nodes[node.right].cover);
    return index;
  };
  grow(0, true);
  const n = nodes.length;
  const tree: RegressionTree = {
    numNodes: n,
    leftChild: Int32Array.from(nodes, (d) => d.left),
    rightChild: Int32Array.from(nodes, (d) => d.right),
    parent: new Int32Array(n).fill(-1),
    splitFeature: Int32Array.from(nodes, (d) => d.feature),
    splitThreshold: Float32Array.from(nodes, (d) => d.threshold),
    defaultLeft: Uint8Array.from(nodes, (d) => (d.defaultLeft ? 1 : 0)),
    leafValue: Float32Array.from(nodes, (d) => d.leaf),
    lossChange: new Float32Array(n),
    cover: Float32Array.from(nodes, (d) => d.cover),
    baseWeight: new Float32Array(n),
    deleted: new Uint8Array(n),
    maxDepth: depth,
  };
  nodes.forEach((d, i) => {
    if (d.left >= 0) {
      tree.parent[d.left] = i;
      tree.parent[d.right] = i;
    }
  });
  return tree;
}

export function randomEnsemble(seed: number, depths: readonly number[], features: number): TreeEnsemble {
  const random = new Random(seed);
  return {
    version: { major: 1, minor: 7 },
    objective: 'binary:logistic',
    booster: 'gbtree',
    storedBaseScore: 0.5,
    baseMargin: Math.fround(random.normal(0, 0.3)),
    numFeature: features,
    trees: depths.map((depth) => randomTree(random, depth, features)),
    attributes: {},
  };
}

/** Rows x features, row-major float64; `missing` is the share of NaN cells. */
export function randomRows(seed: number, rows: number, features: number, missing: number): Float64Array {
  const random = new Random(seed);
  const specials = [0, -0, Infinity, -Infinity, 1e-40];
  const x = new Float64Array(rows * features);
  for (let i = 0; i < x.length; i++) {
    const u = random.next();
    if (u < missing) x[i] = NaN;
    else if (u < missing + 0.2) x[i] = THRESHOLDS[random.int(THRESHOLDS.length)];
    else if (u < missing + 0.23) x[i] = specials[random.int(specials.length)];
    else x[i] = random.normal(0, 2);
  }
  return x;
}

/** Independent oracle: each row walks each tree node by node, the margin summed in float32. */
export function naiveMargins(
  ensemble: TreeEnsemble,
  x: Float64Array,
  rows: number,
  cols: number,
  treeCount = ensemble.trees.length,
): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let margin = Math.fround(ensemble.baseMargin);
    for (const tree of ensemble.trees.slice(0, treeCount)) {
      let n = 0;
      while (tree.leftChild[n] >= 0) {
        const v = Math.fround(x[r * cols + tree.splitFeature[n]]);
        const left = Number.isNaN(v) ? tree.defaultLeft[n] === 1 : v < tree.splitThreshold[n];
        n = left ? tree.leftChild[n] : tree.rightChild[n];
      }
      margin = Math.fround(margin + tree.leafValue[n]);
    }
    out[r] = margin;
  }
  return out;
}

/** Index of the first element whose bits differ (NaN equals NaN, 0 differs from -0), or -1. */
export function firstBitDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
