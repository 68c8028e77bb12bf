/**
 * The per-leaf memo tables must reproduce the recursive TreeSHAP walk bit for bit (tabled,
 * over budget and replayed, and mixed with recursively walked deep trees in one ensemble), and
 * still be Shapley values: checked against enumeration of every coalition on random trees whose
 * paths repeat features.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF_TABLE_MAX_DEPTH, ShapLeafTable } from '../../shared/ml/shap/shap-leaf-table';
import { ShapTreeWalk } from '../../shared/ml/shap/shap-tree-walk';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import { expectedMargin, shapValues } from '../../shared/ml/shap/tree-shap';
import { Random } from '../../shared/core/util/random';
import { firstBitDifference, randomEnsemble, randomRows, randomTree } from './random-trees';
import { bruteForceShapley } from './shapley-oracle';

const FEATURES = 4;

/** SHAP values of every row, one tree, with `add` doing one row. */
function perRow(rows: number, add: (xBase: number, phi: Float64Array, phiBase: number) => void): Float64Array {
  const width = FEATURES + 1;
  const phi = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) add(r * FEATURES, phi, r * width);
  return phi;
}

describe('TreeSHAP leaf tables', () => {
  const random = new Random(21);
  const depths = [1, 2, 3, 5, 6, 8, LEAF_TABLE_MAX_DEPTH];
  const trees = depths.map((d) => randomTree(random, d, FEATURES));
  const rows = 400;
  const x = Float32Array.from(randomRows(22, rows, FEATURES, 0.15));

  test('tabled, over-budget and recursive walks give identical bits on random trees (4 features, repeated on paths)', () => {
    for (const tree of trees) {
      const walk = new ShapTreeWalk(tree.maxDepth);
      const recursive = perRow(rows, (xBase, phi, phiBase) => walk.run(tree, x, xBase, phi, phiBase));
      const tabled = new ShapLeafTable(tree, { remaining: Infinity });
      const fromTable = perRow(rows, (xBase, phi, phiBase) => tabled.addRow(x, xBase, phi, phiBase));
      // Twice through the same table: the second pass reads entries the first one filled.
      const fromTableAgain = perRow(rows, (xBase, phi, phiBase) => tabled.addRow(x, xBase, phi, phiBase));
      const replayed = new ShapLeafTable(tree, { remaining: 0 });
      const fromReplay = perRow(rows, (xBase, phi, phiBase) => replayed.addRow(x, xBase, phi, phiBase));
      assert.equal(firstBitDifference(fromTable, recursive), -1, `depth ${tree.maxDepth}: table`);
      assert.equal(firstBitDifference(fromTableAgain, recursive), -1, `depth ${tree.maxDepth}: table, second pass`);
      assert.equal(firstBitDifference(fromReplay, recursive), -1, `depth ${tree.maxDepth}: over budget`);
    }
  });

  test('equal to the Shapley definition (all 2^4 coalitions) to 1e-9', () => {
    for (const tree of trees) {
      const table = new ShapLeafTable(tree, { remaining: Infinity });
      for (let r = 0; r < 60; r++) {
        const phi = new Float64Array(FEATURES + 1);
        table.addRow(x, r * FEATURES, phi, 0);
        const oracle = bruteForceShapley([tree], x, r * FEATURES, FEATURES);
        for (let f = 0; f < FEATURES; f++) {
          assert.ok(
            Math.abs(phi[f] - oracle[f]) <= 1e-9,
            `depth ${tree.maxDepth} row ${r} feature ${f}: ${phi[f]} vs ${oracle[f]}`,
          );
        }
      }
    }
  });

  test('a tree deeper than the table limit, or than its recorded maxDepth, is refused', () => {
    const deep = randomTree(new Random(3), LEAF_TABLE_MAX_DEPTH + 1, FEATURES);
    assert.throws(() => new ShapLeafTable(deep, { remaining: Infinity }), /tree depth 11 exceeds 10/);
    const lying = { ...randomTree(new Random(4), 4, FEATURES), maxDepth: 3 };
    assert.throws(
      () => new ShapLeafTable(lying, { remaining: Infinity }),
      /leaf \d+ lies deeper than the tree's maxDepth 3/,
    );
  });

  test('shapValues on an ensemble mixing tabled and recursively walked trees is additive and matches per-tree walks', () => {
    const ensemble = randomEnsemble(31, [3, LEAF_TABLE_MAX_DEPTH + 2, 6, 0, LEAF_TABLE_MAX_DEPTH + 1, 4], FEATURES);
    const xs = randomRows(32, 300, FEATURES, 0.1);
    const x32 = Float32Array.from(xs);
    const shap = shapValues(ensemble, xs, 300, FEATURES);
    const width = FEATURES + 1;
    const expected = new Float64Array(300 * width);
    const walk = new ShapTreeWalk(LEAF_TABLE_MAX_DEPTH + 2);
    for (let r = 0; r < 300; r++) {
      for (const tree of ensemble.trees) walk.run(tree, x32, r * FEATURES, expected, r * width);
      expected[r * width + FEATURES] = expectedMargin(ensemble);
    }
    assert.equal(firstBitDifference(shap, expected), -1);
    const margins = predictMargin(ensemble, xs, 300, FEATURES);
    for (let r = 0; r < 300; r++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += shap[r * width + j];
      assert.ok(Math.abs(sum - margins[r]) <= 1e-5, `row ${r}: ${sum} vs ${margins[r]}`);
    }
  });
});
