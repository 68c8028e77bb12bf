/**
 * The ETL reads fields in place (field-view.ts) instead of materialising every record. Oracle:
 * a plain re-statement of the rules on materialised records (readCsvRecords + the validate.ts
 * parsers, silver column order, first problem wins, then a repeated id of an earlier kept row),
 * run on seeded random files mixing good rows, unusual-but-valid spellings, bad values, quoted
 * and escaped cells, ragged rows, blank lines and CRLF, fed in chunks of many sizes. Rows,
 * values, quarantine and counts must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DUPLICATE_ID_REASON } from '../../shared/pipeline/etl/duplicate-ids';
import { collectEtl, QuarantineEntry } from '../../shared/pipeline/etl/run-etl';
import { CATEGORIES, InputField, RAW_HEADERS, resolveHeader, Variant } from '../../shared/pipeline/schema';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import {
  DOMAINS,
  FieldProblem,
  parseBounded,
  parseCategory,
  parseFlag,
  parseId,
  parseIsoDate,
  parseOptionalBounded,
  parseYesNo,
  yearMonthOfDay,
} from '../../shared/pipeline/etl/validate';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { readCsvRecords } from '../../shared/core/csv/csv-reader';
import { Random } from '../../shared/core/util/random';

type Value = number | string | null;

/** Silver input fields in the order the ETL checks them, each with its validate.ts parser. */
const RULES: readonly [InputField, (raw: string) => Value | FieldProblem][] = [
  ['id', parseId],
  ['admission_date', parseIsoDate],
  ['gender', (raw) => parseCategory('gender', raw)],
  ['age', (raw) => parseBounded(raw, DOMAINS.age.min, DOMAINS.age.max)],
  ['hypertension', parseFlag],
  ['heart_disease', parseFlag],
  ['ever_married', parseYesNo],
  ['work_type', (raw) => parseCategory('work_type', raw)],
  ['residence_type', (raw) => parseCategory('residence_type', raw)],
  ['avg_glucose_level', (raw) => parseBounded(raw, DOMAINS.avg_glucose_level.min, DOMAINS.avg_glucose_level.max)],
  ['bmi', (raw) => parseOptionalBounded(raw, DOMAINS.bmi.min, DOMAINS.bmi.max)],
  ['smoking_status', (raw) => parseCategory('smoking_status', raw)],
  ['stroke', parseFlag],
];

interface Expected {
  rows: { line: number; values: Partial<Record<InputField, Value>> }[];
  quarantine: QuarantineEntry[];
}

async function expectedEtl(text: string): Promise<Expected> {
  const records = [];
  for await (const record of readCsvRecords(chunkedBytes(text), { fileName: 'r.csv' })) records.push(record);
  const header = records[0].fields.map((name) => name.trim());
  const { columnIndex } = resolveHeader(header, 'r.csv');
  const out: Expected = { rows: [], quarantine: [] };
  const firstLineOfId = new Map<number, number>();
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.length) {
      out.quarantine.push({
        line: record.line,
        column: '(row)',
        position: null,
        value: '',
        reason: `expected ${header.length} fields, got ${record.fields.length}`,
      });
      continue;
    }
    const values: Partial<Record<InputField, Value>> = {};
    let problem: QuarantineEntry | undefined;
    for (const [field, parse] of RULES) {
      const index = columnIndex[field];
      if (index < 0) continue;
      const raw = record.fields[index];
      const value = parse(raw);
      if (value instanceof FieldProblem) {
        const shown = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw;
        problem = {
          line: record.line,
          column: header[index],
          position: index + 1,
          value: shown,
          reason: `${field} ${value.reason}`,
        };
        break;
      }
      values[field] = value;
    }
    const id = values.id;
    const firstLine = typeof id === 'number' ? firstLineOfId.get(id) : undefined;
    if (problem === undefined && firstLine !== undefined) {
      problem = {
        line: record.line,
        column: header[columnIndex.id],
        position: columnIndex.id + 1,
        value: record.fields[columnIndex.id],
        reason: DUPLICATE_ID_REASON,
        firstLine,
      };
    }
    if (problem === undefined) {
      out.rows.push({ line: record.line, values });
      if (typeof id === 'number') firstLineOfId.set(id, record.line);
    } else out.quarantine.push(problem);
  }
  return out;
}

const GOOD: Record<string, readonly string[]> = {
  gender: CATEGORIES.gender,
  age: ['67', '0.08', '54.0', '3', '81.5', '120'],
  flag: ['0', '1'],
  married: ['Yes', 'No'],
  work: CATEGORIES.work_type,
  residence: CATEGORIES.residence_type,
  glucose: ['228.69', '105.92', '40', '500', '87.09'],
  bmi: ['36.6', '', 'N/A', '28.1', '10', '100'],
  smoking: CATEGORIES.smoking_status,
};
const ODD: Record<string, readonly string[]> = {
  gender: ['male', ' Female ', 'M', '', 'FEMALE', 'Unknown'],
  age: [
    '-4',
    '121',
    '1e1',
    'abc',
    '',
    '  33 ',
    '0',
    '1e400',
    'NaN',
    '+5',
    '.5',
    '000000000000000067.5',
    '1'.repeat(130),
  ],
  flag: [' 1', '2', 'yes', '', '01'],
  married: ['yes', ' NO ', 'Maybe', ''],
  work: ['private', 'Retired', ' Govt_job', 'SELF-EMPLOYED'],
  residence: ['urban', 'City', 'Rural '],
  glucose: ['39.9', '500.01', 'high', '  80  ', '9007199254740993', '1,5'],
  bmi: ['n/a', 'NaN', '100.1', ' 22 ', '28.12345678901234567', ' N/A', 'Infinity'],
  smoking: ['Formerly Smoked', 'sometimes', 'UNKNOWN'],
  id: ['A17', '-1', '2147483648', '12345678901', ' 42 ', '1.0'],
  date: ['2025-02-30', '2025-13-01', '30/01/2025', '', ' 2025-01-15 ', '2025-1-5', '2024-02-29', '0025-01-01'],
};
const SOURCE_OF: Record<string, string> = {
  id: 'id',
  'Admission Date': 'date',
  gender: 'gender',
  Gender: 'gender',
  age: 'age',
  Age: 'age',
  hypertension: 'flag',
  Hypertension: 'flag',
  heart_disease: 'flag',
  'Heart Disease': 'flag',
  stroke: 'flag',
  Stroke: 'flag',
  ever_married: 'married',
  'Ever Married': 'married',
  work_type: 'work',
  'Work Type': 'work',
  Residence_type: 'residence',
  'Residence Type': 'residence',
  avg_glucose_level: 'glucose',
  'Avg Glucose Level': 'glucose',
  bmi: 'bmi',
  BMI: 'bmi',
  smoking_status: 'smoking',
  'Smoking Status': 'smoking',
};
const PII_VALUES = [
  'Ann Lee',
  'Lee, Ann',
  'Ann "Nan" Lee',
  '(217) 555-0100',
  '1 Oak St, Apt 2, Salem, MA 01970',
  '1 Oak St,\nApt 2',
];

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)];
}

function cell(random: Random, raw: string): string {
  const mustQuote = /[",\r\n]/.test(raw);
  return mustQuote || random.next() < 0.1 ? `"${raw.replace(/"/g, '""')}"` : raw;
}

function randomDate(random: Random): string {
  const day = Date.UTC(2020, 0, 1) / 86_400_000 + random.int(2000);
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function randomFile(variant: Variant, rows: number, seed: number): string {
  const random = new Random(seed);
  const header = RAW_HEADERS[variant];
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++) {
    const fields = header.map((name) => {
      const source = SOURCE_OF[name];
      if (source === undefined) return cell(random, pick(random, PII_VALUES));
      const odd = random.next() < 0.03;
      if (source === 'date') return cell(random, odd ? pick(random, ODD.date) : randomDate(random));
      // Ids drawn from a million: mostly distinct, a few repeated (quarantined after the first).
      if (source === 'id' && !odd) return cell(random, String(random.int(1_000_000)));
      return cell(random, pick(random, odd ? ODD[source] : GOOD[source]));
    });
    const shape = random.next();
    if (shape < 0.01) fields.pop();
    else if (shape < 0.02) fields.push('extra');
    lines.push(fields.join(','));
    if (random.next() < 0.01) lines.push(random.next() < 0.5 ? '' : '\r');
  }
  return lines.map((line) => line + (random.next() < 0.3 ? '\r\n' : '\n')).join('');
}

function concatenated(batches: SilverBatch[], field: InputField | 'source_line' | 'admission_year_month'): Value[] {
  const out: Value[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const present =
        field === 'id' || field === 'admission_date' || field === 'bmi' ? batch.present[field][i] === 1 : true;
      out.push(present ? batch[field][i] : null);
    }
  }
  return out;
}

for (const [variant, seed] of [
  ['pii', 1],
  ['original', 2],
  ['pii', 3],
] as const) {
  test(`in-place ETL equals the rules applied to materialised records (${variant}, seed ${seed})`, async () => {
    const text = randomFile(variant, 3000, seed);
    const expected = await expectedEtl(text);
    assert.ok(expected.quarantine.length > 50 && expected.rows.length > 2000, 'the file mixes good and bad rows');
    for (const chunkSize of [1 + seed * 6, 257, 65_536, text.length]) {
      const { batches, summary } = await collectEtl(chunkedBytes(text, chunkSize), {
        fileName: 'r.csv',
        batchSize: 700,
      });
      assert.deepEqual(summary.quarantine, expected.quarantine, `quarantine, chunks of ${chunkSize}`);
      assert.equal(summary.counts.rowsValid, expected.rows.length);
      assert.deepEqual(
        concatenated(batches, 'source_line'),
        expected.rows.map((row) => row.line),
      );
      for (const [field] of RULES) {
        const wanted = expected.rows.map((row) => (field in row.values ? (row.values[field] ?? null) : null));
        const got = concatenated(batches, field);
        for (let i = 0; i < wanted.length; i++)
          assert.ok(Object.is(got[i], wanted[i]), `${field} of row ${i}: ${String(got[i])} vs ${String(wanted[i])}`);
      }
      const months = expected.rows.map((row) =>
        typeof row.values.admission_date === 'number' ? yearMonthOfDay(row.values.admission_date) : null,
      );
      assert.deepEqual(concatenated(batches, 'admission_year_month'), months);
    }
  });
}
