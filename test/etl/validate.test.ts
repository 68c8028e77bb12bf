import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  FieldProblem,
  parseBounded,
  parseDecimal,
  parseFlag,
  parseId,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
  yearMonthOfDay,
} from '../../shared/pipeline/etl/validate';

function problem(value: unknown): string {
  assert.ok(value instanceof FieldProblem, `expected a FieldProblem, got ${String(value)}`);
  return value.reason;
}

describe('parseDecimal', () => {
  test('accepts plain decimals, keeping 0.08 exact', () => {
    assert.equal(parseDecimal('0.08'), 0.08);
    assert.equal(parseDecimal('67.0'), 67);
    assert.equal(parseDecimal(' 228.69 '), 228.69);
    assert.equal(parseDecimal('-3'), -3);
    assert.equal(parseDecimal('.5'), 0.5);
    assert.equal(parseDecimal('1e2'), 100);
  });

  test('rejects text, NaN, Infinity, hex, empty and float64 overflow', () => {
    assert.equal(problem(parseDecimal('abc')), 'is not a number');
    assert.equal(problem(parseDecimal('NaN')), 'is not a number');
    assert.equal(problem(parseDecimal('Infinity')), 'is not a number');
    assert.equal(problem(parseDecimal('-Infinity')), 'is not a number');
    assert.equal(problem(parseDecimal('0x10')), 'is not a number');
    assert.equal(problem(parseDecimal('1,5')), 'is not a number');
    assert.equal(problem(parseDecimal('')), 'is empty; expected a number');
    assert.equal(problem(parseDecimal('1e400')), 'is out of the float64 range');
  });
});

describe('domains', () => {
  test('bounds are inclusive', () => {
    assert.equal(parseBounded('0', 0, 120), 0);
    assert.equal(parseBounded('120', 0, 120), 120);
    assert.match(problem(parseBounded('-1', 0, 120)), /outside the accepted range 0\.\.120/);
    assert.match(problem(parseBounded('120.5', 0, 120)), /outside/);
  });

  test('optional bmi: empty and N/A are null', () => {
    assert.equal(parseOptionalBounded('', 10, 100), null);
    assert.equal(parseOptionalBounded('N/A', 10, 100), null);
    assert.equal(parseOptionalBounded(' n/a ', 10, 100), null);
    assert.equal(parseOptionalBounded('36.6', 10, 100), 36.6);
    assert.match(problem(parseOptionalBounded('9.9', 10, 100)), /outside/);
    assert.equal(problem(parseOptionalBounded('NaN', 10, 100)), 'is not a number');
  });

  test('flags and Yes/No', () => {
    assert.equal(parseFlag('0'), 0);
    assert.equal(parseFlag(' 1'), 1);
    for (const bad of ['2', '-1', 'yes', '1.0', '']) assert.equal(problem(parseFlag(bad)), 'is not a 0/1 flag');
    assert.equal(parseYesNo('Yes'), 1);
    assert.equal(parseYesNo(' no '), 0);
    assert.equal(problem(parseYesNo('1')), 'is not Yes/No');
  });

  test('ids are non-negative int32', () => {
    assert.equal(parseId('9046'), 9046);
    assert.equal(parseId('2147483647'), 2147483647);
    assert.match(problem(parseId('2147483648')), /larger than/);
    assert.match(problem(parseId('-5')), /not a non-negative integer/);
    assert.match(problem(parseId('1.5')), /not a non-negative integer/);
  });
});

describe('parseIsoDate', () => {
  test('epoch anchors', () => {
    assert.equal(parseIsoDate('1970-01-01'), 0);
    assert.equal(parseIsoDate('1969-12-31'), -1);
    // 1970..1999 is 30 years with 7 leap years = 10957 days; then January (31) and leap February (29).
    assert.equal(parseIsoDate('2000-03-01'), 10957 + 60);
  });

  test('consecutive calendar days of a leap year differ by exactly one', () => {
    const monthLengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let previous = parseIsoDate('2023-12-31') as number;
    monthLengths.forEach((days, m) => {
      for (let d = 1; d <= days; d++) {
        const text = `2024-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const day = parseIsoDate(text);
        assert.equal(day, previous + 1, text);
        previous = day as number;
      }
      const overflow = `2024-${String(m + 1).padStart(2, '0')}-${days + 1}`;
      assert.equal(problem(parseIsoDate(overflow)), 'is not a real calendar date', overflow);
    });
  });

  test('impossible and malformed dates are rejected', () => {
    for (const bad of ['2025-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00']) {
      assert.equal(problem(parseIsoDate(bad)), 'is not a real calendar date', bad);
    }
    for (const bad of ['2025/01/02', '01-02-2025', '2025-1-2', '2025-01-02T00:00', 'tomorrow', '']) {
      assert.equal(problem(parseIsoDate(bad)), 'is not a date written yyyy-MM-dd', bad);
    }
  });

  test('year-month of a day number', () => {
    assert.equal(yearMonthOfDay(parseIsoDate('2025-06-29') as number), '2025-06');
    assert.equal(yearMonthOfDay(parseIsoDate('2025-01-01') as number), '2025-01');
  });
});
