/**
 * An input whose rows are all (or mostly) rejected must not replace a good silver table: publishing
 * is refused with the quarantine summary, the table stays on its version, and only an explicit
 * override publishes. Inputs are built in the test from the shipped PII sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { buildSilverTable, publishSilver, SilverPublishRefused } from '../../shared/pipeline/etl/silver-job';
import { SILVER_TABLE_PATH } from '../../shared/pipeline/table-paths';
import { readDeltaTable } from '../../shared/core/lake/delta';
import { paths } from '../../shared/core/project/paths';

const lines = fs.readFileSync(path.join(paths.data, 'stroke-pii-sample.csv'), 'utf8').trimEnd().split('\n');
const header = lines[0];
const rows = lines.slice(1, 201);

function workspace(): { dir: string; store: FsObjectStore; write: (name: string, body: string[]) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-guard-'));
  const write = (name: string, body: string[]): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, [header, ...body].join('\n') + '\n');
    return file;
  };
  return { dir, store: new FsObjectStore(path.join(dir, 'lake')), write };
}

async function ingestAndBuild(store: FsObjectStore, file: string) {
  const raw = await ingestRawFile(store, file);
  const build = await buildSilverTable((await store.get(raw.key)).body, raw.key);
  return { raw, build };
}

/** Gender is the fifth column of the PII variant; an unknown category is quarantined by the ETL. */
const badGender = (row: string): string => row.replace(/,(Male|Female|Other),/, ',Robot,');

test('an input whose every row is withheld is refused and the good table stays', async () => {
  const { dir, store, write } = workspace();
  try {
    const good = await ingestAndBuild(store, write('good.csv', rows));
    assert.equal((await publishSilver(store, good.build, good.raw)).version, 0);

    const trailing = await ingestAndBuild(
      store,
      write(
        'trailing-comma.csv',
        rows.map((r) => `${r},`),
      ),
    );
    assert.equal(trailing.raw.rowsWithheld.length, rows.length);
    await assert.rejects(publishSilver(store, trailing.build, trailing.raw), (error: unknown) => {
      assert.ok(error instanceof SilverPublishRefused, String(error));
      assert.match(error.message, /^trailing-comma\.csv: refusing to publish the silver table: 0 of 200 input rows/);
      assert.match(error.message, /the table would be empty/);
      assert.match(error.message, /200 × withheld at ingest/);
      assert.match(error.message, /override: true/);
      return true;
    });
    const current = await readDeltaTable(store, SILVER_TABLE_PATH);
    assert.deepEqual([current.version, current.table.numRows], [0, rows.length]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a mostly quarantined input is refused below the threshold, published at it or with override', async () => {
  const { dir, store, write } = workspace();
  try {
    const mostlyBad = rows.map((r, i) => (i % 10 < 7 ? badGender(r) : r));
    const built = await ingestAndBuild(store, write('mostly-bad.csv', mostlyBad));
    assert.equal(built.build.table.numRows, 60);
    await assert.rejects(publishSilver(store, built.build, built.raw), (error: unknown) => {
      assert.ok(error instanceof SilverPublishRefused, String(error));
      assert.match(error.message, /60 of 200 input rows passed \(30\.0%\), below minimumKeptFraction 0\.5/);
      assert.match(error.message, /140 × /);
      return true;
    });
    await assert.rejects(readDeltaTable(store, SILVER_TABLE_PATH), 'nothing was committed');
    const lenient = await publishSilver(store, built.build, built.raw, { minimumKeptFraction: 0.3, override: false });
    assert.equal(lenient.version, 0, 'exactly at the threshold publishes');
    const forced = await publishSilver(store, built.build, built.raw, { minimumKeptFraction: 0.9, override: true });
    assert.equal(forced.version, 1);
    await assert.rejects(
      publishSilver(store, built.build, built.raw, { minimumKeptFraction: 2, override: false }),
      RangeError,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
