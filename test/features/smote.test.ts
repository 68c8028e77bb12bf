import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../shared/core/util/random';
import { smote } from '../../shared/ml/data/smote';

const COLS = 4;

/** 300 rows: 2 continuous columns + a 2-column one-hot block; ~8% positives. */
function imbalancedData(seed: number): { matrix: Float64Array; rows: number; cols: number; labels: Uint8Array } {
  const random = new Random(seed);
  const rows = 300;
  const matrix = new Float64Array(rows * COLS);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = random.bernoulli(0.08) ? 1 : 0;
    matrix[r * COLS] = random.normal(labels[r] * 2, 1);
    matrix[r * COLS + 1] = random.normal(0, 3);
    const category = random.bernoulli(0.5) ? 1 : 0;
    matrix[r * COLS + 2] = category;
    matrix[r * COLS + 3] = 1 - category;
  }
  return { matrix, rows, cols: COLS, labels };
}

function row(matrix: Float64Array, r: number): number[] {
  return Array.from(matrix.subarray(r * COLS, (r + 1) * COLS));
}

/** Brute-force k nearest neighbours by full sort, independent of the implementation's heap. */
function bruteForceNeighbours(points: number[][], k: number): number[][] {
  return points.map((p, i) =>
    points
      .map((q, j) => ({ j, d: p.reduce((sum, v, c) => sum + (v - q[c]) ** 2, 0) }))
      .filter((e) => e.j !== i)
      .sort((a, b) => a.d - b.d || a.j - b.j)
      .slice(0, k)
      .map((e) => e.j),
  );
}

/** Whether s = a + t(b − a) for some t in [0, 1]. */
function onSegment(s: number[], a: number[], b: number[]): boolean {
  const direction = b.map((v, c) => v - a[c]);
  const lengthSquared = direction.reduce((sum, v) => sum + v * v, 0);
  if (lengthSquared === 0) return s.every((v, c) => Math.abs(v - a[c]) < 1e-12);
  const t = s.reduce((sum, v, c) => sum + (v - a[c]) * direction[c], 0) / lengthSquared;
  if (t < -1e-12 || t > 1 + 1e-12) return false;
  return s.every((v, c) => Math.abs(v - (a[c] + t * direction[c])) < 1e-9);
}

describe('smote', () => {
  const data = imbalancedData(11);
  const minorityIndices = Array.from(data.labels.keys()).filter((r) => data.labels[r] === 1);
  const result = smote(data, data.labels, { seed: 5 });

  test("'auto' balances the classes and appends synthetic rows after the originals", () => {
    const majority = data.rows - minorityIndices.length;
    assert.equal(result.minorityLabel, 1);
    assert.equal(result.syntheticCount, majority - minorityIndices.length);
    assert.equal(result.rows, 2 * majority);
    assert.equal(
      result.labels.reduce((sum, v) => sum + v, 0),
      majority,
    );
    assert.deepEqual(result.matrix.subarray(0, data.matrix.length), data.matrix);
    assert.deepEqual(result.labels.subarray(0, data.rows), data.labels);
    for (let r = data.rows; r < result.rows; r++) assert.equal(result.labels[r], 1);
  });

  test('every synthetic row lies on a segment from a minority row to one of its 5 nearest minority rows', () => {
    const minority = minorityIndices.map((r) => row(data.matrix, r));
    const neighbours = bruteForceNeighbours(minority, 5);
    const nearestOnly = bruteForceNeighbours(minority, 1);
    let needsMoreThanNearest = 0;
    for (let r = data.rows; r < result.rows; r++) {
      const s = row(result.matrix, r);
      const found = minority.some((a, i) => neighbours[i].some((j) => onSegment(s, a, minority[j])));
      assert.ok(found, `synthetic row ${r} is not between a minority row and one of its k nearest neighbours`);
      if (!minority.some((a, i) => onSegment(s, a, minority[nearestOnly[i][0]]))) needsMoreThanNearest++;
    }
    // the check discriminates: many synthetic rows use a neighbour other than the nearest one
    assert.ok(needsMoreThanNearest > result.syntheticCount / 4);
    // ... and rows built from farther neighbours (k = 15) fail it
    const wide = smote(data, data.labels, { seed: 5, k: 15 });
    let outside = 0;
    for (let r = data.rows; r < wide.rows; r++) {
      const s = row(wide.matrix, r);
      if (!minority.some((a, i) => neighbours[i].some((j) => onSegment(s, a, minority[j])))) outside++;
    }
    assert.ok(outside > 0);
  });

  test('one-hot columns are interpolated: in [0, 1], block sums to 1, some fractional', () => {
    let fractional = 0;
    for (let r = data.rows; r < result.rows; r++) {
      const [, , a, b] = row(result.matrix, r);
      assert.ok(a >= 0 && a <= 1);
      assert.ok(Math.abs(a + b - 1) < 1e-12);
      if (a > 0 && a < 1) fractional++;
    }
    assert.ok(fractional > 0);
  });

  test('deterministic per seed; another seed differs', () => {
    assert.deepEqual(smote(data, data.labels, { seed: 5 }).matrix, result.matrix);
    assert.deepEqual(smote(data, data.labels, { random: new Random(5) }).matrix, result.matrix);
    assert.notDeepEqual(smote(data, data.labels, { seed: 6 }).matrix, result.matrix);
  });

  test('a ratio strategy adds floor(ratio · majority) − minority rows; minority 0 is detected', () => {
    const majority = data.rows - minorityIndices.length;
    const half = smote(data, data.labels, { seed: 1, samplingStrategy: 0.5 });
    assert.equal(half.syntheticCount, Math.floor(0.5 * majority) - minorityIndices.length);
    const flipped = Uint8Array.from(data.labels, (v) => 1 - v);
    const zeroMinority = smote(data, flipped, { seed: 1 });
    assert.equal(zeroMinority.minorityLabel, 0);
    assert.equal(zeroMinority.syntheticCount, result.syntheticCount);
  });

  test('bad input is rejected with a clear message', () => {
    assert.throws(() => smote(data, data.labels, {}), /pass a seed or a Random/);
    const labels = Uint8Array.from(data.labels);
    labels[3] = 2;
    assert.throws(() => smote(data, labels, { seed: 1 }), /label of row 3 is 2; expected 0 or 1/);
    const nan = { ...data, matrix: Float64Array.from(data.matrix) };
    nan.matrix[2 * COLS + 1] = NaN;
    assert.throws(() => smote(nan, data.labels, { seed: 1 }), /row 2 column 1 is NaN/);
    const few = { matrix: new Float64Array(10 * COLS), rows: 10, cols: COLS };
    assert.throws(
      () => smote(few, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], { seed: 1 }),
      /needs more than k=5 minority rows to find k neighbours, got 3/,
    );
    assert.throws(() => smote(data, data.labels, { seed: 1, samplingStrategy: 0.01 }), /SMOTE only adds rows/);
  });
});
