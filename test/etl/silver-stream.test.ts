import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticCsv } from '../../shared/pipeline/data/synthetic-csv';
import { buildSilverTable } from '../../shared/pipeline/etl/silver-job';
import { streamSilverToDelta } from '../../shared/pipeline/etl/silver-stream';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { diffTables } from '../../shared/core/lake/compare-tables';
import { readDeltaTable } from '../../shared/core/lake/delta';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';

for (const variant of ['pii', 'original'] as const) {
  test(`two passes write exactly the rows of the in-memory silver build (${variant})`, async () => {
    const text = syntheticCsv({ variant, rows: 3000, seed: 77 });
    const expected = await buildSilverTable(new TextEncoder().encode(text), `stroke-${variant}.csv`);
    const store = new MemoryObjectStore();
    let passes = 0;
    const result = await streamSilverToDelta(
      () => {
        passes++;
        return chunkedBytes(text, 4096);
      },
      store,
      { fileName: `stroke-${variant}.csv`, maxRows: 3000, batchRows: 700, rowsPerFile: 1000 },
    );
    assert.equal(passes, 2);
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

test('an input that changes between the passes is refused', async () => {
  const texts = [
    syntheticCsv({ variant: 'pii', rows: 500, seed: 1 }),
    syntheticCsv({ variant: 'pii', rows: 400, seed: 1 }),
  ];
  let call = 0;
  await assert.rejects(
    streamSilverToDelta(() => chunkedBytes(texts[call++]), new MemoryObjectStore(), {
      fileName: 'changing.csv',
      maxRows: 500,
    }),
    /changing\.csv: pass 2 wrote 400 rows, pass 1 read 500 valid rows/,
  );
});

test('more valid rows than announced is a clear error', async () => {
  const text = syntheticCsv({ variant: 'pii', rows: 300, seed: 2 });
  await assert.rejects(
    streamSilverToDelta(() => chunkedBytes(text), new MemoryObjectStore(), {
      fileName: 'big.csv',
      maxRows: 100,
      batchRows: 64,
    }),
    /big\.csv: more than the expected 100 valid rows/,
  );
});
