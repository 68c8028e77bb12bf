import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../shared/core/util/random';
import { stratifiedSplit } from '../../shared/ml/data/split';

/** Checks the documented guarantees against the labels alone. */
function assertSplitProperties(labels: ArrayLike<number>, fractions: number[], splits: Int32Array[]): void {
  const n = labels.length;
  assert.equal(splits.length, fractions.length);
  const seen = new Uint8Array(n);
  for (const split of splits) {
    for (let k = 0; k < split.length; k++) {
      assert.ok(split[k] >= 0 && split[k] < n);
      assert.equal(seen[split[k]], 0, `row ${split[k]} in two splits`);
      seen[split[k]] = 1;
      if (k > 0) assert.ok(split[k] > split[k - 1], 'indices sorted ascending');
    }
  }
  assert.equal(
    seen.reduce((a, b) => a + b, 0),
    n,
    'every row in exactly one split',
  );

  const classTotals = new Map<number, number>();
  for (let i = 0; i < n; i++) classTotals.set(labels[i], (classTotals.get(labels[i]) ?? 0) + 1);
  splits.forEach((split, s) => {
    // size is the floor or ceiling of n·fraction
    assert.ok(Math.abs(split.length - n * fractions[s]) < 1, `split ${s} size ${split.length} vs ${n * fractions[s]}`);
    for (const [label, total] of classTotals) {
      let count = 0;
      for (const row of split) if (labels[row] === label) count++;
      const proportional = (total * split.length) / n;
      // class share within the split is off by less than one row's worth
      assert.ok(Math.abs(count - proportional) < 1, `split ${s} class ${label}: ${count} vs ${proportional}`);
    }
  });
}

describe('stratifiedSplit', () => {
  test('stroke-shaped labels (5110 rows, 249 positives), 60/20/20', () => {
    const labels = new Uint8Array(5110);
    const positions = new Random(3).shuffle(Array.from({ length: 5110 }, (_, i) => i)).slice(0, 249);
    for (const i of positions) labels[i] = 1;
    const fractions = [0.6, 0.2, 0.2];
    const splits = stratifiedSplit(labels, { fractions, seed: 42 });
    assertSplitProperties(labels, fractions, splits);
    assert.deepEqual(
      splits.map((s) => s.length),
      [3066, 1022, 1022],
    );
  });

  test('randomised shapes, several classes and fraction vectors', () => {
    const random = new Random(99);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + random.int(400);
      const classCount = 1 + random.int(5);
      const weights = Array.from({ length: classCount }, () => random.next() ** 3 + 0.01);
      const labels = Array.from({ length: n }, () => random.weightedIndex(weights) * 10 - 7);
      const raw = Array.from({ length: 1 + random.int(4) }, () => random.next() + 0.05);
      const sum = raw.reduce((a, b) => a + b, 0);
      const fractions = raw.map((f) => f / sum);
      assertSplitProperties(labels, fractions, stratifiedSplit(labels, { fractions, seed: trial }));
    }
  });

  test('deterministic per seed; another seed shuffles differently', () => {
    const labels = Array.from({ length: 500 }, (_, i) => (i % 13 === 0 ? 1 : 0));
    const options = { fractions: [0.7, 0.3], seed: 7 };
    assert.deepEqual(stratifiedSplit(labels, options), stratifiedSplit(labels, options));
    assert.notDeepEqual(stratifiedSplit(labels, { ...options, seed: 8 }), stratifiedSplit(labels, options));
  });

  test('rejects bad fractions and labels', () => {
    assert.throws(
      () => stratifiedSplit([0, 1], { fractions: [0.6, 0.3], seed: 1 }),
      /fractions sum to 0.8999999999999999; expected 1/,
    );
    assert.throws(() => stratifiedSplit([0, 1], { fractions: [1.2, -0.2], seed: 1 }), /fractions\[0\] is 1.2/);
    assert.throws(() => stratifiedSplit([0, NaN], { fractions: [1], seed: 1 }), /label at row 1 is NaN/);
  });
});
