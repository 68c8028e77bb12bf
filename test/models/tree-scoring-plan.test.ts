/**
 * The branch-free padded walk (with and without the NaN rule) must give the same bits as the
 * node-by-node walk and as an independent per-row oracle, on random trees of every depth, incl.
 * trees deeper than MAX_PADDED_DEPTH (node by node) mixed with padded ones in one ensemble.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addTrees, buildScoringPlan, MAX_PADDED_DEPTH, ScoringPlan } from '../../shared/ml/xgboost/tree-scoring-plan';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import type { TreeEnsemble } from '../../shared/ml/xgboost/tree-ensemble-types';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { firstBitDifference, naiveMargins, randomEnsemble, randomRows } from './random-trees';
import { readGolden, readModelBytes } from './xgb-fixtures';

const FEATURES = 5;

function marginsWith(
  plan: ScoringPlan,
  ensemble: TreeEnsemble,
  x: Float64Array,
  rows: number,
  treeBegin = 0,
  treeEnd = plan.treeCount,
): Float32Array {
  const acc = new Float32Array(rows).fill(ensemble.baseMargin);
  addTrees(plan, Float32Array.from(x), FEATURES, 0, rows, treeBegin, treeEnd, acc);
  return acc;
}

describe('scoring plan: padded walk against node-by-node walk and a per-row oracle', () => {
  // Depths 0..12: 11 and 12 exceed MAX_PADDED_DEPTH and are walked node by node.
  const depths = [3, 0, 1, 6, 12, 2, 10, 5, 11, 4, 7, 8, 9, 6, 6];
  const ensemble = randomEnsemble(7, depths, FEATURES);
  // 1237 rows: several 512-row blocks, a ragged last block and a tail below the 8-row interleave.
  const rows = 1237;

  for (const missing of [0, 0.04, 0.3]) {
    test(`identical bits with ${missing * 100}% NaN cells`, () => {
      const x = randomRows(100 + missing * 100, rows, FEATURES, missing);
      const padded = marginsWith(buildScoringPlan(ensemble), ensemble, x, rows);
      const nodeByNode = marginsWith(buildScoringPlan(ensemble, { maxPaddedDepth: -1 }), ensemble, x, rows);
      const oracle = naiveMargins(ensemble, x, rows, FEATURES);
      assert.equal(firstBitDifference(padded, nodeByNode), -1);
      assert.equal(firstBitDifference(padded, oracle), -1);
      assert.equal(firstBitDifference(Float64Array.from(padded), predictMargin(ensemble, x, rows, FEATURES)), -1);
    });
  }

  test('the plan pads the shallow trees only and checks the features they split on', () => {
    const plan = buildScoringPlan(ensemble);
    assert.deepEqual(
      Array.from(plan.paddedDepth),
      depths.map((d) => (d <= MAX_PADDED_DEPTH ? d : -1)),
    );
    const split = new Set<number>();
    ensemble.trees.forEach((tree, t) => {
      if (depths[t] > MAX_PADDED_DEPTH) return;
      for (let n = 0; n < tree.numNodes; n++) if (tree.leftChild[n] >= 0) split.add(tree.splitFeature[n]);
    });
    assert.deepEqual(
      Array.from(plan.checkedFeatures),
      [...split].sort((a, b) => a - b),
    );
  });

  test('tree ranges add up: trees [0, k) then [k, n) equal [0, n)', () => {
    const x = randomRows(5, 300, FEATURES, 0.1);
    const plan = buildScoringPlan(ensemble);
    const acc = marginsWith(plan, ensemble, x, 300, 0, 6);
    addTrees(plan, Float32Array.from(x), FEATURES, 0, 300, 6, plan.treeCount, acc);
    assert.equal(firstBitDifference(acc, naiveMargins(ensemble, x, 300, FEATURES)), -1);
    assert.equal(
      firstBitDifference(marginsWith(plan, ensemble, x, 300, 0, 6), naiveMargins(ensemble, x, 300, FEATURES, 6)),
      -1,
    );
  });

  test('a NaN in a feature no padded tree splits on keeps the row on the plain kernel and scores right', () => {
    const cols = 12;
    const shallow = randomEnsemble(3, [2, 3], cols);
    const plan = buildScoringPlan(shallow);
    const unused = [...Array(cols).keys()].find((f) => !plan.checkedFeatures.includes(f));
    assert.notEqual(unused, undefined, 'sanity: some feature is never split on');
    const x = randomRows(9, 50, cols, 0);
    for (let r = 0; r < 50; r++) x[r * cols + (unused as number)] = NaN;
    const acc = new Float32Array(50).fill(shallow.baseMargin);
    addTrees(plan, Float32Array.from(x), cols, 0, 50, 0, plan.treeCount, acc);
    assert.equal(firstBitDifference(acc, naiveMargins(shallow, x, 50, cols)), -1);
  });

  test('models from XGBoost: padded and node-by-node margins are identical on the golden rows', () => {
    const golden = readGolden();
    for (const file of ['model.bin', 'python-model.bin'] as const) {
      const model = parseXGBoostBinaryModel(readModelBytes(file));
      const x = Float32Array.from(golden.features);
      const run = (plan: ScoringPlan): Float32Array => {
        const acc = new Float32Array(golden.rows).fill(model.baseMargin);
        addTrees(plan, x, golden.cols, 0, golden.rows, 0, plan.treeCount, acc);
        return acc;
      };
      assert.equal(
        firstBitDifference(run(buildScoringPlan(model)), run(buildScoringPlan(model, { maxPaddedDepth: -1 }))),
        -1,
        file,
      );
    }
  });

  test('a tree deeper than its recorded maxDepth is refused rather than scored wrong', () => {
    const lying = randomEnsemble(4, [3], FEATURES);
    lying.trees[0] = { ...lying.trees[0], maxDepth: 2 };
    assert.throws(() => buildScoringPlan(lying), /tree 0: node \d+ splits below the tree's maxDepth 2/);
  });

  test('maxPaddedDepth out of range is rejected', () => {
    assert.throws(
      () => buildScoringPlan(ensemble, { maxPaddedDepth: 11 }),
      /maxPaddedDepth must be an integer in \[-1, 10\], got 11/,
    );
    assert.throws(() => buildScoringPlan(ensemble, { maxPaddedDepth: 1.5 }), /got 1.5/);
  });
});
