import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalCategory,
  detectVariant,
  PII_COLUMNS,
  RAW_HEADERS,
  resolveHeader,
  SchemaError,
} from '../../shared/pipeline/schema';
import { ORIGINAL_HEADER, PII_HEADER } from '../raw-headers';

const ORIGINAL = ORIGINAL_HEADER.split(',');
const PII = PII_HEADER.split(',');

describe('detectVariant', () => {
  test('recognises both published headers exactly', () => {
    assert.equal(detectVariant(ORIGINAL), 'original');
    assert.equal(detectVariant(PII), 'pii');
    assert.deepEqual(RAW_HEADERS.original, ORIGINAL);
    assert.deepEqual(RAW_HEADERS.pii, PII);
  });

  test('maps reordered columns by name', () => {
    const reversed = [...PII].reverse();
    const mapping = resolveHeader(reversed);
    assert.equal(mapping.variant, 'pii');
    assert.equal(mapping.columnIndex.stroke, 0);
    assert.equal(mapping.columnIndex.admission_date, reversed.length - 1);
    assert.equal(mapping.columnIndex.id, -1);
    assert.deepEqual(mapping.piiColumnIndexes.map((i) => reversed[i]).sort(), [...PII_COLUMNS.pii].sort());
  });

  test('a header already stripped of PII is still the pii variant', () => {
    const stripped = PII.filter((name) => !PII_COLUMNS.pii.includes(name));
    const mapping = resolveHeader(stripped);
    assert.equal(mapping.variant, 'pii');
    assert.deepEqual(mapping.piiColumnIndexes, []);
    assert.equal(mapping.keptColumnIndexes.length, 12);
  });

  test('a missing required column is named in the error', () => {
    const header = ORIGINAL.filter((name) => name !== 'bmi');
    assert.throws(
      () => detectVariant(header, 'x.csv'),
      (error: unknown) => {
        assert.ok(error instanceof SchemaError);
        assert.match(
          error.message,
          /^x\.csv: header looks like the original variant but is missing required column\(s\) "bmi"/,
        );
        return true;
      },
    );
  });

  test('extra unknown columns are ignored with a warning and not kept', () => {
    const mapping = resolveHeader([...ORIGINAL, 'email', 'notes'], 'x.csv');
    assert.deepEqual(mapping.ignoredColumns, ['email', 'notes']);
    assert.match(mapping.warnings[0], /ignoring unknown column\(s\) "email", "notes"/);
    assert.equal(mapping.keptColumnIndexes.length, 12);
  });

  test('header names are trimmed', () => {
    assert.equal(detectVariant(ORIGINAL.map((n) => ` ${n} `)), 'original');
  });

  test('a header of neither variant lists both expected headers', () => {
    assert.throws(
      () => detectVariant(['foo', 'bar'], 'y.csv'),
      /y\.csv: header matches neither dataset variant \(got "foo", "bar"\)\. Expected the original columns "id"/,
    );
  });
});

describe('canonicalCategory', () => {
  test('exact, case variants and surrounding spaces are normalised', () => {
    assert.equal(canonicalCategory('gender', 'Male'), 'Male');
    assert.equal(canonicalCategory('gender', 'male'), 'Male');
    assert.equal(canonicalCategory('gender', ' Female '), 'Female');
    assert.equal(canonicalCategory('work_type', 'CHILDREN'), 'children');
    assert.equal(canonicalCategory('smoking_status', 'Never Smoked'), 'never smoked');
  });

  test('unknown values are rejected', () => {
    assert.equal(canonicalCategory('gender', 'M'), undefined);
    assert.equal(canonicalCategory('residence_type', 'Suburban'), undefined);
    assert.equal(canonicalCategory('smoking_status', 'never  smoked'), undefined);
  });
});
