/**
 * The in-place field readers against their oracles: plainDecimal against `Number(text)` (V8's
 * correctly rounded conversion), and every reader against the validate.ts string parser it
 * stands in for, on fields read by the CSV tokenizer, plain, quoted and with doubled quotes.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  boundedAt,
  categoryAt,
  flagAt,
  idAt,
  isoDateAt,
  isoDateKeyAt,
  optionalBoundedAt,
  plainDecimal,
  yesNoAt,
} from '../../shared/pipeline/etl/field-view';
import { CategoryField, CATEGORIES } from '../../shared/pipeline/schema';
import {
  FieldProblem,
  parseBounded,
  parseCategory,
  parseFlag,
  parseId,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
} from '../../shared/pipeline/etl/validate';
import { CsvRecordView, CsvTokenizer } from '../../shared/core/csv/csv-parser';
import { Random } from '../../shared/core/util/random';

function decimalOf(text: string): number {
  return plainDecimal(`<${text}>`, 1, text.length + 1);
}

describe('plainDecimal is exactly Number(text) on plain decimals, NaN otherwise', () => {
  test('tricky spellings', () => {
    const plain = [
      '0',
      '00',
      '0.0',
      '67',
      '0.08',
      '0.1',
      '0.2',
      '0.3',
      '120.00',
      '228.69',
      '36.6',
      '000123.4500',
      '5.0000000000000',
      '999999999999999',
      '99999999999999.9',
      '0.00000000000001',
      '123456789.012345',
      '8.98846567431158',
      '9007199.25474099',
      '4.35',
      '1.005',
      '2.675',
      '0.00000000000005',
    ];
    for (const text of plain) assert.ok(Object.is(decimalOf(text), Number(text)), text);
    const other = [
      '',
      '.',
      '5.',
      '.5',
      '1.2.3',
      '-1',
      '+1',
      '-0',
      ' 1',
      '1 ',
      '1e5',
      '1E-2',
      'NaN',
      'Infinity',
      '0x10',
      '1,5',
      '١٢',
      '1234567890123456',
      '0.000000000000005',
      '9007199254740993',
      '12a',
      '"1"',
    ];
    for (const text of other)
      assert.ok(Number.isNaN(decimalOf(text)), `${JSON.stringify(text)} should not take the fast path`);
  });

  test('20,000 random decimals of up to 15 digits, seed 11', () => {
    const random = new Random(11);
    for (let n = 0; n < 20_000; n++) {
      const digits = 1 + random.int(15);
      let text = '';
      for (let d = 0; d < digits; d++) text += String(random.int(10));
      const dot = random.int(digits + 1);
      if (dot > 0 && dot < digits) text = `${text.slice(0, dot)}.${text.slice(dot)}`;
      assert.ok(Object.is(decimalOf(text), Number(text)), text);
    }
  });
});

/** Field 1 of a three-field line, as the tokenizer hands it over. */
function viewOf(cell: string): CsvRecordView {
  const tokenizer = new CsvTokenizer('t.csv');
  tokenizer.push(`x,${cell},y\n`, true);
  assert.ok(tokenizer.next());
  assert.equal(tokenizer.fieldCount, 3, cell);
  return tokenizer;
}

/** The raw value as written in a CSV cell: plain, quoted, and quoted with its quotes doubled. */
function spellings(raw: string): string[] {
  const cells = [`"${raw.replace(/"/g, '""')}"`];
  if (!/[",\r\n]/.test(raw)) cells.push(raw);
  return cells;
}

function sameResult(actual: unknown, expected: unknown, what: string): void {
  if (expected instanceof FieldProblem) {
    assert.ok(
      actual instanceof FieldProblem,
      `${what}: expected the problem "${expected.reason}", got ${String(actual)}`,
    );
    assert.equal(actual.reason, expected.reason, what);
  } else {
    assert.ok(Object.is(actual, expected), `${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

function agrees(
  values: readonly string[],
  read: (view: CsvRecordView) => unknown,
  parse: (raw: string) => unknown,
  name: string,
): void {
  for (const raw of values) {
    for (const cell of spellings(raw)) {
      const view = viewOf(cell);
      assert.equal(view.field(1), raw, `the tokenizer reads ${cell} back as written`);
      sameResult(read(view), parse(raw), `${name}(${cell})`);
    }
  }
}

const NUMBERS = [
  '67',
  '0.08',
  '120',
  '120.0',
  '120.01',
  '0',
  '-0',
  '-4',
  '121',
  '39.9',
  '40',
  '500',
  '500.5',
  '10',
  '100',
  '100.1',
  ' 36.6 ',
  '36.6 ',
  '\t36.6',
  '1e1',
  '1E2',
  '+5',
  '.5',
  '5.',
  'NaN',
  'Infinity',
  '1e400',
  '',
  ' ',
  'N/A',
  'n/a',
  ' N/A ',
  'high',
  '1,5',
  '"5"',
  '0x10',
  '١٢',
  '000000000000000000067',
  '66.99999999999999999',
  '9999999999999999',
];

describe('each in-place reader gives what its validate.ts parser gives', () => {
  test('bounded numbers (age 0..120)', () =>
    agrees(
      NUMBERS,
      (v) => boundedAt(v, 1, 0, 120),
      (raw) => parseBounded(raw, 0, 120),
      'boundedAt',
    ));
  test('optional bounded numbers (bmi 10..100)', () =>
    agrees(
      NUMBERS,
      (v) => optionalBoundedAt(v, 1, 10, 100),
      (raw) => parseOptionalBounded(raw, 10, 100),
      'optionalBoundedAt',
    ));
  test('flags', () =>
    agrees(['0', '1', ' 1', '1 ', '2', '01', '', 'yes', '"1"', 'O'], (v) => flagAt(v, 1), parseFlag, 'flagAt'));
  test('Yes/No', () =>
    agrees(
      ['Yes', 'No', 'yes', 'NO', ' Yes ', 'Y', '', 'Maybe', 'Yes!', 'Noo'],
      (v) => yesNoAt(v, 1),
      parseYesNo,
      'yesNoAt',
    ));
  test('categories', () => {
    for (const field of Object.keys(CATEGORIES) as CategoryField[]) {
      const values = [
        ...CATEGORIES[field],
        ...CATEGORIES[field].map((c) => c.toUpperCase()),
        ...CATEGORIES[field].map((c) => ` ${c} `),
        'Retired',
        'M',
        '',
        'Private"',
      ];
      agrees(
        values,
        (v) => categoryAt(v, 1, field),
        (raw) => parseCategory(field, raw),
        `categoryAt ${field}`,
      );
    }
  });
  test('category readers return the schema strings themselves', () => {
    const value = categoryAt(viewOf('self-employed'), 1, 'work_type');
    assert.equal(value, CATEGORIES.work_type[1]);
  });
  test('ids', () =>
    agrees(
      [
        '0',
        '7',
        '9046',
        '007',
        '123456789',
        '1234567890',
        '2147483647',
        '2147483648',
        '9999999999',
        '12345678901',
        '-1',
        '1.0',
        ' 5 ',
        '',
        'A17',
      ],
      (v) => idAt(v, 1),
      parseId,
      'idAt',
    ));
  test('dates', () => {
    const dates = [
      '2025-03-04',
      '2024-02-29',
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '0025-01-01',
      '1970-01-01',
      '9999-12-31',
      ' 2025-03-04',
      '2025-3-4',
      '30/01/2025',
      '',
      '2025-03-04T00:00',
      '２０２５-03-04',
    ];
    agrees(dates, (v) => isoDateAt(v, 1), parseIsoDate, 'isoDateAt');
    for (const raw of dates) {
      const key = isoDateKeyAt(viewOf(raw), 1);
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
      assert.equal(key, match === null ? -1 : Number(match[1] + match[2] + match[3]), raw);
    }
  });
});
