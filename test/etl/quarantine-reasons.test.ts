import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quarantineReasonCounts } from '../../shared/pipeline/etl/silver-job';

test("quarantine counts by reason: the ETL's reasons, then those withheld at ingest, each counted once per row", () => {
  const ingest = {
    rowsWithheld: [{ reason: 'ragged row' }, { reason: 'PII in a clinical column' }, { reason: 'ragged row' }],
  };
  const build = { etl: { counts: { quarantineReasons: { 'age out of range': 2, 'repeated id': 1 } } } };
  assert.deepEqual(quarantineReasonCounts(ingest, build), [
    { reason: 'age out of range', rows: 2 },
    { reason: 'repeated id', rows: 1 },
    { reason: 'withheld at ingest: ragged row', rows: 2 },
    { reason: 'withheld at ingest: PII in a clinical column', rows: 1 },
  ]);
  assert.deepEqual(
    build.etl.counts.quarantineReasons,
    { 'age out of range': 2, 'repeated id': 1 },
    'the ETL counts are not changed',
  );
  assert.deepEqual(quarantineReasonCounts({ rowsWithheld: [] }, { etl: { counts: { quarantineReasons: {} } } }), []);
});
