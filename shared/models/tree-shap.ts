/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature Attribution
 * for Tree Ensembles", Algorithm 2): polynomial-time Shapley values of the tree margin where a
 * feature left out of a coalition is integrated over the training distribution using node
 * covers. This is what XGBoost's `pred_contribs=True` computes (without interactions).
 *
 * Computed in float64 (XGBoost works in float32, so results agree to about 1e-6).
 */
import { checkMatrixShape, FeatureArray, toFloat32 } from './feature-matrix';
import { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

const meanValueCache = new WeakMap<RegressionTree, Float64Array>();

/** Cover-weighted mean output of every subtree (XGBoost's node mean values). */
export function nodeMeanValues(tree: RegressionTree): Float64Array {
  const cached = meanValueCache.get(tree);
  if (cached !== undefined) return cached;
  const means = new Float64Array(tree.numNodes);
  const fill = (n: number): number => {
    const l = tree.leftChild[n];
    if (l < 0) {
      means[n] = tree.leafValue[n];
    } else {
      const r = tree.rightChild[n];
      means[n] = (fill(l) * tree.cover[l] + fill(r) * tree.cover[r]) / tree.cover[n];
    }
    return means[n];
  };
  fill(0);
  meanValueCache.set(tree, means);
  return means;
}

/** The SHAP bias: the margin expected over the training data (base margin + each tree's mean). */
export function expectedMargin(ensemble: TreeEnsemble): number {
  let sum = ensemble.baseMargin;
  for (const tree of ensemble.trees) sum += nodeMeanValues(tree)[0];
  return sum;
}

/**
 * Working memory for one tree walk: the "unique path" of features seen so far, one segment
 * per recursion level, as parallel typed arrays (feature, zero fraction, one fraction, weight).
 */
class ShapWalker {
  private feature: Int32Array;
  private zero: Float64Array;
  private one: Float64Array;
  private weight: Float64Array;
  private tree!: RegressionTree;
  private x!: Float32Array;
  private xBase = 0;
  private phi!: Float64Array;
  private phiBase = 0;

  constructor(maxDepth: number) {
    const size = ((maxDepth + 3) * (maxDepth + 4)) / 2;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
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

  private extend(start: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.weight;
    const at = start + depth;
    this.feature[at] = feature;
    this.zero[at] = zero;
    this.one[at] = one;
    w[at] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[start + i + 1] += (one * w[start + i] * (i + 1)) / (depth + 1);
      w[start + i] = (zero * w[start + i] * (depth - i)) / (depth + 1);
    }
  }

  private unwind(start: number, depth: number, pathIndex: number): void {
    const w = this.weight;
    const one = this.one[start + pathIndex];
    const zero = this.zero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const previous = w[start + i];
        w[start + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        nextOnePortion = previous - (w[start + i] * zero * (depth - i)) / (depth + 1);
      } else {
        w[start + i] = (w[start + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = pathIndex; i < depth; i++) {
      this.feature[start + i] = this.feature[start + i + 1];
      this.zero[start + i] = this.zero[start + i + 1];
      this.one[start + i] = this.one[start + i + 1];
    }
  }

  /** Total weight of the path with element `pathIndex` unwound, without modifying the path. */
  private unwoundSum(start: number, depth: number, pathIndex: number): number {
    const w = this.weight;
    const one = this.one[start + pathIndex];
    const zero = this.zero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const t = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        total += t;
        nextOnePortion = w[start + i] - (t * zero * (depth - i)) / (depth + 1);
      } else if (zero !== 0) {
        total += w[start + i] / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  private recurse(
    node: number,
    depth: number,
    parentStart: number,
    parentZero: number,
    parentOne: number,
    parentFeature: number,
  ): void {
    const start = parentStart + depth + 1;
    for (let i = 0; i <= depth; i++) {
      this.feature[start + i] = this.feature[parentStart + i];
      this.zero[start + i] = this.zero[parentStart + i];
      this.one[start + i] = this.one[parentStart + i];
      this.weight[start + i] = this.weight[parentStart + i];
    }
    this.extend(start, depth, parentZero, parentOne, parentFeature);
    const tree = this.tree;
    const left = tree.leftChild[node];
    if (left < 0) {
      const value = tree.leafValue[node];
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(start, depth, i);
        this.phi[this.phiBase + this.feature[start + i]] += w * (this.one[start + i] - this.zero[start + i]) * value;
      }
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
    let pathIndex = 0;
    while (pathIndex <= uniqueDepth && this.feature[start + pathIndex] !== split) pathIndex++;
    if (pathIndex <= uniqueDepth) {
      incomingZero = this.zero[start + pathIndex];
      incomingOne = this.one[start + pathIndex];
      this.unwind(start, uniqueDepth, pathIndex);
      uniqueDepth -= 1;
    }
    this.recurse(hot, uniqueDepth + 1, start, (tree.cover[hot] / cover) * incomingZero, incomingOne, split);
    this.recurse(cold, uniqueDepth + 1, start, (tree.cover[cold] / cover) * incomingZero, 0, split);
  }
}

/**
 * SHAP values of the margin: rows x (cols + 1), row-major; column `cols` is the bias
 * (expected margin). Each row sums to the row's margin (up to float rounding).
 */
export function shapValues(ensemble: TreeEnsemble, X: FeatureArray, rows: number, cols: number): Float64Array {
  checkMatrixShape(X, rows, cols, 'features');
  if (cols !== ensemble.numFeature) {
    throw new Error(`features have ${cols} columns but the model was trained on ${ensemble.numFeature}`);
  }
  const x = toFloat32(X);
  const width = cols + 1;
  const phi = new Float64Array(rows * width);
  const bias = expectedMargin(ensemble);
  let maxDepth = 0;
  for (const tree of ensemble.trees) maxDepth = Math.max(maxDepth, tree.maxDepth);
  const walker = new ShapWalker(maxDepth);
  for (let r = 0; r < rows; r++) {
    for (const tree of ensemble.trees) walker.run(tree, x, r * cols, phi, r * width);
    phi[r * width + cols] = bias;
  }
  return phi;
}
