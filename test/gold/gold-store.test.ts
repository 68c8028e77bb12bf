import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toGold } from '../../shared/pipeline/gold/gold-transforms';
import { GoldManifest, readExcluded, readGold, writeExcluded, writeGold } from '../../shared/core/lake/gold';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { SilverColumns, silverTable } from './silver-fixture';
import { MANIFEST_NAME } from '../../shared/core/lake/gold-layout';

const input = (
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gold', 'gold_transforms.json'), 'utf8')) as {
    input: SilverColumns;
  }
).input;
const { gold, excluded } = toGold(silverTable(input, 100));

/** Every cell of every row, with values normalised so Arrow's Date/bigint getters compare. */
function rowsOf(table: Table): unknown[][] {
  const names = table.schema.fields.map((f) => f.name);
  const rows: unknown[][] = [];
  for (let i = 0; i < table.numRows; i++) {
    rows.push(
      names.map((name) => {
        const value: unknown = table.getChild(name)?.get(i);
        return value instanceof Date ? value.getTime() : value;
      }),
    );
  }
  return rows;
}

function partKeys(store: MemoryObjectStore, prefix: string): Promise<string[]> {
  return store.list(`${prefix}/`).then((objects) => objects.map((o) => o.key).filter((k) => k.endsWith('.parquet')));
}

describe('gold multi-part layer', () => {
  test('writes several parts and reads back every row in order', async () => {
    const store = new MemoryObjectStore();
    const putOrder: string[] = [];
    store.interceptPuts((key) => {
      putOrder.push(key);
    });
    const manifest = await writeGold(store, 'gold/stroke', gold, { rowsPerPart: 150 });
    const expectedParts = Math.ceil(gold.numRows / 150);
    assert.ok(expectedParts >= 3);
    assert.equal(manifest.parts.length, expectedParts);
    assert.equal(manifest.totalRows, gold.numRows);
    assert.deepEqual(
      manifest.parts.map((p) => p.rows),
      [...new Array<number>(expectedParts - 1).fill(150), gold.numRows - 150 * (expectedParts - 1)],
    );
    assert.equal(putOrder[putOrder.length - 1], `gold/stroke/${MANIFEST_NAME}`, 'manifest is written last');
    assert.equal((await partKeys(store, 'gold/stroke')).length, expectedParts);

    const { table, warnings } = await readGold(store, 'gold/stroke');
    assert.deepEqual(warnings, []);
    assert.equal(table.numRows, gold.numRows);
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      gold.schema.fields.map((f) => f.name),
    );
    assert.deepEqual(rowsOf(table), rowsOf(gold));
  });

  test('excluded table round-trips under its own prefix', async () => {
    const store = new MemoryObjectStore();
    await writeGold(store, 'gold/stroke', gold, { rowsPerPart: 200 });
    await writeExcluded(store, 'gold/stroke/excluded', excluded, { rowsPerPart: 20 });
    const back = await readExcluded(store, 'gold/stroke/excluded');
    assert.deepEqual(rowsOf(back.table), rowsOf(excluded));
    // The nested prefix is neither a stray of, nor deleted by, the parent table.
    const parent = await readGold(store, 'gold/stroke', { strayParts: 'error' });
    assert.equal(parent.table.numRows, gold.numRows);
    await writeGold(store, 'gold/stroke', gold, { rowsPerPart: 300 });
    assert.equal((await readExcluded(store, 'gold/stroke/excluded')).table.numRows, excluded.numRows);
  });

  test('a missing listed part is a clear error', async () => {
    const store = new MemoryObjectStore();
    const manifest = await writeGold(store, 'gold', gold, { rowsPerPart: 100 });
    await store.delete([`gold/${manifest.parts[2].file}`]);
    await assert.rejects(
      readGold(store, 'gold'),
      new RegExp(`part ${manifest.parts[2].file} listed in _manifest.json is missing`),
    );
  });

  test('a row count that disagrees with the manifest is an error', async () => {
    const store = new MemoryObjectStore();
    const manifest = await writeGold(store, 'gold', gold, { rowsPerPart: 100 });
    const tampered: GoldManifest = {
      ...manifest,
      parts: manifest.parts.map((p, i) => (i === 1 ? { ...p, rows: p.rows + 1 } : p)),
    };
    await store.put(`gold/${MANIFEST_NAME}`, JSON.stringify(tampered));
    await assert.rejects(readGold(store, 'gold'), /has 100 rows, manifest says 101/);
  });

  test('no manifest is an error', async () => {
    await assert.rejects(readGold(new MemoryObjectStore(), 'gold'), /no _manifest.json/);
  });

  test('unlisted parts are a warning by default and an error on request', async () => {
    const store = new MemoryObjectStore();
    const manifest = await writeGold(store, 'gold', gold, { rowsPerPart: 250 });
    const stray = 'part-00007-g000042.snappy.parquet';
    await store.put(`gold/${stray}`, (await store.get(`gold/${manifest.parts[0].file}`)).body);
    const read = await readGold(store, 'gold');
    assert.equal(read.table.numRows, gold.numRows, 'the stray part is not read');
    assert.equal(read.warnings.length, 1);
    assert.match(read.warnings[0], new RegExp(stray));
    await assert.rejects(readGold(store, 'gold', { strayParts: 'error' }), new RegExp(stray));
  });

  test('overwrite: readers see the old table until the new manifest lands, then old parts go', async () => {
    const store = new MemoryObjectStore();
    const first = await writeGold(store, 'gold', excluded, { rowsPerPart: 10 });
    let readBeforeManifest: number | undefined;
    store.interceptPuts(async (key) => {
      if (key === `gold/${MANIFEST_NAME}` && readBeforeManifest === undefined) {
        readBeforeManifest = (await readGold(store, 'gold')).table.numRows;
      }
    });
    const second = await writeGold(store, 'gold', gold, { rowsPerPart: 200 });
    assert.equal(readBeforeManifest, excluded.numRows, 'old manifest still complete while new parts are written');
    assert.equal(second.generation, first.generation + 1);
    const keys = await partKeys(store, 'gold');
    assert.deepEqual(
      keys,
      second.parts.map((p) => `gold/${p.file}`),
    );
    const { table, warnings } = await readGold(store, 'gold');
    assert.deepEqual(warnings, []);
    assert.deepEqual(rowsOf(table), rowsOf(gold));
  });

  test('rowsPerPart must be a positive integer', async () => {
    await assert.rejects(
      writeGold(new MemoryObjectStore(), 'gold', gold, { rowsPerPart: 0 }),
      /rowsPerPart must be a positive integer, got 0/,
    );
  });

  test('an empty table round-trips with its schema', async () => {
    const store = new MemoryObjectStore();
    const empty = gold.slice(0, 0);
    const manifest = await writeGold(store, 'empty', empty, { rowsPerPart: 10 });
    assert.equal(manifest.parts.length, 1);
    const { table } = await readGold(store, 'empty');
    assert.equal(table.numRows, 0);
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      gold.schema.fields.map((f) => f.name),
    );
  });
});

describe('gold writer crash recovery', () => {
  test('a write that crashed before its manifest leaves the old table readable and does not block the next write', async () => {
    const store = new MemoryObjectStore();
    await writeGold(store, 'gold', excluded, { rowsPerPart: 10 });
    store.failPutsMatching((key) => key.endsWith(MANIFEST_NAME));
    await assert.rejects(writeGold(store, 'gold', gold, { rowsPerPart: 100 }), /simulated crash/);
    store.clearFaults();
    const during = await readGold(store, 'gold');
    assert.equal(during.table.numRows, excluded.numRows);
    assert.equal(during.warnings.length, 1, 'the orphaned parts are reported');

    const manifest = await writeGold(store, 'gold', gold, { rowsPerPart: 100 });
    assert.equal(manifest.generation, 3);
    const after = await readGold(store, 'gold', { strayParts: 'error' });
    assert.deepEqual(rowsOf(after.table), rowsOf(gold));
    assert.deepEqual(
      await partKeys(store, 'gold'),
      manifest.parts.map((p) => `gold/${p.file}`),
    );
  });
});
