/**
 * Repeated patient ids never reach silver: the first valid row with an id is kept, later ones are
 * quarantined naming the kept row's line, and rows read = rows in silver + rows quarantined.
 * Oracle: the input text itself (which lines carry which id), not the ETL's own bookkeeping.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSilverTable, quarantineEntries } from '../../shared/pipeline/etl/silver-job';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ORIGINAL_HEADER, PII_HEADER } from '../raw-headers';

function row(id: string, age = '67'): string {
  return `${id},Male,${age},0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1`;
}

/** 1-based file line of each data row that carries `id` (the header is line 1). */
function linesWithId(lines: string[], id: string): number[] {
  return lines.flatMap((line, i) => (i > 0 && line.split(',')[0] === id ? [i + 1] : []));
}

describe('duplicate ids', () => {
  test('the same id four times: silver keeps the first row, the other three are quarantined naming it', async () => {
    const lines = [
      ORIGINAL_HEADER,
      row('9046'),
      row('1'),
      row('9046', '50'),
      row('2'),
      row('9046'),
      row('9046', '12'),
      row('3'),
    ];
    const text = lines.join('\n') + '\n';
    const [first, ...later] = linesWithId(lines, '9046');
    const build = await buildSilverTable(new TextEncoder().encode(text), 'dup.csv');
    const { counts, quarantine } = build.etl;

    const ids = Array.from(build.table.getChild('id')?.toArray() as Int32Array);
    assert.deepEqual(ids, [9046, 1, 2, 3], 'each id once, in input order');
    assert.equal(build.table.getChild('age')?.get(0), 67, 'the first row with the id is the one kept');
    assert.deepEqual(
      quarantine.map((q) => [q.line, q.column, q.value, q.firstLine]),
      later.map((line) => [line, 'id', '9046', first]),
    );
    assert.match(quarantine[0].reason, /repeats the id of an earlier valid row/);
    assert.deepEqual([counts.rowsRead, counts.rowsValid, counts.rowsQuarantined], [7, 4, 3]);
    assert.equal(counts.rowsRead, counts.rowsValid + counts.rowsQuarantined);
    assert.equal(counts.quarantineReasons[quarantine[0].reason], 3);
  });

  test('a rejected first row does not claim its id: the next valid row with it is kept', async () => {
    const lines = [ORIGINAL_HEADER, row('7', '200'), row('7', '40'), row('7', '41')];
    const { batches, summary } = await collectEtl(chunkedBytes(lines.join('\n') + '\n', 5), { fileName: 'dup.csv' });
    assert.deepEqual(Array.from(batches[0].source_line), [3]);
    assert.deepEqual(
      summary.quarantine.map((q) => [q.line, q.column, q.firstLine]),
      [
        [2, 'age', undefined],
        [4, 'id', 3],
      ],
    );
  });

  test('ids repeated across batches are still caught (the memory of ids spans the whole file)', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => String(i));
    const lines = [ORIGINAL_HEADER, ...ids.map((id) => row(id)), ...ids.slice(0, 10).map((id) => row(id))];
    const { batches, summary } = await collectEtl(chunkedBytes(lines.join('\n') + '\n'), {
      fileName: 'dup.csv',
      batchSize: 700,
    });
    assert.equal(
      batches.reduce((n, b) => n + b.length, 0),
      5000,
    );
    assert.deepEqual(
      summary.quarantine.map((q) => [q.line, q.firstLine]),
      ids.slice(0, 10).map((id, i) => [5002 + i, Number(id) + 2]),
    );
  });

  test("through the raw copy, a repeated id names the input file's lines and the id column's position", async () => {
    // Blank lines and a row withheld at ingest (wrong field count) make the raw copy's own lines differ from the input's.
    const lines = [
      ORIGINAL_HEADER,
      '',
      row('9046'),
      `${row('8')},extra`,
      '',
      row('1'),
      row('9046', '50'),
      '',
      row('9046'),
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dup-ids-'));
    try {
      const file = path.join(dir, 'input.csv');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const store = new MemoryObjectStore();
      const raw = await ingestRawFile(store, file);
      const build = await buildSilverTable((await store.get(raw.key)).body, raw.key, { inputHeader: raw.inputHeader });
      const [first, ...later] = linesWithId(lines, '9046');
      assert.deepEqual(
        build.etl.quarantine.map((q) => [q.line, q.column, q.position, q.firstLine]),
        later.map((line) => [line, 'id', ORIGINAL_HEADER.split(',').indexOf('id') + 1, first]),
      );
      assert.deepEqual(
        quarantineEntries(raw, build).map((q) => q.line),
        [...linesWithId(lines, '8'), ...later],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the PII variant has no id: identical rows are all kept (two patients may share every value)', async () => {
    const pii =
      '2025-03-04,Ann Lee,(217) 555-0100,"1 Oak St, Salem",Female,54.0,1,0,Yes,Self-employed,Rural,105.92,,never smoked,0';
    const { summary } = await collectEtl(chunkedBytes(`${PII_HEADER}\n${pii}\n${pii}\n`), { fileName: 'pii.csv' });
    assert.deepEqual([summary.counts.rowsValid, summary.counts.rowsQuarantined], [2, 0]);
  });
});
