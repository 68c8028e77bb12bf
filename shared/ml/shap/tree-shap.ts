/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature Attribution
 * for Tree Ensembles", Algorithm 2): polynomial-time Shapley values of the tree margin where a
 * feature left out of a coalition is integrated over the training distribution using node
 * covers. This is what XGBoost's `pred_contribs=True` computes (without interactions).
 *
 * Computed in float64 (XGBoost works in float32, so results agree to about 1e-6). Trees up to
 * LEAF_TABLE_MAX_DEPTH deep use per-leaf memo tables (shap-leaf-table.ts), deeper ones the
 * plain recursion (shap-tree-walk.ts); both give the same bits.
 */
import { FeatureArray, toFloat32 } from '../xgboost/feature-matrix';
import { LEAF_TABLE_MAX_DEPTH, LeafTableBudget, ShapLeafTable } from './shap-leaf-table';
import { ShapTreeWalk } from './shap-tree-walk';
import { checkFeatures } from '../xgboost/tree-ensemble';
import { RegressionTree, TreeEnsemble } from '../xgboost/tree-ensemble-types';
import { memoizeByObject } from '../../core/util/memo';

/** Cover-weighted mean output of every subtree (XGBoost's node mean values), once per tree. */
const nodeMeanValues = memoizeByObject((tree: RegressionTree): Float64Array => {
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
  return means;
});

/** The SHAP bias: the margin expected over the training data (base margin + each tree's mean). */
export function expectedMargin(ensemble: TreeEnsemble): number {
  let sum = ensemble.baseMargin;
  for (const tree of ensemble.trees) sum += nodeMeanValues(tree)[0];
  return sum;
}

/** Doubles (8 bytes each) the leaf tables of one ensemble may hold: 64 MiB. */
const SHAP_TABLE_BUDGET = 8 * 1024 * 1024;

const SHAP_ROW_BLOCK = 256;

interface ShapPlan {
  /** Per tree: its leaf table, or null when it is too deep and walked recursively. */
  tables: (ShapLeafTable | null)[];
  walk: ShapTreeWalk;
  bias: number;
}

const shapPlan = memoizeByObject((ensemble: TreeEnsemble): ShapPlan => {
  const budget: LeafTableBudget = { remaining: SHAP_TABLE_BUDGET };
  let maxDepth = 0;
  for (const tree of ensemble.trees) maxDepth = Math.max(maxDepth, tree.maxDepth);
  const plan: ShapPlan = {
    tables: ensemble.trees.map((tree) =>
      tree.maxDepth <= LEAF_TABLE_MAX_DEPTH ? new ShapLeafTable(tree, budget) : null,
    ),
    walk: new ShapTreeWalk(maxDepth),
    bias: expectedMargin(ensemble),
  };
  return plan;
});

/**
 * Adds the SHAP values of `rows` rows of x (row-major, `cols` wide) into phi (rows x (cols + 1),
 * zeros on entry) and writes each row's bias column. Rows are independent: any split of the
 * rows gives the same bits.
 */
export function writeShapRows(
  ensemble: TreeEnsemble,
  x: Float32Array,
  rows: number,
  cols: number,
  phi: Float64Array,
): void {
  const plan = shapPlan(ensemble);
  const width = cols + 1;
  const trees = ensemble.trees;
  // Tree by tree over a block of rows, so one tree's leaf table stays in cache; every row still
  // receives the trees in order, so the sums are the same as row by row.
  for (let begin = 0; begin < rows; begin += SHAP_ROW_BLOCK) {
    const end = Math.min(rows, begin + SHAP_ROW_BLOCK);
    for (let t = 0; t < trees.length; t++) {
      const table = plan.tables[t];
      for (let r = begin; r < end; r++) {
        if (table === null) plan.walk.run(trees[t], x, r * cols, phi, r * width);
        else table.addRow(x, r * cols, phi, r * width);
      }
    }
    for (let r = begin; r < end; r++) phi[r * width + cols] = plan.bias;
  }
}

/**
 * SHAP values of the margin: rows x (cols + 1), row-major; column `cols` is the bias
 * (expected margin). Each row sums to the row's margin (up to float rounding).
 */
export function shapValues(ensemble: TreeEnsemble, X: FeatureArray, rows: number, cols: number): Float64Array {
  checkFeatures(ensemble, X, rows, cols);
  const phi = new Float64Array(rows * (cols + 1));
  writeShapRows(ensemble, toFloat32(X), rows, cols, phi);
  return phi;
}
