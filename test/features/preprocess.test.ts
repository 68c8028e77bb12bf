import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Preprocessor, fitPreprocessor } from '../../shared/ml/data/preprocess';

type Row = Record<string, string | number>;
interface Fixture {
  numeric: string[];
  categorical: string[];
  passthrough: string[];
  train: Row[];
  test: Row[];
  mean: number[];
  scale: number[];
  categories: (string | number)[][];
  feature_names_out: string[];
  train_matrix: number[][];
  test_matrix: number[][];
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'features', 'preprocess.json'), 'utf8'),
) as Fixture;
const spec = { numeric: fixture.numeric, categorical: fixture.categorical, passthrough: fixture.passthrough };

function assertMatrixClose(actual: { matrix: Float64Array; rows: number; cols: number }, expected: number[][]): number {
  assert.equal(actual.rows, expected.length);
  assert.equal(actual.cols, expected[0].length);
  let maxDiff = 0;
  expected.forEach((row, r) =>
    row.forEach((value, c) => {
      maxDiff = Math.max(maxDiff, Math.abs(actual.matrix[r * actual.cols + c] - value));
    }),
  );
  assert.ok(maxDiff < 1e-12, `max abs difference ${maxDiff}`);
  return maxDiff;
}

describe('Preprocessor vs sklearn ColumnTransformer(StandardScaler, OneHotEncoder(ignore), passthrough)', () => {
  const preprocessor = fitPreprocessor(fixture.train, spec);

  test('fitted means, scales (constant column -> 1) and sorted categories', () => {
    const state = preprocessor.toJSON();
    state.numeric.forEach((n, k) => {
      assert.ok(Math.abs(n.mean - fixture.mean[k]) < 1e-12 * Math.max(1, Math.abs(fixture.mean[k])));
      assert.ok(Math.abs(n.scale - fixture.scale[k]) < 1e-12 * Math.max(1, fixture.scale[k]));
    });
    assert.deepEqual(
      state.categorical.map((c) => c.categories),
      fixture.categories,
    );
  });

  test('feature names follow sklearn order', () => {
    const sklearnNames = fixture.feature_names_out.map((name) => {
      const [group, rest] = name.split('__');
      if (group !== 'cat') return rest;
      const field = fixture.categorical.find((f) => rest.startsWith(`${f}_`)) as string;
      return `${field}=${rest.slice(field.length + 1)}`;
    });
    assert.deepEqual(preprocessor.featureNames, sklearnNames);
    assert.ok(preprocessor.featureNames.includes('smoking_status=smokes'));
  });

  test('training matrix', () => {
    assertMatrixClose(preprocessor.transform(fixture.train), fixture.train_matrix);
  });

  test('held-out matrix with unseen categories (all-zero one-hot block)', () => {
    assertMatrixClose(preprocessor.transform(fixture.test), fixture.test_matrix);
  });

  test('column-oriented input gives the same matrix', () => {
    const columns: Record<string, (string | number)[]> = {};
    for (const field of Object.keys(fixture.test[0])) columns[field] = fixture.test.map((row) => row[field]);
    assertMatrixClose(preprocessor.transform(columns), fixture.test_matrix);
  });

  test('JSON round trip reproduces the transform', () => {
    const restored = Preprocessor.fromJSON(JSON.parse(JSON.stringify(preprocessor)));
    assert.deepEqual(restored.featureNames, preprocessor.featureNames);
    assert.deepEqual(restored.transform(fixture.test).matrix, preprocessor.transform(fixture.test).matrix);
  });
});

describe('Preprocessor options and validation', () => {
  const rows = [
    { x: 1, c: 'a' },
    { x: 3, c: 'b' },
  ];

  test('withMean/withStd false leave values unscaled', () => {
    const p = fitPreprocessor(rows, { numeric: ['x'], categorical: [], withMean: false, withStd: false });
    assert.deepEqual(Array.from(p.transform(rows).matrix), [1, 3]);
    const centred = fitPreprocessor(rows, { numeric: ['x'], categorical: [], withStd: false });
    assert.deepEqual(Array.from(centred.transform(rows).matrix), [-1, 1]);
  });

  test('missing field and wrong type name the row and field', () => {
    const p = fitPreprocessor(rows, { numeric: ['x'], categorical: ['c'] });
    assert.throws(() => p.transform([{ x: 1, c: 'a' }, { c: 'a' }]), /row 1 is missing field 'x'/);
    assert.throws(() => p.transform([{ x: '7', c: 'a' }]), /row 0 field 'x' is "7"; expected a finite number/);
    assert.throws(
      () => p.transform([{ x: 2, c: null }]),
      /row 0 field 'c' is null; expected a string or finite number category/,
    );
    assert.throws(
      () => p.transform([{ x: 2, c: 5 }]),
      /row 0 field 'c' is 5; expected a string like the fitted categories/,
    );
    assert.throws(() => p.transform({ x: [1, 2], c: ['a'] }), /column 'c' has 1 rows but 'x' has 2/);
    assert.throws(
      () => fitPreprocessor([{ x: NaN, c: 'a' }], { numeric: ['x'], categorical: ['c'] }),
      /row 0 field 'x' is NaN/,
    );
    assert.throws(
      () => fitPreprocessor([{ c: 'a' }, { c: 1 }], { numeric: [], categorical: ['c'] }),
      /row 1 field 'c' is 1; earlier rows hold strings/,
    );
    assert.throws(
      () => fitPreprocessor(rows, { numeric: ['x'], categorical: ['x'] }),
      /'x' is listed in more than one group/,
    );
  });

  test('fromJSON rejects malformed state', () => {
    assert.throws(() => Preprocessor.fromJSON({ kind: 'other', version: 1 }), /expected kind 'preprocessor'/);
    const good = fitPreprocessor(rows, { numeric: ['x'], categorical: ['c'] }).toJSON();
    assert.throws(
      () => Preprocessor.fromJSON({ ...good, numeric: [{ name: 'x', mean: 0, scale: 0 }] }),
      /numeric\[0\] must be/,
    );
  });
});
