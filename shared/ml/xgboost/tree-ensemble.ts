/**
 * Fast batch scoring of a parsed XGBoost ensemble, reproducing XGBoost's arithmetic exactly:
 * features compared as float32 (`value < threshold` goes left, NaN follows the default
 * direction) and the margin accumulated in float32, base margin first, then tree by tree.
 * Ensembles are treated as immutable: the executable form (tree-scoring-plan.ts) is cached per
 * ensemble object.
 */
import { checkMatrixShape, FeatureArray, toFloat32 } from './feature-matrix';
import { TreeEnsemble } from './tree-ensemble-types';
import { addTree, addTrees, RowSets, scoringPlan, sortRows } from './tree-scoring-plan';

export type { TreeEnsemble } from './tree-ensemble-types';

export interface PredictOptions {
  /** Use only the first `treeLimit` trees (default: all). */
  treeLimit?: number;
}

/** The number of trees to use: `treeLimit` checked against the ensemble, or all. */
export function resolveTreeCount(ensemble: TreeEnsemble, treeLimit: number | undefined): number {
  if (treeLimit === undefined) return ensemble.trees.length;
  if (!Number.isInteger(treeLimit) || treeLimit < 0 || treeLimit > ensemble.trees.length) {
    throw new Error(`treeLimit must be an integer in [0, ${ensemble.trees.length}], got ${treeLimit}`);
  }
  return treeLimit;
}

/** Throws unless X is rows x cols and cols matches the model's features. */
export function checkFeatures(ensemble: TreeEnsemble, X: FeatureArray, rows: number, cols: number): void {
  checkMatrixShape(X, rows, cols, 'features');
  if (cols !== ensemble.numFeature) {
    throw new Error(`features have ${cols} columns but the model was trained on ${ensemble.numFeature}`);
  }
}

function checkInput(ensemble: TreeEnsemble, X: FeatureArray, rows: number, cols: number): Float32Array {
  checkFeatures(ensemble, X, rows, cols);
  return toFloat32(X);
}

/**
 * Writes the margins of the first `treeCount` trees for rows 0..rows-1 of x into out[0..rows-1]
 * (float32 accumulation, widened). Rows are independent: any split of the rows gives the same bits.
 */
export function writeMargins(
  ensemble: TreeEnsemble,
  x: Float32Array,
  rows: number,
  cols: number,
  treeCount: number,
  out: Float64Array,
): void {
  const acc = new Float32Array(rows).fill(ensemble.baseMargin);
  addTrees(scoringPlan(ensemble), x, cols, 0, rows, 0, treeCount, acc);
  out.set(acc);
}

/** Replaces margins by probabilities with XGBoost's float32 sigmoid. */
export function marginsToProbabilities(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) values[i] = sigmoid32(values[i]);
}

/** Throws unless the model's outputs are probabilities after a sigmoid. */
export function checkProbabilityObjective(ensemble: TreeEnsemble): void {
  if (ensemble.objective !== 'binary:logistic' && ensemble.objective !== 'reg:logistic') {
    throw new Error(`predictProba needs a binary:logistic or reg:logistic model, this one is ${ensemble.objective}`);
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
  const margins = new Float64Array(rows);
  writeMargins(ensemble, x, rows, cols, treeCount, margins);
  return margins;
}

/** XGBoost's float32 sigmoid. */
function sigmoid32(margin: number): number {
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
  checkProbabilityObjective(ensemble);
  const margins = predictMargin(ensemble, X, rows, cols, options);
  marginsToProbabilities(margins);
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
  const plan = scoringPlan(ensemble);
  const sets = new RowSets(rows);
  sortRows(plan, x, cols, 0, rows, sets);
  const acc = new Float32Array(rows).fill(ensemble.baseMargin);
  for (let t = 0; t < treeCount; t++) {
    addTree(plan, t, x, cols, sets, acc);
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
