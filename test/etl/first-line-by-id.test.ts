/** FirstLineById against a Map on random ids, through many growths of its table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstLineById } from '../../shared/pipeline/etl/duplicate-ids';
import { Random } from '../../shared/core/util/random';

test('FirstLineById answers as a Map of first lines does, across growth and the id extremes', () => {
  const random = new Random(7);
  const table = new FirstLineById(2);
  const oracle = new Map<number, number>();
  const ids = [0, 2_147_483_647, ...Array.from({ length: 20_000 }, () => random.int(30_000)), 0, 2_147_483_647];
  ids.forEach((id, line) => {
    assert.equal(table.firstLineOrRecord(id, line), oracle.get(id), `id ${id} at line ${line}`);
    if (!oracle.has(id)) oracle.set(id, line);
  });
  assert.ok(oracle.size > 10_000, 'the table grew many times past its 4 initial slots');
});
