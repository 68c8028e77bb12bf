/**
 * Hostile input files beyond damaged rows: a directory given as the input, UTF-16 text, CR-only
 * line endings, error messages that would embed megabytes of input, and numbers that underflow.
 * Every ETL run checks rowsRead = rowsValid + rowsQuarantined.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectEtl, EtlSummary } from '../../shared/pipeline/etl/run-etl';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { CsvFormatError } from '../../shared/core/csv/csv-reader';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ORIGINAL_HEADER } from '../raw-headers';

const ROW = '9046,Male,67,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1';

async function etl(
  data: string | Uint8Array,
  chunkSize = 64 * 1024,
): Promise<{ batches: SilverBatch[]; summary: EtlSummary }> {
  const result = await collectEtl(chunkedBytes(data, chunkSize), { fileName: 'hostile.csv' });
  const c = result.summary.counts;
  assert.equal(c.rowsRead, c.rowsValid + c.rowsQuarantined, 'rowsRead = rowsValid + rowsQuarantined');
  return result;
}

async function formatError(data: string | Uint8Array): Promise<CsvFormatError> {
  try {
    await etl(data);
  } catch (error) {
    assert.ok(error instanceof CsvFormatError, `expected CsvFormatError, got ${String(error)}`);
    return error;
  }
  throw new assert.AssertionError({ message: 'expected the file to be rejected' });
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
}

describe('hostile input files', () => {
  test('a directory given as the input: the error names the path and says it is a directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-dir-'));
    try {
      await assert.rejects(ingestRawFile(new MemoryObjectStore(), dir), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(error.message.includes(dir), error.message);
        assert.match(error.message, /is a directory, expected a CSV file/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const endian of ['le', 'be'] as const) {
    test(`UTF-16${endian.toUpperCase()} with its BOM is decoded like the same text in UTF-8`, async () => {
      const text = `${ORIGINAL_HEADER}\n${ROW}\n${ROW.replace('9046', '9047').replace('Urban', 'Rural')}\n`;
      const expected = await etl(text);
      // an odd chunk size splits characters (and the BOM) across chunks
      const got = await collectEtl(chunkedBytes(utf16(text, endian), 7), { fileName: 'hostile.csv' });
      assert.deepEqual(got.summary.counts, expected.summary.counts);
      assert.equal(got.summary.counts.rowsValid, 2);
      assert.deepEqual(got.batches, expected.batches);
    });
  }

  test('CR-only line endings: a short error saying so, not the whole file as duplicate columns', async () => {
    const text = [ORIGINAL_HEADER, ...Array.from({ length: 20_000 }, () => ROW)].join('\r') + '\r';
    const error = await formatError(text);
    assert.match(error.message, /CR/);
    assert.match(error.message, /line endings/);
    assert.ok(error.message.length < 400, `message is ${error.message.length} characters`);
  });

  test('an error that embeds input text is capped with an ellipsis', async () => {
    const name = 'x'.repeat(300);
    const error = await formatError(`${ORIGINAL_HEADER},${name},${name},${name}\n${ROW},1,2,3\n`);
    assert.match(error.message, /duplicate column names/);
    assert.match(error.message, /…/);
    assert.ok(error.message.length < 400, `message is ${error.message.length} characters`);
  });

  for (const [column, value] of [
    ['age', '1e-400'],
    ['avg_glucose_level', '5e-999'],
    ['bmi', '-1e-330'],
  ] as const) {
    test(`${column} ${value} underflows to 0: quarantined with the reason, like overflow`, async () => {
      const bad = ROW.split(',');
      bad[ORIGINAL_HEADER.split(',').indexOf(column)] = value;
      const { summary } = await etl(`${ORIGINAL_HEADER}\n${ROW}\n${bad.join(',')}\n`);
      assert.deepEqual([summary.counts.rowsRead, summary.counts.rowsValid, summary.counts.rowsQuarantined], [2, 1, 1]);
      const [entry] = summary.quarantine;
      assert.equal(entry.line, 3);
      assert.equal(entry.column, column);
      assert.match(entry.reason, new RegExp(`^${column} underflows float64 to 0`));
    });
  }

  test('zero written with an exponent is still zero, not an underflow', async () => {
    const zeroBmiOk = ROW.replace(',67,', ',0e-400,');
    const { summary } = await etl(`${ORIGINAL_HEADER}\n${zeroBmiOk}\n`);
    assert.equal(summary.counts.rowsValid, 1, JSON.stringify(summary.quarantine));
  });
});
