import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { correlationMatrix } from '../../shared/pipeline/eda/correlation';
import { profileInputTable, readFixture } from '../profile/profile-input';
import { assertClose } from '../assert-close';

describe('correlationMatrix', () => {
  test('equals pandas DataFrame.corr() with pairwise-complete rows', () => {
    const expected = readFixture<{ columns: string[]; matrix: (number | null)[][] }>('correlation_expected.json');
    const actual = correlationMatrix(profileInputTable(), expected.columns);
    assert.deepEqual(actual.columns, expected.columns);
    expected.matrix.forEach((row, i) =>
      row.forEach((value, j) =>
        assertClose(
          actual.matrix[i][j],
          value,
          { absolute: 1e-12, relative: 1e-12 },
          `corr(${expected.columns[i]}, ${expected.columns[j]})`,
        ),
      ),
    );
  });

  test('perfect linear relations give ±1; constant columns give null', () => {
    const table = new Table({
      x: vectorFromArray([1, 2, 3, 4, null], new Float64()),
      y: vectorFromArray([3, 5, 7, 9, 100], new Float64()),
      z: vectorFromArray([4, 3, 2, 1, 0], new Float64()),
      flat: vectorFromArray([2, 2, 2, 2, 2], new Float64()),
    });
    const { matrix } = correlationMatrix(table, ['x', 'y', 'z', 'flat']);
    assertClose(matrix[0][1], 1, { absolute: 1e-12, relative: 1e-12 }, 'x~y');
    assertClose(matrix[0][2], -1, { absolute: 1e-12, relative: 1e-12 }, 'x~z');
    assert.equal(matrix[0][3], null);
    assert.equal(matrix[3][3], null);
  });
});
