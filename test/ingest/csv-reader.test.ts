import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CsvFormatError,
  openCsvTable,
  readCsvRecordBatches,
  readCsvRecords,
  CsvRecord,
} from '../../shared/core/csv/csv-reader';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { findInvalidUtf8 } from '../../shared/core/csv/utf8-decoder';
import { formatCsvRow } from '../../shared/core/csv/csv-writer';
import { Random } from '../../shared/core/util/random';

const FIXTURES = join(__dirname, '..', 'fixtures', 'ingest');

async function readAll(data: string | Uint8Array, chunkSize = 64 * 1024, maxLineLength?: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsvRecordBatches(chunkedBytes(data, chunkSize), { fileName: 't.csv', maxLineLength }))
    out.push(...batch);
  return out;
}

async function rejects(
  data: string | Uint8Array,
  pattern: RegExp,
  chunkSize?: number,
  maxLineLength?: number,
): Promise<CsvFormatError> {
  try {
    await readAll(data, chunkSize, maxLineLength);
  } catch (error) {
    assert.ok(error instanceof CsvFormatError, `expected CsvFormatError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected an error matching ${pattern}`);
}

describe('CSV reader against Python csv module (golden fixture)', () => {
  const input = readFileSync(join(FIXTURES, 'tricky.csv'));
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'tricky.json'), 'utf8')) as CsvRecord[];
  for (const chunkSize of [1, 3, 7, 64, 4096, input.length]) {
    test(`fields and start lines match with ${chunkSize}-byte chunks`, async () => {
      assert.deepEqual(await readAll(input, chunkSize), expected);
    });
  }
});

describe('CSV reader dialect', () => {
  test('strips a UTF-8 BOM, even when it arrives one byte at a time', async () => {
    const records = await readAll('\uFEFFid,b\r\n1,2\r\n', 1);
    assert.deepEqual(records, [
      { line: 1, fields: ['id', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  test('CRLF, LF and a last line without terminator', async () => {
    const records = await readAll('a,b\r\n1,2\n3,4\r\n5,6');
    assert.deepEqual(
      records.map((r) => [r.line, ...r.fields]),
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
        [3, '3', '4'],
        [4, '5', '6'],
      ],
    );
  });

  test('quoted commas, doubled quotes and embedded newlines; line numbers count physical lines', async () => {
    const records = await readAll('a,b\n"x, y","say ""hi"""\n"multi\nline\r\nfield",z\nlast,row\n', 5);
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline\r\nfield', 'z'] },
      { line: 6, fields: ['last', 'row'] },
    ]);
  });

  test('blank lines are skipped and counted', async () => {
    const table = await openCsvTable(chunkedBytes('a,b\n\n1,2\r\n\r\n3,4\n'), { fileName: 't.csv' });
    const lines: number[] = [];
    for await (const batch of table.rows) lines.push(...batch.records.map((r) => r.line));
    assert.deepEqual(lines, [3, 5]);
    assert.equal(table.blankLinesSkipped(), 2);
  });

  test('round trip: formatCsvRow output parses back to the same fields', async () => {
    const rng = new Random(5);
    const alphabet = ['a', ',', '"', '\n', '\r\n', ' ', 'é', '😀', ''];
    const rows = Array.from({ length: 200 }, () =>
      Array.from({ length: 4 }, () =>
        Array.from({ length: rng.int(4) }, () => alphabet[rng.int(alphabet.length)]).join(''),
      ),
    );
    const text = rows.map((r) => formatCsvRow(r)).join('\n');
    const parsed = await readAll(text, 11);
    assert.deepEqual(
      parsed.map((r) => r.fields),
      rows,
    );
  });

  test('record-at-a-time API yields the same records as the batch API', async () => {
    const text = 'a,b\n1,2\n"3\n",4\n';
    const single: CsvRecord[] = [];
    for await (const record of readCsvRecords(chunkedBytes(text, 2), { fileName: 't.csv' })) single.push(record);
    assert.deepEqual(single, await readAll(text));
  });
});

describe('CSV reader errors name the file and line', () => {
  test('unterminated quote', async () => {
    const error = await rejects('a,b\n1,2\n3,"open\nmore\n', /t\.csv: line 3: unterminated quoted field 2/);
    assert.equal(error.line, 3);
  });

  test('text after a closing quote', async () => {
    await rejects('a,b\n"x"y,2\n', /line 2: unexpected text "y,2\\n" after the closing quote of field 1/);
  });

  test('invalid UTF-8 (Latin-1) reports the line and suggests re-encoding', async () => {
    const latin1 = Buffer.concat([Buffer.from('a,b\n1,2\n3,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const error = await rejects(latin1, /line 3: invalid UTF-8 byte 0xE9.*re-encode it as UTF-8/, 4);
    assert.equal(error.line, 3);
  });

  test('truncated multi-byte character at end of file', async () => {
    await rejects(Buffer.from([0x61, 0x0a, 0xe2, 0x82]), /line 2: ends in the middle of a UTF-8 character/);
  });

  test('NUL bytes mean binary data', async () => {
    await rejects(Buffer.from('a,b\n1,2\n3\u00004\n'), /line 3: contains a NUL byte: this looks like binary data/);
  });

  test('a line longer than the limit fails fast naming the line', async () => {
    const text = 'a,b\n1,2\n' + 'x'.repeat(5000) + '\n';
    await rejects(text, /line 3 is longer than the maximum of 1000 characters/, 256, 1000);
    await rejects(text, /line 3 is longer than the maximum of 1000 characters/, 100_000, 1000);
  });

  test('an unclosed quote in a long file is caught by the record length limit', async () => {
    const text = 'a,b\n1,"never closed\n' + '2,3\n'.repeat(1000);
    await rejects(
      text,
      /record starting at line 2 is longer than the maximum of 500 characters; a quoted field is probably never closed/,
      64,
      500,
    );
  });
});

describe('openCsvTable header checks', () => {
  async function headerError(text: string): Promise<string> {
    try {
      await openCsvTable(chunkedBytes(text), { fileName: 'h.csv' });
    } catch (error) {
      assert.ok(error instanceof CsvFormatError);
      return error.message;
    }
    return assert.fail('expected a header error');
  }

  test('empty file', async () => {
    assert.match(await headerError(''), /h\.csv: file is empty/);
    assert.match(await headerError('\n\r\n'), /h\.csv: file is empty/);
  });

  test('semicolon and tab delimiters', async () => {
    assert.match(
      await headerError('id;gender;age\n1;Male;3\n'),
      /line 1: header is semicolon-separated .* expected comma-separated values/,
    );
    assert.match(await headerError('id\tgender\n'), /header is tab-separated/);
  });

  test('duplicate header names', async () => {
    assert.match(
      await headerError('id,age,age\n'),
      /line 1: duplicate column names in header: "age" \(columns 2 and 3\)/,
    );
  });

  test('ragged rows are reported with the expected and actual field counts', async () => {
    const table = await openCsvTable(chunkedBytes('a,b,c\n1,2,3\n1,2\n1,2,3,4\n5,6,7\n'), { fileName: 'r.csv' });
    const good: number[] = [];
    const ragged: string[] = [];
    for await (const batch of table.rows) {
      good.push(...batch.records.map((r) => r.line));
      ragged.push(...batch.ragged.map((r) => `${r.line}: ${r.reason}`));
    }
    assert.deepEqual(good, [2, 5]);
    assert.deepEqual(ragged, ['3: expected 3 fields, got 2', '4: expected 3 fields, got 4']);
  });
});

describe('findInvalidUtf8 agrees with TextDecoder (fatal)', () => {
  test('on 3,000 random byte strings biased towards UTF-8 lead/continuation bytes', () => {
    const rng = new Random(11);
    const pool = [0x41, 0x0a, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 3000; n++) {
      const bytes = new Uint8Array(2 + rng.int(8));
      bytes[0] = 0x41;
      for (let i = 1; i < bytes.length - 1; i++) bytes[i] = pool[rng.int(pool.length)];
      bytes[bytes.length - 1] = 0x41;
      let valid = true;
      try {
        decoder.decode(bytes);
      } catch {
        valid = false;
      }
      assert.equal(findInvalidUtf8(bytes) === -1, valid, `bytes ${Array.from(bytes, (b) => b.toString(16)).join(' ')}`);
    }
  });
});
