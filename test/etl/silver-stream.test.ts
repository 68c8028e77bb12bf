import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticCsv } from '../../shared/pipeline/data/synthetic-csv';
import { buildSilverTable } from '../../shared/pipeline/etl/silver-job';
import { streamSilverToDelta } from '../../shared/pipeline/etl/silver-stream';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { diffTables } from '../../shared/core/lake/compare-tables';
import { readDeltaTable } from '../../shared/core/lake/delta';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';

for (const variant of ['pii', 'original'] as const) {
  test(`one read and a spill write exactly the rows of the in-memory silver build (${variant})`, async () => {
    const text = syntheticCsv({ variant, rows: 3000, seed: 77 });
    const expected = await buildSilverTable(new TextEncoder().encode(text), `stroke-${variant}.csv`);
    const store = new MemoryObjectStore();
    let reads = 0;
    function* source(): Generator<Uint8Array, void, undefined> {
      reads++;
      yield* chunkedBytes(text, 4096);
    }
    const spillDirectory = emptyFolder();
    const result = await streamSilverToDelta(source(), store, {
      fileName: `stroke-${variant}.csv`,
      maxRows: 3000,
      batchRows: 700,
      rowsPerFile: 1000,
      spillDirectory,
    });
    assert.equal(reads, 1);
    assert.deepEqual(fs.readdirSync(spillDirectory), [], 'the spill is removed');
    fs.rmdirSync(spillDirectory);
    assert.equal(result.rows, expected.table.numRows);
    assert.equal(result.imputed, expected.imputation.missingBefore);
    assert.ok(result.imputed > 0, 'the sample exercises MICE');
    assert.deepEqual(result.etl.counts, expected.etl.counts);
    const read = await readDeltaTable(store, 'stroke');
    assert.deepEqual(read.metadata.partitionColumns, expected.partitionBy);
    const diff = diffTables(expected.table, read.table);
    assert.ok(diff.equal, JSON.stringify(diff));
  });
}

test('more valid rows than announced is a clear error', async () => {
  const text = syntheticCsv({ variant: 'pii', rows: 300, seed: 2 });
  const spillDirectory = emptyFolder();
  await assert.rejects(
    streamSilverToDelta(chunkedBytes(text), new MemoryObjectStore(), {
      fileName: 'big.csv',
      maxRows: 100,
      batchRows: 64,
      spillDirectory,
    }),
    /big\.csv: more than the expected 100 valid rows/,
  );
  assert.deepEqual(fs.readdirSync(spillDirectory), [], 'a failed build removes its spill too');
  fs.rmdirSync(spillDirectory);
});

function emptyFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'silver-stream-test-'));
}
