import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortFloat32 } from '../../shared/core/util/radix-sort';
import { Random } from '../../shared/core/util/random';

/** Values that stress the bit tricks: signs, ±0, ties, subnormals, extremes, and plain normals. */
function awkwardValues(count: number, seed: number): number[] {
  const random = new Random(seed);
  const specials = [
    0,
    -0,
    5e-324,
    -5e-324,
    1e-310,
    -1e-310,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1,
    -1,
    0.5,
    -0.5,
    3.4e38,
    -3.4e38,
    1e-40,
  ];
  return Array.from({ length: count }, (_, i) => {
    if (i % 7 === 0) return specials[random.int(specials.length)];
    if (i % 5 === 0) return random.int(4) - 2;
    return random.normal() * 10 ** random.int(6);
  });
}

/** The native sort's order, compared bit for bit (so -0 before +0 counts). */
function assertSameBits(actual: Float32Array, expected: Float32Array): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++)
    assert.ok(Object.is(actual[i], expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

test('sortFloat32 sorts like Float32Array.prototype.sort into a new array', () => {
  for (const count of [0, 1, 2, 10, 257, 5000]) {
    const values = Float32Array.from(awkwardValues(count, count + 7));
    const before = values.slice();
    assertSameBits(sortFloat32(values), values.slice().sort());
    assertSameBits(values, before);
  }
});
