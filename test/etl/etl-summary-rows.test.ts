/**
 * The rows notebook 01 shows after the ETL and the quarantine write, built from a real run of the
 * ETL on a small input whose lines say what must be counted: one repeated id, one age out of range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSilverTable, etlCountsRow, quarantineListingRow } from '../../shared/pipeline/etl/silver-job';
import { ORIGINAL_HEADER } from '../raw-headers';

const lines = [
  ORIGINAL_HEADER,
  '1,Male,67,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1',
  '2,Female,61,0,0,Yes,Self-employed,Rural,202.21,N/A,never smoked,1',
  '1,Male,80,0,1,Yes,Private,Rural,105.92,32.5,never smoked,1',
  '3,Female,-4,0,0,No,children,Urban,85.00,20.1,Unknown,0',
  '4,Male,49,0,0,Yes,Private,Urban,171.23,34.4,smokes,0',
];

test('the ETL counts row: read, valid, quarantined with the repeated ids among them, withheld at ingest', async () => {
  const build = await buildSilverTable(new TextEncoder().encode(lines.join('\n') + '\n'), 'small.csv');
  const withheld = { rowsWithheld: [{ line: 9, reason: 'ragged row' }] };
  assert.deepEqual(etlCountsRow(build, withheld), {
    variant: 'original',
    'rows read': 5,
    valid: 3,
    quarantined: 2,
    'of which repeated ids': 1,
    'withheld at ingest': 1,
  });
});

test('the quarantine listing row keeps the independent count, so a gap between it and the objects shows', () => {
  const write = {
    keys: ['q/a.part-0001-of-0002.jsonl', 'q/a.part-0002-of-0002.jsonl'],
    rowsListed: 7,
    rowsNotListed: 2,
  };
  assert.deepEqual(
    quarantineListingRow(write, 10, (key) => `s3://raw/${key}`),
    {
      'rows quarantined': 10,
      listed: 7,
      'counted, not listed': 2,
      objects: 's3://raw/q/a.part-0001-of-0002.jsonl\ns3://raw/q/a.part-0002-of-0002.jsonl',
    },
  );
  assert.equal(quarantineListingRow({ keys: [], rowsListed: 0, rowsNotListed: 0 }, 0).objects, '');
});
