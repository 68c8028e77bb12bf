import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../../shared/core/util/random';
import { expectedImprovement, maximizeOverUnitCube } from '../../shared/core/tuning/acquisition';
import { assertClose } from '../assert-close';

const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'gp', 'ei_golden.json'), 'utf8')) as {
  expectedImprovement: { mean: number; std: number; best: number; xi: number; ei: number; eiHighPrecision?: number }[];
};

describe('expectedImprovement vs closed form (scipy)', () => {
  test('matches scipy to 1e-12 relative where z > -10', () => {
    for (const c of golden.expectedImprovement.filter((c) => c.eiHighPrecision === undefined)) {
      assertClose(
        expectedImprovement(c.mean, c.std, c.best, c.xi),
        c.ei,
        { relative: 1e-12, absolute: 1e-300 },
        `EI(${c.mean}, ${c.std}, ${c.best}, ${c.xi})`,
      );
    }
  });

  test('far tail (z ≤ −10): matches the 60-digit reference to 1e-12 and scipy (which cancels) to 1e-9', () => {
    const tail = golden.expectedImprovement.filter((c) => c.eiHighPrecision !== undefined);
    assert.ok(tail.length >= 2);
    for (const c of tail) {
      const ei = expectedImprovement(c.mean, c.std, c.best, c.xi);
      assertClose(
        ei,
        c.eiHighPrecision as number,
        { relative: 1e-12, absolute: 1e-300 },
        `EI(${c.mean}, ${c.std}, ${c.best}) vs 60-digit`,
      );
      assertClose(ei, c.ei, { relative: 1e-9, absolute: 1e-300 }, `EI(${c.mean}, ${c.std}, ${c.best}) vs scipy`);
    }
  });

  test('identities: EI ≥ max(mean − best − xi, 0), EI(z=0) = std·φ(0), increasing in mean and std', () => {
    assertClose(
      expectedImprovement(1, 2, 1),
      2 / Math.sqrt(2 * Math.PI),
      { relative: 1e-15, absolute: 1e-300 },
      'EI at z = 0',
    );
    const random = new Random(9);
    for (let n = 0; n < 200; n++) {
      const mean = random.normal(0, 2);
      const std = random.uniform(0.01, 3);
      const best = random.normal(0, 2);
      const ei = expectedImprovement(mean, std, best);
      assert.ok(ei >= Math.max(mean - best, 0) - 1e-12);
      assert.ok(expectedImprovement(mean + 0.1, std, best) >= ei);
      assert.ok(expectedImprovement(mean, std + 0.1, best) >= ei);
    }
  });

  test('invalid input is rejected', () => {
    assert.throws(() => expectedImprovement(0, -1, 0), /std >= 0/);
    assert.throws(() => expectedImprovement(NaN, 1, 0), /finite mean/);
  });
});

describe('maximizeOverUnitCube', () => {
  const bowl = (x: Float64Array): number => -((x[0] - 0.3) ** 2) - 2 * (x[1] - 0.8) ** 2 - 0.5 * (x[2] - 0.55) ** 2;

  test('finds the interior maximum of a smooth bowl to 1e-3', () => {
    const best = maximizeOverUnitCube(bowl, 3, new Random(1), { candidates: 500 });
    [0.3, 0.8, 0.55].forEach((target, k) =>
      assert.ok(Math.abs(best.point[k] - target) < 1e-3, `coordinate ${k}: ${best.point[k]}`),
    );
  });

  test('finds a maximum on a face of the cube', () => {
    const best = maximizeOverUnitCube((x) => x[0] - (x[1] - 0.4) ** 2, 2, new Random(2), { candidates: 300 });
    assert.equal(best.point[0], 1);
    assert.ok(Math.abs(best.point[1] - 0.4) < 1e-3);
  });

  test('is deterministic for a seed and uses extra candidates', () => {
    const a = maximizeOverUnitCube(bowl, 3, new Random(3), { candidates: 50 });
    const b = maximizeOverUnitCube(bowl, 3, new Random(3), { candidates: 50 });
    assert.deepEqual(Array.from(a.point), Array.from(b.point));
    const spike = (x: Float64Array): number => (Math.abs(x[0] - 0.123) < 1e-9 && Math.abs(x[1] - 0.456) < 1e-9 ? 1 : 0);
    const found = maximizeOverUnitCube(spike, 2, new Random(4), { candidates: 10, extraCandidates: [[0.123, 0.456]] });
    assert.equal(found.value, 1);
  });

  test('rejects malformed extra candidates and NaN acquisitions', () => {
    assert.throws(
      () => maximizeOverUnitCube(bowl, 3, new Random(1), { extraCandidates: [[0.5, 0.5]] }),
      /extra candidate 0 has 2 coordinates, expected 3/,
    );
    assert.throws(
      () => maximizeOverUnitCube(bowl, 3, new Random(1), { extraCandidates: [[0.5, 2, 0.5]] }),
      /coordinate 1 is outside/,
    );
    assert.throws(() => maximizeOverUnitCube(() => NaN, 1, new Random(1), { candidates: 1 }), /returned NaN/);
  });
});
