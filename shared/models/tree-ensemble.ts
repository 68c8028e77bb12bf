/**
 * Fast batch scoring of a parsed XGBoost ensemble, reproducing XGBoost's arithmetic exactly:
 * features compared as float32 (`value < threshold` goes left, NaN follows the default
 * direction) and the margin accumulated in float32, base margin first, then tree by tree.
 * Ensembles are treated as immutable: the flattened form is cached per ensemble object.
 */
import { checkMatrixShape, FeatureArray, toFloat32 } from './feature-matrix';
import { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

export type { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

/** All trees' nodes in shared arrays; child indices are absolute. */
interface FlatEnsemble {
  treeRoot: Int32Array;
  left: Int32Array;
  right: Int32Array;
  missing: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  leafValue: Float64Array;
}

const flatCache = new WeakMap<TreeEnsemble, FlatEnsemble>();
const ROW_BLOCK = 64;

function flatten(ensemble: TreeEnsemble): FlatEnsemble {
  const cached = flatCache.get(ensemble);
  if (cached !== undefined) return cached;
  let total = 0;
  for (const tree of ensemble.trees) total += tree.numNodes;
  const flat: FlatEnsemble = {
    treeRoot: new Int32Array(ensemble.trees.length),
    left: new Int32Array(total),
    right: new Int32Array(total),
    missing: new Int32Array(total),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    leafValue: new Float64Array(total),
  };
  let offset = 0;
  ensemble.trees.forEach((tree: RegressionTree, t: number) => {
    flat.treeRoot[t] = offset;
    for (let n = 0; n < tree.numNodes; n++) {
      const i = offset + n;
      const isLeaf = tree.leftChild[n] < 0;
      flat.left[i] = isLeaf ? -1 : offset + tree.leftChild[n];
      flat.right[i] = isLeaf ? -1 : offset + tree.rightChild[n];
      flat.missing[i] = tree.defaultLeft[n] ? flat.left[i] : flat.right[i];
      flat.feature[i] = tree.splitFeature[n];
      flat.threshold[i] = tree.splitThreshold[n];
      flat.leafValue[i] = tree.leafValue[n];
    }
    offset += tree.numNodes;
  });
  flatCache.set(ensemble, flat);
  return flat;
}

export interface PredictOptions {
  /** Use only the first `treeLimit` trees (default: all). */
  treeLimit?: number;
}

function resolveTreeCount(ensemble: TreeEnsemble, treeLimit: number | undefined): number {
  if (treeLimit === undefined) return ensemble.trees.length;
  if (!Number.isInteger(treeLimit) || treeLimit < 0 || treeLimit > ensemble.trees.length) {
    throw new Error(`treeLimit must be an integer in [0, ${ensemble.trees.length}], got ${treeLimit}`);
  }
  return treeLimit;
}

function checkInput(ensemble: TreeEnsemble, X: FeatureArray, rows: number, cols: number): Float32Array {
  checkMatrixShape(X, rows, cols, 'features');
  if (cols !== ensemble.numFeature) {
    throw new Error(`features have ${cols} columns but the model was trained on ${ensemble.numFeature}`);
  }
  return toFloat32(X);
}

/** Adds trees [treeBegin, treeEnd) for rows [rowBegin, rowEnd) into the float32 accumulator. */
function addTrees(
  flat: FlatEnsemble,
  x: Float32Array,
  cols: number,
  rowBegin: number,
  rowEnd: number,
  treeBegin: number,
  treeEnd: number,
  acc: Float32Array,
): void {
  const { treeRoot, left, right, missing, feature, threshold, leafValue } = flat;
  for (let t = treeBegin; t < treeEnd; t++) {
    const root = treeRoot[t];
    for (let r = rowBegin; r < rowEnd; r++) {
      const base = r * cols;
      let n = root;
      let l = left[n];
      while (l >= 0) {
        const v = x[base + feature[n]];
        n = v !== v ? missing[n] : v < threshold[n] ? l : right[n];
        l = left[n];
      }
      acc[r] += leafValue[n];
    }
  }
}

/** Raw margins (log-odds for binary:logistic), equal to XGBoost's `output_margin=True`. */
export function predictMargin(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: PredictOptions = {},
): Float64Array {
  const x = checkInput(ensemble, X, rows, cols);
  const treeCount = resolveTreeCount(ensemble, options.treeLimit);
  const flat = flatten(ensemble);
  const acc = new Float32Array(rows).fill(ensemble.baseMargin);
  for (let start = 0; start < rows; start += ROW_BLOCK) {
    addTrees(flat, x, cols, start, Math.min(rows, start + ROW_BLOCK), 0, treeCount, acc);
  }
  return Float64Array.from(acc);
}

/** XGBoost's float32 sigmoid. */
export function sigmoid32(margin: number): number {
  const f = Math.fround;
  return f(1 / f(1 + f(Math.exp(-margin))));
}

/** Probabilities for binary:logistic / reg:logistic models, equal to XGBoost's `predict`. */
export function predictProba(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  options: PredictOptions = {},
): Float64Array {
  if (ensemble.objective !== 'binary:logistic' && ensemble.objective !== 'reg:logistic') {
    throw new Error(`predictProba needs a binary:logistic or reg:logistic model, this one is ${ensemble.objective}`);
  }
  const margins = predictMargin(ensemble, X, rows, cols, options);
  for (let i = 0; i < margins.length; i++) margins[i] = sigmoid32(margins[i]);
  return margins;
}

/**
 * Calls `visit(treeCount, margins)` after each tree is added, treeCount = 1..n (n = treeLimit
 * or all trees), for per-round validation curves. `margins` is reused between calls: copy it
 * to keep it. Cost: one pass over the trees, the same as a single predictMargin.
 */
export function forEachTreePrefix(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  visit: (treeCount: number, margins: Float32Array) => void,
  options: PredictOptions = {},
): void {
  const x = checkInput(ensemble, X, rows, cols);
  const treeCount = resolveTreeCount(ensemble, options.treeLimit);
  const flat = flatten(ensemble);
  const acc = new Float32Array(rows).fill(ensemble.baseMargin);
  for (let t = 0; t < treeCount; t++) {
    addTrees(flat, x, cols, 0, rows, t, t + 1, acc);
    visit(t + 1, acc);
  }
}

/** Margins after each of `treeCounts` trees (default 1..all); element k matches treeCounts[k]. */
export function predictMarginByPrefix(
  ensemble: TreeEnsemble,
  X: FeatureArray,
  rows: number,
  cols: number,
  treeCounts?: readonly number[],
): Float64Array[] {
  const wanted = treeCounts ?? ensemble.trees.map((_, i) => i + 1);
  for (const count of wanted) resolveTreeCount(ensemble, count);
  const byCount = new Map<number, Float64Array>();
  const maxCount = wanted.reduce((a, b) => Math.max(a, b), 0);
  const wantedSet = new Set(wanted);
  if (wantedSet.has(0)) byCount.set(0, new Float64Array(rows).fill(Math.fround(ensemble.baseMargin)));
  if (maxCount > 0) {
    forEachTreePrefix(
      ensemble,
      X,
      rows,
      cols,
      (count, margins) => {
        if (wantedSet.has(count)) byCount.set(count, Float64Array.from(margins));
      },
      { treeLimit: maxCount },
    );
  } else {
    checkInput(ensemble, X, rows, cols);
  }
  return wanted.map((count) => byCount.get(count) as Float64Array);
}

/** The ensemble restricted to its first `treeCount` trees (e.g. the best early-stopping round). */
export function truncateEnsemble(ensemble: TreeEnsemble, treeCount: number): TreeEnsemble {
  resolveTreeCount(ensemble, treeCount);
  return { ...ensemble, trees: ensemble.trees.slice(0, treeCount), attributes: { ...ensemble.attributes } };
}
