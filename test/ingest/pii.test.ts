import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripPiiToBuffer } from '../../shared/pipeline/ingest/pii';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { readCsvRecordBatches, CsvRecord } from '../../shared/core/csv/csv-reader';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { PII_HEADER } from '../raw-headers';

const SAMPLE = join(__dirname, '..', '..', 'data', 'stroke-pii-sample.csv');

async function records(data: Uint8Array | string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsvRecordBatches(chunkedBytes(data), { fileName: 'x.csv' })) out.push(...batch);
  return out;
}

describe('stripPii on the generated pii sample', async () => {
  const input = readFileSync(SAMPLE);
  const { body, result } = await stripPiiToBuffer(chunkedBytes(input, 7777), { fileName: SAMPLE });
  const inputRecords = await records(input);
  const outputText = body.toString('utf8');

  test('no name, phone number or address from the input survives', () => {
    const header = inputRecords[0].fields;
    const piiIndexes = ['Full Name', 'Phone Number', 'Address'].map((n) => header.indexOf(n));
    let checked = 0;
    for (const record of inputRecords.slice(1)) {
      for (const i of piiIndexes) {
        assert.ok(!outputText.includes(record.fields[i]), `line ${record.line}: PII value ${record.fields[i]} leaked`);
        checked++;
      }
    }
    assert.equal(checked, 3 * 5109);
    // Fragments too: street names+suffixes and phone line numbers never appear.
    assert.ok(!/\d+ \w+ (St|Ave|Rd|Blvd|Ln|Dr|Ct|Way|Pl|Terrace)\b/.test(outputText));
    assert.ok(!/555-\d{4}/.test(outputText));
  });

  test('kept fields are byte-identical, in header order, rows complete, after the input line', async () => {
    const out = await records(body);
    assert.equal(result.rowsWritten, 5109);
    assert.equal(out.length, 5110);
    assert.deepEqual(result.droppedColumns, ['Full Name', 'Phone Number', 'Address']);
    const header = inputRecords[0].fields;
    const kept = header.map((_, i) => i).filter((i) => !result.droppedColumns.includes(header[i]));
    assert.deepEqual(out[0].fields, ['source_line', ...kept.map((i) => header[i])]);
    out.slice(1).forEach((record, r) => {
      const input = inputRecords[r + 1];
      assert.deepEqual(record.fields, [String(input.line), ...kept.map((i) => input.fields[i])]);
    });
  });

  test('hashes: SHA-256 of the original bytes and of the output', () => {
    assert.equal(result.inputSha256, createHash('sha256').update(input).digest('hex'));
    assert.equal(result.outputSha256, createHash('sha256').update(body).digest('hex'));
    assert.equal(result.outputBytes, body.length);
  });

  test('the stripped file goes through the ETL with the same values as the raw file', async () => {
    const raw = await collectEtl(chunkedBytes(input), { fileName: 'raw.csv' });
    const stripped = await collectEtl(chunkedBytes(body), { fileName: 'stripped.csv' });
    assert.equal(stripped.summary.variant, 'pii');
    assert.deepEqual(stripped.summary.counts, raw.summary.counts);
    assert.deepEqual(Array.from(stripped.batches[0].avg_glucose_level), Array.from(raw.batches[0].avg_glucose_level));
    assert.deepEqual(stripped.batches[0].admission_year_month, raw.batches[0].admission_year_month);
  });
});

describe('stripPii edge cases', () => {
  const header = PII_HEADER;

  test('unknown extra columns are dropped too (allow-list) with a warning', async () => {
    const text = `${header},Email\n2025-01-02,Ann Lee,(217) 555-0100,"1 Oak St, Salem, MA 01970",Female,50.0,0,0,Yes,Private,Urban,90.1,,Unknown,0,ann@example.com\n`;
    const { body, result } = await stripPiiToBuffer(chunkedBytes(text), { fileName: 'e.csv' });
    assert.deepEqual(result.droppedColumns, ['Full Name', 'Phone Number', 'Address', 'Email']);
    assert.ok(!body.toString().includes('ann@example.com'));
    assert.match(result.warnings[0], /ignoring unknown column\(s\) "Email"/);
    assert.equal(
      body.toString(),
      'source_line,Admission Date,Gender,Age,Hypertension,Heart Disease,Ever Married,Work Type,Residence Type,Avg Glucose Level,BMI,Smoking Status,Stroke\n2,2025-01-02,Female,50.0,0,0,Yes,Private,Urban,90.1,,Unknown,0\n',
    );
  });

  test('ragged rows are withheld (their PII position is unknown) and reported', async () => {
    const good =
      '2025-01-02,Ann Lee,(217) 555-0100,"1 Oak St, Salem",Female,50.0,0,0,Yes,Private,Urban,90.1,,Unknown,0';
    const ragged = '2025-01-03,Bob, Jr,(217) 555-0101,2 Elm St,Male,40.0,0,0,Yes,Private,Urban,90.1,,Unknown,0';
    const { body, result } = await stripPiiToBuffer(chunkedBytes(`${header}\n${good}\n${ragged}\n`), {
      fileName: 'r.csv',
    });
    assert.equal(result.rowsWritten, 1);
    assert.deepEqual(result.rowsWithheld, [
      { line: 3, column: '(row)', position: null, value: '', reason: 'expected 15 fields, got 16' },
    ]);
    assert.ok(!body.toString().includes('Bob') && !body.toString().includes('Elm'));
  });

  test('quoting is re-applied where a kept field needs it', async () => {
    const text = `${header}\n2025-01-02,A,B,C,Female,50.0,0,0,Yes,"Private",Urban,90.1,,"never, smoked",0\n`;
    const { body } = await stripPiiToBuffer(chunkedBytes(text), { fileName: 'q.csv' });
    assert.equal(
      body.toString().split('\n')[1],
      '2,2025-01-02,Female,50.0,0,0,Yes,Private,Urban,90.1,,"never, smoked",0',
    );
  });
});
