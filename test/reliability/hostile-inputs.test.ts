/**
 * A corpus of damaged inputs, built in the test, each asserting either a clear file-level error
 * (file, line, what was expected) or quarantined rows with reasons while good rows go through,
 * always with rowsRead = rowsValid + rowsQuarantined.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { collectEtl, EtlSummary, runEtl } from '../../shared/pipeline/etl/run-etl';
import { SchemaError } from '../../shared/pipeline/schema';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { CsvFormatError } from '../../shared/core/csv/csv-reader';
import { ORIGINAL_HEADER, PII_HEADER } from '../raw-headers';

const GOOD = ['9046', 'Male', '67', '0', '1', 'Yes', 'Private', 'Urban', '228.69', '36.6', 'formerly smoked', '1'];
const PII_GOOD =
  '2025-03-04,Ann Lee,(217) 555-0100,"1 Oak St, Apt 2, Salem, MA 01970",Female,54.0,1,0,Yes,Self-employed,Rural,105.92,,never smoked,0';
const COLUMN = Object.fromEntries(ORIGINAL_HEADER.split(',').map((name, i) => [name, i])) as Record<string, number>;

let nextId = 100_000;

/** A good row with `changes`; each row has its own id unless `changes` sets one (a repeated id is quarantined). */
function row(changes: Record<string, string> = {}): string {
  const fields = [...GOOD];
  fields[COLUMN.id] = String(nextId++);
  for (const [name, value] of Object.entries(changes)) fields[COLUMN[name]] = value;
  return fields.join(',');
}

async function etl(
  text: string | Uint8Array,
  chunkSize = 64 * 1024,
): Promise<{ batches: SilverBatch[]; summary: EtlSummary }> {
  const result = await collectEtl(chunkedBytes(text, chunkSize), { fileName: 'hostile.csv' });
  const c = result.summary.counts;
  assert.equal(c.rowsRead, c.rowsValid + c.rowsQuarantined, 'rowsRead = rowsValid + rowsQuarantined');
  assert.equal(
    result.batches.reduce((n, b) => n + b.length, 0),
    c.rowsValid,
  );
  return result;
}

async function fails(
  text: string | Uint8Array,
  kind: typeof CsvFormatError | typeof SchemaError,
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(etl(text), (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.match((error as Error).message, pattern);
    return true;
  });
}

/** One good row, one bad row, one good row: the bad one is quarantined with this entry. */
async function quarantines(changes: Record<string, string>, column: string, reason: RegExp): Promise<void> {
  const { summary } = await etl(`${ORIGINAL_HEADER}\n${row()}\n${row(changes)}\n${row()}\n`);
  assert.deepEqual([summary.counts.rowsRead, summary.counts.rowsValid, summary.counts.rowsQuarantined], [3, 2, 1]);
  const [entry] = summary.quarantine;
  assert.equal(entry.line, 3);
  assert.equal(entry.column, column);
  assert.equal(entry.value, changes[column]);
  assert.match(entry.reason, reason);
  assert.equal(summary.counts.quarantineReasons[entry.reason], 1);
}

describe('file-level problems give a clear error', () => {
  test('empty file', () => fails('', CsvFormatError, /^hostile\.csv: file is empty: expected a header line/));
  test('a required column missing', () =>
    fails(
      `${ORIGINAL_HEADER.replace(',bmi', '')}\n`,
      SchemaError,
      /hostile\.csv: .*missing required column\(s\) "bmi"/,
    ));
  test('duplicate header names', () =>
    fails(
      `${ORIGINAL_HEADER},age\n`,
      CsvFormatError,
      /line 1: duplicate column names in header: "age" \(columns 3 and 13\)/,
    ));
  test('semicolon delimiter', () =>
    fails(
      `${ORIGINAL_HEADER.replace(/,/g, ';')}\n${GOOD.join(';')}\n`,
      CsvFormatError,
      /line 1: header is semicolon-separated .*expected comma-separated values/,
    ));
  test('unterminated quote', () =>
    fails(
      `${ORIGINAL_HEADER}\n${row()}\n${row({ work_type: '"Private' })}\n${row()}\n`,
      CsvFormatError,
      /^hostile\.csv: line 3: unterminated quoted field 7/,
    ));
  test('Latin-1 bytes', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${ORIGINAL_HEADER}\n${row()}\n${row({ gender: 'Fem' })}`),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    return fails(
      bytes,
      CsvFormatError,
      /^hostile\.csv: line 3: invalid UTF-8 byte 0xE9: the file must be UTF-8 encoded.*re-encode/,
    );
  });
  test('invalid UTF-8 sequence (overlong encoding)', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${ORIGINAL_HEADER}\n${row()}\n${row()}\n9,`),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('\n'),
    ]);
    return fails(bytes, CsvFormatError, /line 4: invalid UTF-8 byte 0xC0/);
  });
  test('binary garbage with NUL bytes', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    return fails(
      Buffer.concat([Buffer.from(`${ORIGINAL_HEADER}\n${row()}\n`), garbage]),
      CsvFormatError,
      /line 3: contains a NUL byte: this looks like binary data/,
    );
  });
  test('a 10 MB single line fails fast naming the line (limit 1 MiB)', () =>
    fails(
      `${ORIGINAL_HEADER}\n${row()}\n${'9'.repeat(10 * 1024 * 1024)}\n`,
      CsvFormatError,
      /line 3 is longer than the maximum of 1048576 characters/,
    ));
});

describe('structure variations that are accepted', () => {
  test('header only: zero rows', async () => {
    const { summary } = await etl(`${ORIGINAL_HEADER}\r\n`);
    assert.deepEqual(summary.counts, { rowsRead: 0, rowsValid: 0, rowsQuarantined: 0, quarantineReasons: {} });
  });

  test('UTF-8 BOM, CRLF and mixed line ends', async () => {
    const { batches, summary } = await etl(
      `\uFEFF${ORIGINAL_HEADER}\r\n${row({ id: '9046' })}\n${row({ id: '2' })}\r\n${row({ id: '3' })}`,
      5,
    );
    assert.equal(summary.variant, 'original');
    assert.deepEqual(Array.from(batches[0].id), [9046, 2, 3]);
    assert.deepEqual(Array.from(batches[0].source_line), [2, 3, 4]);
  });

  test('columns reordered are mapped by name', async () => {
    const order = [11, 3, 0, 9, 1, 2, 4, 5, 6, 7, 8, 10];
    const header = order.map((i) => ORIGINAL_HEADER.split(',')[i]).join(',');
    const { batches } = await etl(`${header}\n${order.map((i) => GOOD[i]).join(',')}\n`);
    const b = batches[0];
    assert.deepEqual(
      [b.id[0], b.gender[0], b.age[0], b.bmi[0], b.stroke[0], b.smoking_status[0]],
      [9046, 'Male', 67, 36.6, 1, 'formerly smoked'],
    );
  });

  test('extra columns are ignored with a warning', async () => {
    const { summary, batches } = await etl(`${ORIGINAL_HEADER},notes\n${row()},"anything, really"\n`);
    assert.equal(summary.counts.rowsValid, 1);
    assert.match(summary.warnings[0], /ignoring unknown column\(s\) "notes"/);
    assert.equal(batches[0].age[0], 67);
  });

  test('quoted fields with commas, doubled quotes and newlines (pii variant)', async () => {
    const tricky = PII_GOOD.replace('"1 Oak St, Apt 2, Salem, MA 01970"', '"1 ""Oak"" St,\nApt 2,\r\nSalem"');
    const { batches, summary } = await etl(`${PII_HEADER}\n${tricky}\n${PII_GOOD}\n`, 3);
    assert.equal(summary.counts.rowsValid, 2);
    assert.deepEqual(Array.from(batches[0].source_line), [2, 5]);
    assert.equal(batches[0].work_type[0], 'Self-employed');
    assert.equal(batches[0].present.bmi[0], 0);
  });

  test('category case variants are normalised', async () => {
    const { batches } = await etl(
      `${ORIGINAL_HEADER}\n${row({ gender: 'male', work_type: ' PRIVATE ', smoking_status: 'Formerly Smoked', ever_married: 'yes' })}\n${row({ gender: ' Female ' })}\n`,
    );
    assert.deepEqual(batches[0].gender, ['Male', 'Female']);
    assert.equal(batches[0].work_type[0], 'Private');
    assert.equal(batches[0].smoking_status[0], 'formerly smoked');
  });

  test('bmi N/A and empty are null; age 0.08 stays 0.08', async () => {
    const { batches } = await etl(`${ORIGINAL_HEADER}\n${row({ bmi: 'N/A', age: '0.08' })}\n${row({ bmi: '' })}\n`);
    assert.deepEqual(Array.from(batches[0].present.bmi), [0, 0]);
    assert.equal(batches[0].age[0], 0.08);
  });
});

describe('row-level problems are quarantined while good rows go through', () => {
  test('ragged row with too few fields', async () => {
    const { summary } = await etl(`${PII_HEADER}\n${PII_GOOD}\n${PII_GOOD.replace(',Rural', '')}\n${PII_GOOD},extra\n`);
    assert.deepEqual([summary.counts.rowsValid, summary.counts.rowsQuarantined], [1, 2]);
    assert.deepEqual(summary.quarantine, [
      { line: 3, column: '(row)', position: null, value: '', reason: 'expected 15 fields, got 14' },
      { line: 4, column: '(row)', position: null, value: '', reason: 'expected 15 fields, got 16' },
    ]);
  });
  test('non-numeric text in a numeric column', () =>
    quarantines({ avg_glucose_level: 'high' }, 'avg_glucose_level', /^avg_glucose_level is not a number$/));
  test('NaN', () => quarantines({ bmi: 'NaN' }, 'bmi', /^bmi is not a number$/));
  test('Infinity', () => quarantines({ age: 'Infinity' }, 'age', /^age is not a number$/));
  test('1e400', () =>
    quarantines(
      { avg_glucose_level: '1e400' },
      'avg_glucose_level',
      /^avg_glucose_level is out of the float64 range$/,
    ));
  test('negative age', () => quarantines({ age: '-4' }, 'age', /^age is outside the accepted range 0\.\.120$/));
  test('age over 120', () => quarantines({ age: '121' }, 'age', /^age is outside the accepted range 0\.\.120$/));
  test('glucose out of domain', () =>
    quarantines({ avg_glucose_level: '39.9' }, 'avg_glucose_level', /range 40\.\.500/));
  test('bmi out of domain', () => quarantines({ bmi: '100.1' }, 'bmi', /range 10\.\.100/));
  test('unknown category', () =>
    quarantines(
      { work_type: 'Retired' },
      'work_type',
      /^work_type is not a known category; expected one of Private \| Self-employed/,
    ));
  test('unknown gender', () => quarantines({ gender: 'M' }, 'gender', /^gender is not a known category/));
  test('stroke value other than 0/1', () => quarantines({ stroke: '2' }, 'stroke', /^stroke is not a 0\/1 flag$/));
  test('hypertension "yes"', () =>
    quarantines({ hypertension: 'yes' }, 'hypertension', /^hypertension is not a 0\/1 flag$/));
  test('ever_married not Yes/No', () =>
    quarantines({ ever_married: 'Maybe' }, 'ever_married', /^ever_married is not Yes\/No$/));
  test('non-integer id', () => quarantines({ id: 'A17' }, 'id', /^id is not a non-negative integer id$/));

  test('impossible and malformed dates', async () => {
    const bad = ['2025-02-30', '2025-13-01', '30/01/2025', ''];
    const rows = bad.map((d) => PII_GOOD.replace('2025-03-04', d));
    const { summary } = await etl(`${PII_HEADER}\n${PII_GOOD}\n${rows.join('\n')}\n`);
    assert.deepEqual([summary.counts.rowsValid, summary.counts.rowsQuarantined], [1, 4]);
    assert.deepEqual(
      summary.quarantine.map((q) => [q.line, q.column, q.value, q.reason]),
      [
        [3, 'Admission Date', '2025-02-30', 'admission_date is not a real calendar date'],
        [4, 'Admission Date', '2025-13-01', 'admission_date is not a real calendar date'],
        [5, 'Admission Date', '30/01/2025', 'admission_date is not a date written yyyy-MM-dd'],
        [6, 'Admission Date', '', 'admission_date is not a date written yyyy-MM-dd'],
      ],
    );
  });

  test('quarantine never holds PII values', async () => {
    const bad = PII_GOOD.replace(',54.0,', ',old,');
    const { summary } = await etl(`${PII_HEADER}\n${bad}\n`);
    assert.equal(summary.quarantine.length, 1);
    const text = JSON.stringify(summary.quarantine);
    for (const pii of ['Ann Lee', '555-0100', 'Oak St']) assert.ok(!text.includes(pii));
  });
});

describe('1,000,000 rows with every 1,000th damaged', () => {
  test('streams through with exact counts and capped quarantine detail', async () => {
    const damages: Record<string, string>[] = [{ age: '-1' }, { stroke: '7' }, { gender: 'Unknown' }, { bmi: 'NaN' }];
    const reasons = [
      'age is outside the accepted range 0..120',
      'stroke is not a 0/1 flag',
      'gender is not a known category; expected one of Male | Female | Other',
      'bmi is not a number',
      'expected 12 fields, got 11',
    ];
    const damaged = [...damages.map((d) => row(d) + '\n'), GOOD.slice(1).join(',') + '\n'];
    function* source(): Generator<Uint8Array> {
      yield Buffer.from(ORIGINAL_HEADER + '\n');
      for (let block = 0; block < 1000; block++) {
        yield Buffer.from(Array.from({ length: 999 }, () => row() + '\n').join(''));
        yield Buffer.from(damaged[block % damaged.length]);
      }
    }
    let valid = 0;
    let summary: EtlSummary | undefined;
    for await (const event of runEtl(source(), { fileName: 'big.csv', maxQuarantineDetail: 300 })) {
      if (event.kind === 'batch') valid += event.batch.length;
      else summary = event.summary;
    }
    assert.ok(summary !== undefined);
    assert.deepEqual(
      [summary.counts.rowsRead, summary.counts.rowsValid, summary.counts.rowsQuarantined, valid],
      [1_000_000, 999_000, 1000, 999_000],
    );
    assert.deepEqual(summary.counts.quarantineReasons, Object.fromEntries(reasons.map((r) => [r, 200])));
    assert.equal(summary.quarantine.length, 300);
    assert.equal(summary.quarantineDetailOmitted, 700);
    assert.deepEqual(
      summary.quarantine.slice(0, 2).map((q) => q.line),
      [1001, 2001],
    );
  });
});
