import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoizeByObject } from '../../shared/core/util/memo';

test('memoizeByObject computes once per object, separately for each object', () => {
  const calls: object[] = [];
  const sizeOf = memoizeByObject((key: { items: number[] }) => {
    calls.push(key);
    return { size: key.items.length };
  });
  const a = { items: [1, 2] };
  const b = { items: [1, 2, 3] };
  const first = sizeOf(a);
  assert.equal(sizeOf(a), first, 'the same result object, not a recomputation');
  assert.deepEqual([sizeOf(b).size, first.size], [3, 2]);
  assert.deepEqual(calls, [a, b]);
});

test('memoizeByObject caches nothing for a call that throws', () => {
  let attempts = 0;
  const flaky = memoizeByObject((_key: object) => {
    attempts++;
    if (attempts === 1) throw new Error('first attempt fails');
    return attempts;
  });
  const key = {};
  assert.throws(() => flaky(key), /first attempt fails/);
  assert.equal(flaky(key), 2);
  assert.equal(flaky(key), 2);
});
