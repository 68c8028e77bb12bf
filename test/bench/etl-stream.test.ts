import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticCsv } from '../../shared/data/synthetic-csv';
import { buildSilverTable } from '../../shared/etl/silver-job';
import { readDeltaTable } from '../../shared/lake/delta';
import { MemoryObjectStore } from '../../shared/storage/memory-store';
import { streamSilverToDelta } from '../../scripts/bench/tasks/etl-stream';

test('the two-pass streaming ETL writes the same silver rows as the in-memory buildSilverTable', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-stream-test-'));
  try {
    const csv = path.join(dir, 'stroke-pii.csv');
    const text = syntheticCsv({ variant: 'pii', rows: 3000, seed: 77 });
    fs.writeFileSync(csv, text);
    const expected = (await buildSilverTable(new TextEncoder().encode(text), 'stroke-pii.csv')).table;
    const store = new MemoryObjectStore();
    const result = await streamSilverToDelta(csv, 3000, store);
    assert.equal(result.rows, expected.numRows);
    assert.ok(result.missing > 0, 'the sample must exercise MICE');

    const actual = (await readDeltaTable(store, 'stroke')).table;
    assert.equal(actual.numRows, expected.numRows);
    // Partitioned files come back grouped by month: compare rows keyed by admission date + line order within it.
    const key = (table: typeof expected, i: number) =>
      ['admission_date', 'gender', 'age', 'avg_glucose_level', 'bmi', 'bmi_imputed', 'stroke'].map((c) => String(table.getChild(c)?.get(i))).join('|');
    const sortedKeys = (table: typeof expected) => Array.from({ length: table.numRows }, (_, i) => key(table, i)).sort();
    assert.deepEqual(sortedKeys(actual), sortedKeys(expected));
    assert.deepEqual(actual.schema.fields.map((f) => f.name).sort(), expected.schema.fields.map((f) => f.name).sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
