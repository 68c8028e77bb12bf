/** The tests' one closeness assertion (and fixture loader): import it, do not write another. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parsed JSON fixture from test/fixtures/<area>/<file>. */
export function loadFixture<T>(area: string, file: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', area, file), 'utf8')) as T;
}

export interface Tolerance {
  absolute?: number;
  relative?: number;
}

/**
 * |actual - expected| <= absolute + relative·|expected|; exact equality where `expected` is not
 * finite (an infinity, NaN by Object.is) or either side is null (a missing value must be missing).
 */
export function assertClose(actual: number | null, expected: number | null, tolerance: Tolerance, what: string): void {
  if (actual === null || expected === null || !Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected), `${what}: got ${actual}, expected ${expected}`);
    return;
  }
  const allowed = (tolerance.absolute ?? 0) + (tolerance.relative ?? 0) * Math.abs(expected);
  assert.ok(
    Math.abs(actual - expected) <= allowed,
    `${what}: got ${actual}, expected ${expected} (allowed error ${allowed})`,
  );
}

export function assertArrayClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], tolerance, `${what}[${i}]`);
}
