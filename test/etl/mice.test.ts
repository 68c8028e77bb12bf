import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imputeBmi, iterativeImpute } from '../../shared/ml/impute/mice';
import { Random } from '../../shared/core/util/random';

interface MiceCase {
  name: string;
  columns: string[];
  input: (number | null)[][];
  /** [row, column, imputed value, value rounded to 2 decimals by numpy] */
  imputed_cells: [number, number, number, number][];
  n_iter: number;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'mice', 'mice.json'), 'utf8')) as {
  cases: MiceCase[];
};

function toColumns(matrix: (number | null)[][]): Float64Array[] {
  return Array.from({ length: matrix[0].length }, (_, j) => Float64Array.from(matrix, (row) => row[j] ?? NaN));
}

describe('iterativeImpute vs sklearn 1.2 IterativeImputer(random_state=0)', () => {
  for (const c of fixture.cases) {
    test(`${c.name}: imputed cells within 1e-6, observed cells untouched, same n_iter_`, () => {
      const input = toColumns(c.input);
      const result = iterativeImpute(input);
      assert.equal(result.rounds, c.n_iter);
      assert.equal(result.converged, true);
      let maxDiff = 0;
      for (const [row, column, expected] of c.imputed_cells) {
        assert.equal(result.imputed[column][row], 1, `cell (${row}, ${column}) not flagged`);
        maxDiff = Math.max(maxDiff, Math.abs(result.columns[column][row] - expected));
      }
      assert.ok(maxDiff <= 1e-6, `max abs difference ${maxDiff}`);
      let flagged = 0;
      input.forEach((column, j) => {
        for (let i = 0; i < column.length; i++) {
          if (result.imputed[j][i]) flagged++;
          else assert.equal(result.columns[j][i], column[i]);
        }
      });
      assert.equal(flagged, c.imputed_cells.length);
    });
  }

  test('imputeBmi rounds like numpy.round(x, 2) and passes observed rows through', () => {
    const c = fixture.cases[0];
    const rows = c.input.map((r, i) => ({
      id: i,
      gender: r[0] as number,
      age: r[1] as number,
      avg_glucose_level: r[2] as number,
      bmi: r[3],
    }));
    const result = imputeBmi(rows);
    const expectedByRow = new Map(c.imputed_cells.filter((cell) => cell[1] === 3).map((cell) => [cell[0], cell[3]]));
    assert.equal(result.imputedCount, expectedByRow.size);
    assert.equal(result.rounds, c.n_iter);
    result.rows.forEach((row, i) => {
      assert.equal(row.id, i);
      const expected = expectedByRow.get(i);
      if (expected === undefined) {
        assert.equal(row.bmi_imputed, false);
        assert.equal(row.bmi, c.input[i][3]);
      } else {
        assert.equal(row.bmi_imputed, true);
        assert.ok(Math.abs(row.bmi - expected) < 1e-9, `row ${i}: ${row.bmi} vs ${expected}`);
      }
    });
  });
});

describe('iterativeImpute edge cases', () => {
  test('no missing values: one round, data unchanged (change 0 < tolerance)', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([2, 4, 6, 9]);
    const result = iterativeImpute([a, b]);
    assert.equal(result.rounds, 1);
    assert.deepEqual(Array.from(result.columns[0]), [1, 2, 3, 4]);
    assert.deepEqual(Array.from(result.columns[1]), [2, 4, 6, 9]);
  });

  test('a single column gets its mean and no rounds', () => {
    const result = iterativeImpute([Float64Array.from([1, NaN, 5])]);
    assert.equal(result.rounds, 0);
    assert.deepEqual(Array.from(result.columns[0]), [1, 3, 5]);
  });

  test('clips imputed values to maxValue', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i);
    const y = Float64Array.from({ length: 50 }, (_, i) => (i === 49 ? NaN : 2 * i));
    const result = iterativeImpute([x, y], { maxValue: [Infinity, 10] });
    assert.equal(result.columns[1][49], 10);
  });

  test('recovers an exact linear relation', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i / 10);
    const y = Float64Array.from(x, (v, i) => (i % 7 === 0 ? NaN : 3 * v - 2));
    const result = iterativeImpute([x, y]);
    for (let i = 0; i < 200; i += 7) assert.ok(Math.abs(result.columns[1][i] - (3 * x[i] - 2)) < 1e-3);
  });

  test('errors name the bad column and row', () => {
    assert.throws(
      () => iterativeImpute([Float64Array.from([1, 2]), Float64Array.from([1, Infinity])]),
      /column 1 row 1 is Infinity/,
    );
    assert.throws(
      () => iterativeImpute([Float64Array.from([1, 2]), Float64Array.from([1])]),
      /column 1 has 1 rows but column 0 has 2/,
    );
    assert.throws(
      () => iterativeImpute([Float64Array.from([1, 2]), Float64Array.from([NaN, NaN])]),
      /no observed values/,
    );
    assert.throws(
      () => imputeBmi([{ gender: 2, age: 3, avg_glucose_level: 80, bmi: null }]),
      /row 0 field 'gender' is 2; expected 0 \(Female\) or 1 \(Male\)/,
    );
    assert.throws(
      () => imputeBmi([{ gender: 1, age: NaN, avg_glucose_level: 80, bmi: 20 }]),
      /row 0 field 'age' is NaN; expected a finite number/,
    );
  });
});

test('inPlace fills the given columns and gives exactly the result of the copying path', () => {
  const make = () => {
    const random = new Random(99);
    const a = Float64Array.from({ length: 500 }, () => random.normal(50, 10));
    const b = Float64Array.from(a, (x) => 0.4 * x + random.normal(0, 2));
    for (let i = 0; i < 500; i += 17) b[i] = NaN;
    return [a, b];
  };
  const original = make();
  const copied = iterativeImpute(original);
  assert.ok(Number.isNaN(original[1][0]), 'the default leaves the input untouched');
  const given = make();
  const inPlace = iterativeImpute(given, { inPlace: true });
  assert.equal(inPlace.columns[1], given[1], 'the result is the given column itself');
  assert.deepEqual(Array.from(inPlace.columns[1]), Array.from(copied.columns[1]));
  assert.equal(inPlace.rounds, copied.rounds);
});

test('one feature to impute: later rounds change nothing, counted as sklearn counts them', () => {
  const random = new Random(5);
  const x = Float64Array.from({ length: 300 }, () => random.normal(0, 1));
  const y = Float64Array.from(x, (v, i) => (i % 9 === 0 ? NaN : 2 * v + random.normal(0, 0.5)));
  const converged = iterativeImpute([x, y]);
  assert.deepEqual([converged.rounds, converged.converged], [2, true]);
  // tol 0 can never be met, so sklearn runs every round (n_iter_ = max_iter) and warns that it did not converge.
  const exhausted = iterativeImpute([x, y], { tol: 0, maxIter: 6 });
  assert.deepEqual([exhausted.rounds, exhausted.converged], [6, false]);
  assert.deepEqual(Array.from(exhausted.columns[1]), Array.from(converged.columns[1]));
  const once = iterativeImpute([x, y], { maxIter: 1 });
  assert.deepEqual([once.rounds, once.converged], [1, false]);
  assert.deepEqual(Array.from(once.columns[1]), Array.from(converged.columns[1]));
});
