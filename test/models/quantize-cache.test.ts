/**
 * The worker's store of binnings: a hit is exactly what quantize returns, only for the same bytes
 * of the same element type, shape and max_bin; it stays within its bound; and a model trained on a
 * stored binning is byte for byte the model trained without the store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuantizeCache } from '../../shared/ml/training/hist-booster/quantize-cache';
import { quantize } from '../../shared/ml/training/hist-booster/quantize';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { Random } from '../../shared/core/util/random';

const rows = 2000;
const cols = 4;

function features(seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: rows * cols }, (_, i) =>
    i % 7 === 3 ? NaN : Math.round(random.normal(0, 3) * 10) / 10,
  );
}

test('a hit needs the same bytes, element type, shape and max_bin, and returns what quantize would', () => {
  const cache = new QuantizeCache();
  const x = features(1);
  const first = cache.quantize(x, rows, cols, 64);
  assert.deepEqual(first, quantize(x, rows, cols, 64));
  assert.equal(cache.hits, 0);
  assert.equal(cache.quantize(Float32Array.from(x), rows, cols, 64), first, 'a copy of the same features hits');
  assert.equal(cache.hits, 1);
  const changed = Float32Array.from(x);
  changed[rows * cols - 1] += 0.5;
  assert.deepEqual(cache.quantize(changed, rows, cols, 64), quantize(changed, rows, cols, 64));
  assert.equal(cache.hits, 1, 'one value changed: a miss');
  cache.quantize(x, rows, cols, 32);
  cache.quantize(x, rows / 2, cols * 2, 64);
  cache.quantize(Float64Array.from(x), rows, cols, 64);
  assert.equal(cache.hits, 1, 'another max_bin, shape or element type: misses');
});

test('the store keeps within its bound, dropping the oldest entry first', () => {
  const entryBytes = rows * cols * 4 + rows * cols * 2;
  const cache = new QuantizeCache(2 * entryBytes);
  const [a, b, c] = [features(1), features(2), features(3)];
  for (const x of [a, b, c]) cache.quantize(x, rows, cols, 64);
  assert.equal(cache.heldBytes, 2 * entryBytes);
  cache.quantize(c, rows, cols, 64);
  cache.quantize(b, rows, cols, 64);
  assert.equal(cache.hits, 2);
  cache.quantize(a, rows, cols, 64);
  assert.equal(cache.hits, 2, 'the first entry was dropped');
  assert.equal(new QuantizeCache(entryBytes - 1).quantize(a, rows, cols, 64).rows, rows);
});

test('trainings on a stored binning give the models trained without one, and leave it unchanged', async () => {
  const x = features(4);
  const labels = Float32Array.from({ length: rows }, (_, r) => ((x[r * cols] || 0) + (r % 5) * 0.3 > 1.5 ? 1 : 0));
  const cache = new QuantizeCache();
  const settings = [
    { max_depth: 3, eta: 0.3, subsample: 0.8, seed: 1 },
    { max_depth: 5, eta: 0.1, colsample_bytree: 0.5, seed: 2 },
  ];
  for (const params of settings) {
    const plain = await trainHistBooster({ data: x, rows, cols }, labels, params, 8);
    const stored = await trainHistBooster({ data: x, rows, cols }, labels, params, 8, { quantize: cache.quantize });
    assert.deepEqual(stored.modelBytes, plain.modelBytes);
  }
  assert.equal(cache.hits, 1);
  assert.deepEqual(cache.quantize(x, rows, cols, 256), quantize(x, rows, cols, 256));
});
