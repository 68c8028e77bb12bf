/**
 * Two writers commit to one Delta table on the embedded S3 server at the same time. s3rver ignores
 * If-None-Match, so without a protocol both are told "ok" for the same version and one commit is
 * overwritten. Required: every write reported ok is the table's version it names, holding that
 * writer's rows; the other gets DeltaConflictError. Runs against its own s3rver (port and folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeVector, Table } from 'apache-arrow';
import { createS3Client } from '../../shared/core/s3/client';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { DeltaConflictError, readDeltaTable, writeDeltaTable } from '../../shared/core/lake/delta';
import { privateS3 } from '../storage/private-s3';

const { config } = privateS3(48000, 'concurrent-commits-');
const store = new S3ObjectStore(createS3Client(config), config.buckets.silver, '', false, config.s3Endpoint);

const tableOf = (rows: number, tag: number): Table =>
  new Table({
    writer: makeVector(new Int32Array(rows).fill(tag)),
    row: makeVector(Int32Array.from({ length: rows }, (_, i) => i)),
  });

test('two concurrent writers: every "ok" is the table\'s version with its own rows, the other conflicts', async () => {
  assert.equal(store.supportsConditionalPut, false, 'the embedded server cannot enforce put-if-absent');
  const writers = [
    { tag: 1, rows: 5110 },
    { tag: 2, rows: 20 },
  ];
  let conflicts = 0;
  for (let trial = 0; trial < 10; trial++) {
    const tablePath = `race-${trial}`;
    await writeDeltaTable(store, tablePath, tableOf(3, 0), { mode: 'overwrite' });
    const outcomes = await Promise.allSettled(
      writers.map((w) => writeDeltaTable(store, tablePath, tableOf(w.rows, w.tag), { mode: 'overwrite' })),
    );
    const okVersions: number[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        assert.ok(outcome.reason instanceof DeltaConflictError, `trial ${trial}: ${String(outcome.reason)}`);
        conflicts++;
        continue;
      }
      const version = outcome.value.version;
      okVersions.push(version);
      const stored = await readDeltaTable(store, tablePath, { version: version });
      assert.equal(
        stored.table.numRows,
        writers[i].rows,
        `trial ${trial}: writer ${writers[i].tag} was told v${version} ok`,
      );
      assert.ok(
        stored.table
          .getChild('writer')!
          .toArray()
          .every((tag: number) => tag === writers[i].tag),
      );
    }
    assert.ok(okVersions.length >= 1, `trial ${trial}: at least one writer commits`);
    assert.equal(new Set(okVersions).size, okVersions.length, `trial ${trial}: two writers told ok for one version`);
  }
  assert.ok(conflicts <= 10, 'at most one writer per trial conflicts');
});
