import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parsed JSON fixture from test/fixtures/<area>/<file>. */
export function loadFixture<T>(area: string, file: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', area, file), 'utf8')) as T;
}

/** |actual - expected| <= absolute + relative·|expected| (exact equality for infinities). */
export function assertClose(actual: number, expected: number, tolerance: { absolute?: number; relative?: number }, what: string): void {
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  const allowed = (tolerance.absolute ?? 0) + (tolerance.relative ?? 0) * Math.abs(expected);
  assert.ok(Math.abs(actual - expected) <= allowed, `${what}: got ${actual}, expected ${expected} (allowed error ${allowed})`);
}

export function assertArrayClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { absolute?: number; relative?: number },
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], tolerance, `${what}[${i}]`);
}
