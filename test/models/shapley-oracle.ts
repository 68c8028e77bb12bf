/**
 * Independent oracle for the TreeSHAP tests: the Shapley value by its definition, enumerating
 * every coalition S, with v(S) = E[f(x) | x_S] computed the way TreeSHAP defines it (features
 * outside S are integrated out by following both children weighted by cover).
 */
import type { RegressionTree } from '../../shared/ml/xgboost/tree-ensemble-types';

/** v(S) of one tree for the row starting at `base` of `x`; S is the bit mask `coalition`. */
function conditionalExpectation(tree: RegressionTree, x: ArrayLike<number>, base: number, coalition: number): number {
  const walk = (n: number): number => {
    const l = tree.leftChild[n];
    if (l < 0) return tree.leafValue[n];
    const r = tree.rightChild[n];
    const f = tree.splitFeature[n];
    if (((coalition >> f) & 1) === 1) {
      const v = Math.fround(x[base + f]);
      return walk((Number.isNaN(v) ? tree.defaultLeft[n] === 1 : v < tree.splitThreshold[n]) ? l : r);
    }
    return (walk(l) * tree.cover[l] + walk(r) * tree.cover[r]) / tree.cover[n];
  };
  return walk(0);
}

/** The `features` Shapley values of the sum of `trees` at the row starting at `base` (2^features coalitions). */
export function bruteForceShapley(
  trees: readonly RegressionTree[],
  x: ArrayLike<number>,
  base: number,
  features: number,
): Float64Array {
  const values = new Float64Array(1 << features);
  for (let mask = 0; mask < 1 << features; mask++) {
    for (const tree of trees) values[mask] += conditionalExpectation(tree, x, base, mask);
  }
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    for (let mask = 0; mask < 1 << features; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let b = mask; b > 0; b >>= 1) size += b & 1;
      const weight = (factorial(size) * factorial(features - size - 1)) / factorial(features);
      phi[i] += weight * (values[mask | (1 << i)] - values[mask]);
    }
  }
  return phi;
}
