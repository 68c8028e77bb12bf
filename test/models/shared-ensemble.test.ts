import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSharedEnsemble, shareEnsemble } from '../../shared/ml/xgboost/shared-ensemble';
import { predictMargin } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { firstBitDifference, randomEnsemble } from './random-trees';
import { readGolden, readModelBytes } from './xgb-fixtures';

describe('ensembles packed into a SharedArrayBuffer', () => {
  const golden = readGolden();
  const model = parseXGBoostBinaryModel(readModelBytes('python-model.bin'));

  test('open as an equal ensemble: every field of every tree, the metadata, and the same predictions', () => {
    const shared = shareEnsemble(model);
    assert.ok(shared.buffer instanceof SharedArrayBuffer);
    const opened = openSharedEnsemble(shared);
    assert.notEqual(opened, model);
    const { trees, ...meta } = opened;
    const { trees: originalTrees, ...originalMeta } = model;
    assert.deepEqual(meta, originalMeta);
    assert.equal(trees.length, originalTrees.length);
    trees.forEach((tree, t) => {
      for (const [field, value] of Object.entries(originalTrees[t])) {
        const copy = (tree as unknown as Record<string, unknown>)[field];
        if (typeof value === 'number') assert.equal(copy, value, `tree ${t} ${field}`);
        else
          assert.deepEqual(
            Array.from(copy as ArrayLike<number>),
            Array.from(value as ArrayLike<number>),
            `tree ${t} ${field}`,
          );
      }
    });
    assert.equal(
      firstBitDifference(
        predictMargin(opened, golden.features, golden.rows, golden.cols),
        predictMargin(model, golden.features, golden.rows, golden.cols),
      ),
      -1,
    );
    assert.equal(
      firstBitDifference(
        shapValues(opened, golden.features, golden.rows, golden.cols),
        shapValues(model, golden.features, golden.rows, golden.cols),
      ),
      -1,
    );
  });

  test('packed once per ensemble and opened once per id while among the last four', () => {
    assert.equal(shareEnsemble(model), shareEnsemble(model));
    const first = shareEnsemble(model);
    assert.equal(openSharedEnsemble(first), openSharedEnsemble(first));
    const others = [1, 2, 3, 4].map((seed) => shareEnsemble(randomEnsemble(seed, [3, 2], 4)));
    assert.equal(new Set([first.id, ...others.map((o) => o.id)]).size, 5, 'ids are distinct');
    const kept = openSharedEnsemble(first);
    for (const other of others.slice(0, 3)) openSharedEnsemble(other);
    assert.equal(openSharedEnsemble(first), kept, 'still among the last four');
    for (const other of others) openSharedEnsemble(other);
    assert.notEqual(openSharedEnsemble(first), kept, 'evicted, then opened afresh');
  });

  test('a buffer of the wrong size is refused', () => {
    const shared = shareEnsemble(model);
    assert.throws(
      () => openSharedEnsemble({ ...shared, id: 'truncated', buffer: new SharedArrayBuffer(16) }),
      /shared ensemble truncated: buffer holds 16 bytes/,
    );
  });
});
