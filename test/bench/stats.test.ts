import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, ratePerSecond, ratio, summarize } from '../../scripts/lib/bench/stats';
import { Random } from '../../shared/core/util/random';

interface GoldenCase {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

const golden = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bench', 'median-golden.json'), 'utf8'),
) as { cases: GoldenCase[] };

describe('median', () => {
  test('equals numpy.median on odd and even sample counts, with ties', () => {
    assert.ok(golden.cases.length >= 10);
    for (const c of golden.cases) {
      assert.ok(Math.abs(median(c.samples) - c.median) <= 1e-12 * Math.abs(c.median), `n=${c.samples.length}`);
    }
  });

  test('does not depend on the order of the samples and leaves the input untouched', () => {
    const random = new Random(5);
    for (const c of golden.cases) {
      const shuffled = [...c.samples];
      random.shuffle(shuffled);
      const copy = [...shuffled];
      assert.equal(median(shuffled), median(c.samples));
      assert.deepEqual(shuffled, copy);
    }
  });

  test('at least half the samples lie on each side of it', () => {
    const random = new Random(9);
    for (let trial = 0; trial < 50; trial++) {
      const samples = Array.from({ length: 1 + random.int(40) }, () => random.int(20));
      const m = median(samples);
      assert.ok(samples.filter((s) => s <= m).length * 2 >= samples.length);
      assert.ok(samples.filter((s) => s >= m).length * 2 >= samples.length);
    }
  });

  test('refuses an empty list and non-finite or negative samples, naming the sample', () => {
    assert.throws(() => median([]), /no samples/);
    assert.throws(() => median([1, NaN, 3]), /sample 1 is NaN/);
    assert.throws(() => median([1, 2, -3]), /sample 2 is -3/);
    assert.throws(() => median([Infinity]), /sample 0 is Infinity/);
  });
});

describe('summarize', () => {
  test('reports the numpy median, min, max and run count', () => {
    for (const c of golden.cases) {
      const s = summarize(c.samples);
      assert.equal(s.runs, c.samples.length);
      assert.equal(s.minMs, c.min);
      assert.equal(s.maxMs, c.max);
      assert.ok(s.minMs <= s.medianMs && s.medianMs <= s.maxMs);
    }
  });
});

describe('ratio', () => {
  test('is ours / reference and inverts when the sides swap', () => {
    assert.equal(ratio(300, 150), 2);
    const a = 123.4;
    const b = 56.7;
    assert.ok(Math.abs((ratio(a, b) as number) * (ratio(b, a) as number) - 1) < 1e-15);
  });

  test('is null when a side is missing or the reference took no time', () => {
    assert.equal(ratio(null, 10), null);
    assert.equal(ratio(10, null), null);
    assert.equal(ratio(10, 0), null);
    assert.equal(ratio(NaN, 10), null);
  });
});

test('ratePerSecond converts a count over milliseconds to per second, refusing zero time', () => {
  assert.equal(ratePerSecond(5000, 2000), 2500);
  assert.throws(() => ratePerSecond(1, 0), /duration is 0 ms/);
});
