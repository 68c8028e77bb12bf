/**
 * The S3 server goes away mid-run: the next step fails with a message naming the bucket, key and
 * endpoint and what to do; after a restart, re-running the same steps completes with the same
 * silver table a run without the outage produces. Runs against its own s3rver (port and folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createS3Client } from '../../shared/core/s3/client';
import { ensureLocalS3, stopLocalS3 } from '../../shared/core/s3/local-server';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { StoreUnreachableError } from '../../shared/core/storage/object-store';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { buildSilverTable, publishSilver } from '../../shared/pipeline/etl/silver-job';
import { SILVER_TABLE_PATH } from '../../shared/pipeline/table-paths';
import { readDeltaTable } from '../../shared/core/lake/delta';
import { diffTables } from '../../shared/core/lake/compare-tables';
import { paths } from '../../shared/core/project/paths';
import { privateS3 } from '../storage/private-s3';

const input = path.join(paths.data, 'stroke-pii-sample.csv');
const { config, dataDir } = privateS3(47000, 's3-outage-');
const client = createS3Client(config);
const store = (bucket: string) => new S3ObjectStore(client, bucket, '', false, config.s3Endpoint);
const raw = store(config.buckets.raw);
const silver = store(config.buckets.silver);

test('a stopped server fails the next step clearly, and a re-run after restart gives the same table', async () => {
  const ingested = await ingestRawFile(raw, input);
  const expected = await buildSilverTable((await raw.get(ingested.key)).body, ingested.key);

  await stopLocalS3(config, dataDir);
  await assert.rejects(raw.get(ingested.key), (error: unknown) => {
    assert.ok(error instanceof StoreUnreachableError, String(error));
    assert.match(error.message, new RegExp(`s3://raw-data/${ingested.key.replace(/[.]/g, '\\.')}`));
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${config.embeddedS3Port}`));
    assert.match(error.message, /unreachable/);
    assert.match(error.message, /npm run s3/);
    return true;
  });
  await assert.rejects(publishSilver(silver, expected, ingested), (error: unknown) => {
    assert.ok(error instanceof StoreUnreachableError, String(error));
    assert.match(error.message, /s3:\/\/silver-data\/stroke\//);
    return true;
  });

  await ensureLocalS3(config, dataDir);
  const again = await ingestRawFile(raw, input);
  assert.equal(again.alreadyIngested, true, 'the raw object survived the restart and is not uploaded twice');
  const rebuilt = await buildSilverTable((await raw.get(again.key)).body, again.key);
  await publishSilver(silver, rebuilt, again);
  const readBack = await readDeltaTable(silver, SILVER_TABLE_PATH);
  assert.equal(readBack.version, 0, 'the failed commit left no version behind');
  const diff = diffTables(expected.table, readBack.table);
  assert.ok(diff.equal, JSON.stringify(diff));
});
