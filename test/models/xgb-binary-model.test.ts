import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseXGBoostBinaryModel,
  probabilityToMargin,
  truncateXGBoostBinaryModel,
} from '../../shared/ml/xgboost/xgb-binary-model';
import { predictMargin, predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { predictWithWasm } from '../../shared/ml/xgboost/xgboost-wasm';
import { maxAbsDiff, readGolden, readModelBytes } from './xgb-fixtures';

const golden = readGolden();
const logit = (p: number): number => Math.log(p / (1 - p));

describe('header fields', () => {
  test('wasm-trained model (engine 0.7x) stores base_score as a margin', () => {
    const e = parseXGBoostBinaryModel(readModelBytes('model.bin'));
    assert.deepEqual(e.version, { major: 0, minor: 0 });
    assert.equal(e.objective, 'binary:logistic');
    assert.equal(e.booster, 'gbtree');
    assert.equal(e.numFeature, golden.cols);
    assert.equal(e.trees.length, golden.wasmModel.trees);
    // Trained with base_score 0.2 (make_xgb_model.ts).
    assert.ok(Math.abs(e.storedBaseScore - logit(0.2)) < 1e-6, `stored ${e.storedBaseScore}`);
    assert.equal(e.baseMargin, e.storedBaseScore);
  });

  test('python-trained model (1.7) stores base_score as a probability', () => {
    const e = parseXGBoostBinaryModel(readModelBytes('python-model.bin'));
    assert.deepEqual(e.version, { major: 1, minor: 7 });
    assert.equal(e.objective, 'binary:logistic');
    assert.equal(e.numFeature, golden.cols);
    assert.equal(e.trees.length, golden.pythonModel.trees);
    assert.equal(e.storedBaseScore, Math.fround(0.2));
    assert.ok(Math.abs(e.baseMargin - logit(0.2)) < 1e-6, `margin ${e.baseMargin}`);
  });

  test('probabilityToMargin applies each objective family link', () => {
    assert.ok(Math.abs(probabilityToMargin('binary:logistic', 0.3) - logit(0.3)) < 1e-6);
    assert.equal(probabilityToMargin('reg:squarederror', 2.5), 2.5);
    assert.ok(Math.abs(probabilityToMargin('count:poisson', 2) - Math.log(2)) < 1e-6);
    assert.throws(() => probabilityToMargin('rank:pairwise', 0.5), /unsupported objective "rank:pairwise"/);
  });
});

for (const [name, file, expected, maxDepth] of [
  ['wasm-trained', 'model.bin', golden.wasmModel, 4],
  ['python-trained', 'python-model.bin', golden.pythonModel, 6],
] as const) {
  describe(`${name} trees`, () => {
    const e = parseXGBoostBinaryModel(readModelBytes(file));

    test("nodes of the first trees equal xgboost's own dump (split, children, gain, cover, leaf)", () => {
      assert.ok(expected.nodes.length > 0);
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
      for (const [t, n, feature, value, yes, no, missing, gain, cover] of expected.nodes) {
        const tree = e.trees[t];
        const where = `tree ${t} node ${n}`;
        assert.ok(close(tree.cover[n], cover), `${where} cover ${tree.cover[n]} vs ${cover}`);
        if (feature === -1) {
          assert.equal(tree.leftChild[n], -1, `${where} should be a leaf`);
          assert.ok(close(tree.leafValue[n], value), `${where} leaf ${tree.leafValue[n]} vs ${value}`);
        } else {
          assert.equal(tree.splitFeature[n], feature, where);
          assert.ok(
            tree.splitThreshold[n] === Math.fround(value),
            `${where} threshold ${tree.splitThreshold[n]} vs ${value}`,
          );
          assert.equal(tree.leftChild[n], yes, where);
          assert.equal(tree.rightChild[n], no, where);
          assert.equal(tree.defaultLeft[n] === 1 ? yes : no, missing, where);
          assert.ok(close(tree.lossChange[n], gain), `${where} gain ${tree.lossChange[n]} vs ${gain}`);
        }
      }
    });

    test('every tree is consistent: parent links, child covers add up, depth within max_depth', () => {
      for (const [t, tree] of e.trees.entries()) {
        assert.ok(tree.maxDepth <= maxDepth, `tree ${t} depth ${tree.maxDepth}`);
        assert.equal(tree.parent[0], -1);
        for (let n = 0; n < tree.numNodes; n++) {
          const l = tree.leftChild[n];
          if (tree.deleted[n] || l < 0) continue;
          const r = tree.rightChild[n];
          assert.equal(tree.parent[l], n);
          assert.equal(tree.parent[r], n);
          const sum = tree.cover[l] + tree.cover[r];
          assert.ok(Math.abs(sum - tree.cover[n]) <= 1e-4 * tree.cover[n], `tree ${t} node ${n} cover`);
        }
      }
    });
  });
}

describe('truncateXGBoostBinaryModel', () => {
  for (const [file, expected] of [
    ['model.bin', golden.wasmModel],
    ['python-model.bin', golden.pythonModel],
  ] as const) {
    test(`${file}: the first k trees predict like python iteration_range=(0, k); k = all is the identity`, () => {
      const bytes = readModelBytes(file);
      assert.deepEqual(truncateXGBoostBinaryModel(bytes, expected.trees), bytes);
      expected.prefixCounts.forEach((count, k) => {
        const truncated = parseXGBoostBinaryModel(truncateXGBoostBinaryModel(bytes, count));
        assert.equal(truncated.trees.length, count);
        const margins = predictMargin(truncated, golden.features, golden.rows, golden.cols);
        const { diff, index } = maxAbsDiff(margins, expected.prefixMargins[k]);
        assert.ok(diff <= 1e-6, `${count} trees: diff ${diff} at row ${index}`);
      });
      assert.throws(
        () => truncateXGBoostBinaryModel(bytes, expected.trees + 1),
        /treeCount must be an integer in \[0, /,
      );
    });
  }

  test('the wasm engine loads a truncated model and predicts like the truncated ensemble', async () => {
    const truncatedBytes = truncateXGBoostBinaryModel(readModelBytes('model.bin'), 7);
    const rows = 50;
    const x = golden.features.subarray(0, rows * golden.cols);
    const ours = predictProba(parseXGBoostBinaryModel(truncatedBytes), x, rows, golden.cols);
    const engine = await predictWithWasm(truncatedBytes, x, rows, golden.cols);
    assert.ok(maxAbsDiff(ours, engine).diff <= 1e-6);
  });
});

describe('bad input', () => {
  const bytes = readModelBytes('model.bin');

  test('every truncation point fails with a message naming the field and offset', () => {
    const cuts = [0, 3, 4, 100, 136, 143, 150, 160, 180, 330, 400, bytes.length - 1];
    for (let cut = 500; cut < bytes.length; cut += 997) cuts.push(cut);
    for (const cut of cuts) {
      assert.throws(
        () => parseXGBoostBinaryModel(bytes.slice(0, cut)),
        (error: unknown) => error instanceof Error && /truncated: reading .+ at byte \d+/.test(error.message),
        `cut at ${cut}`,
      );
    }
  });

  test('trailing bytes, JSON models, other boosters and multi-class models are refused', () => {
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes);
    assert.throws(() => parseXGBoostBinaryModel(padded), /3 unexpected trailing bytes/);
    assert.throws(() => parseXGBoostBinaryModel(new TextEncoder().encode('{"learner":{}}')), /JSON model format/);

    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const boosterAt = text.indexOf('gbtree');
    assert.ok(boosterAt > 0);
    const otherBooster = bytes.slice();
    otherBooster.set(new TextEncoder().encode('dart!!'), boosterAt);
    assert.throws(() => parseXGBoostBinaryModel(otherBooster), /booster "dart!!" is not supported/);

    const multiClass = bytes.slice();
    new DataView(multiClass.buffer).setInt32(8, 3, true);
    assert.throws(() => parseXGBoostBinaryModel(multiClass), /num_class 3/);
  });

  test('a child index outside the tree is reported with tree and node', () => {
    const corrupt = bytes.slice();
    // First tree's nodes start after header (136) + objective (8 + 15) + booster (8 + 6) + gbtree param (160) + tree param (148).
    const firstNode = 136 + 23 + 14 + 160 + 148;
    new DataView(corrupt.buffer).setInt32(firstNode + 4, 9999, true);
    assert.throws(() => parseXGBoostBinaryModel(corrupt), /tree 0: node 0 has child index 9999/);
  });
});
