/**
 * The spill gives back exactly the batches it was given, in order: every flat column type the
 * lake writes (with and without nulls, strings with multi-byte characters, sliced batches whose
 * columns start at an offset), checked value by value against the tables written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  Utf8,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { TableSpill } from '../../shared/core/lake/table-spill';

function sample(rows: number, seed: number): Table {
  const pick = <T>(values: T[], i: number): T => values[(i * 7 + seed) % values.length];
  const column = <T extends DataType>(values: unknown[], type: T) => vectorFromArray(values, type);
  return new Table({
    id: column(
      Array.from({ length: rows }, (_, i) => i + seed),
      new Int32(),
    ),
    label: column(
      Array.from({ length: rows }, (_, i) => pick(['a', '', null, 'é😀', 'Residence'], i)),
      new Utf8(),
    ),
    value: column(
      Array.from({ length: rows }, (_, i) => pick([1.5, null, -0, NaN, 1e300], i)),
      new Float64(),
    ),
    big: column(
      Array.from({ length: rows }, (_, i) => pick([1n, null, -(2n ** 62n)], i)),
      new Int64(),
    ),
    day: column(
      Array.from({ length: rows }, (_, i) => pick([new Date(Date.UTC(2024, 0, 31)), null], i)),
      new DateDay(),
    ),
    flag: column(
      Array.from({ length: rows }, (_, i) => pick([true, false, null], i)),
      new Bool(),
    ),
  });
}

function rowsOf(table: Table): unknown[] {
  return table.toArray().map((row) => row.toJSON());
}

function withSpill(run: (spill: TableSpill, folder: string) => void): void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-test-'));
  const spill = TableSpill.create(folder);
  try {
    run(spill, folder);
  } finally {
    spill.remove();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

test('batches come back in order, value for value, with their schema', () => {
  withSpill((spill) => {
    const tables = [sample(1000, 0), sample(1, 3), sample(257, 5)];
    for (const table of tables) spill.append(table);
    const back = [...spill.tables()];
    assert.equal(back.length, 3);
    assert.equal(spill.count, 3);
    back.forEach((table, i) => {
      assert.equal(table.schema.toString(), tables[i].schema.toString());
      assert.deepEqual(rowsOf(table), rowsOf(tables[i]));
      const nulls = (t: Table) => t.schema.fields.map((f) => t.getChild(f.name)?.nullCount);
      assert.deepEqual(nulls(table), nulls(tables[i]));
    });
    assert.ok(spill.bytes > 0 && spill.bytes % 8 === 0, 'buffers are padded to 8 bytes');
  });
});

test('a sliced batch (columns at an offset) and a table of several batches', () => {
  withSpill((spill) => {
    const whole = sample(500, 1);
    const sliced = whole.slice(123, 400);
    const several = new Table([...sample(40, 2).batches, ...sample(60, 4).batches]);
    spill.append(sliced);
    spill.append(several);
    const back = [...spill.tables()];
    assert.equal(back.length, 3, 'one entry per record batch');
    assert.deepEqual(rowsOf(back[0]), rowsOf(sliced));
    assert.deepEqual(rowsOf(new Table([...back[1].batches, ...back[2].batches])), rowsOf(several));
  });
});

test('remove() deletes the file and its folder; a removed spill refuses to read', () => {
  withSpill((spill, folder) => {
    spill.append(sample(10, 0));
    assert.equal(fs.readdirSync(folder).length, 1);
    spill.remove();
    assert.deepEqual(fs.readdirSync(folder), []);
    assert.throws(() => [...spill.tables()], /the spill was removed/);
    spill.remove();
  });
});

test('a column that is not flat, or a folder that cannot be made, is a clear error', () => {
  withSpill((spill) => {
    const dictionary = new Table({ d: vectorFromArray(['x', 'y', 'x'], new Dictionary(new Utf8(), new Int32())) });
    assert.throws(() => spill.append(dictionary), /cannot spill column "d" of type Dictionary.*not a flat column/);
  });
  assert.throws(
    () => TableSpill.create(path.join(os.tmpdir(), 'no-such-folder-for-spills', 'deeper')),
    /cannot create a spill folder in .*no-such-folder-for-spills/,
  );
});
