import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxAbsDifference } from '../../shared/core/stats/difference';

test('maxAbsDifference is the largest absolute difference, whichever side is larger', () => {
  // |0.1-0.4| = 0.3, |0.9-0.2| = 0.7, |0.5-0.5| = 0: the worst is the second pair, positive either way round.
  const a = [0.1, 0.9, 0.5];
  const b = Float64Array.from([0.4, 0.2, 0.5]);
  assert.equal(maxAbsDifference(a, b), Math.abs(0.9 - 0.2));
  assert.equal(maxAbsDifference(b, a), Math.abs(0.9 - 0.2));
  assert.equal(maxAbsDifference(a, a), 0);
  assert.equal(maxAbsDifference([], []), 0);
  assert.equal(maxAbsDifference([-3], [2]), 5);
});

test('maxAbsDifference never hides a NaN and refuses series of different lengths', () => {
  assert.ok(Number.isNaN(maxAbsDifference([0, NaN, 0], [0, 0, 5])), 'a NaN score is not "agreement"');
  assert.ok(Number.isNaN(maxAbsDifference([1, 2], [1, NaN])));
  assert.equal(maxAbsDifference([Infinity], [0]), Infinity);
  assert.throws(() => maxAbsDifference([1, 2, 3], [1, 2]), /3 values against 2/);
});
