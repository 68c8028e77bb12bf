/**
 * Delta vacuum: removes the data files of a failed commit (and, past the retention period, files
 * the log removed), never a file of the latest version, of a version current within retention, or
 * a file younger than retention; a dry run deletes nothing. Tables are written by our writer with a
 * crash before the commit, and copies of the Spark-written fixtures (the originals are read-only).
 * Oracles: the keys the crashed write put, the fixtures' README (active files, ids) and the log's
 * text, and the reader's result before the vacuum.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Table } from 'apache-arrow';
import { diffTables } from '../../shared/core/lake/compare-tables';
import { readDeltaTable, vacuumDeltaTable, writeDeltaTable } from '../../shared/core/lake/delta';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { PutOptions } from '../../shared/core/storage/object-store';
import { ForwardingStore } from '../storage/forwarding-store';
import { sampleRows, toArrow } from '../lake/sample-data';

const projectRoot = path.resolve(__dirname, '..', '..');
const fixtures = path.resolve(projectRoot, '../shared/fixtures/delta');
const skip = fs.existsSync(fixtures)
  ? false
  : `Delta fixtures folder ${fixtures} is absent (only present next to the project in the shared workspace)`;
const DAY = 86_400_000;
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-vacuum-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A folder store whose commit writes can be made to crash, recording every key put meanwhile. */
class CrashingStore extends ForwardingStore {
  get supportsConditionalPut(): boolean {
    return false;
  }
  crashCommits = false;
  readonly putDuringCrash: string[] = [];
  constructor(readonly root: string) {
    super(new FsObjectStore(root));
  }
  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    if (this.crashCommits && key.includes('_delta_log/')) throw new Error(`simulated crash before ${key}`);
    if (this.crashCommits) this.putDuringCrash.push(key);
    return this.inner.put(key, body, { ...options, ifNoneMatch: false });
  }
}

/** Every regular file under `dir`, relative, sorted; its data files' mtimes set `ageDays` back. */
function files(dir: string, ageDays?: number): string[] {
  const found = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(dir, f)).isFile(),
  );
  if (ageDays !== undefined) {
    const when = new Date(Date.now() - ageDays * DAY);
    for (const f of found) fs.utimesSync(path.join(dir, f), when, when);
  }
  return found.sort();
}

function copyFixture(name: string): string {
  const target = path.join(temp, `${name}-${Math.random().toString(36).slice(2)}`);
  fs.cpSync(path.join(fixtures, name), path.join(target, name), { recursive: true });
  fs.chmodSync(target, 0o755);
  for (const f of fs.readdirSync(target, { recursive: true }) as string[]) fs.chmodSync(path.join(target, f), 0o755);
  return target;
}

function sameTable(before: Table, afterwards: Table): void {
  const diff = diffTables(before, afterwards);
  assert.ok(
    diff.equal,
    `table changed: ${JSON.stringify(diff.onlyExpected.slice(0, 1))} / ${JSON.stringify(diff.onlyActual.slice(0, 1))}`,
  );
}

describe('Delta vacuum', () => {
  test('our writer, a crashed commit: the orphans go, the table and its time travel read the same', async () => {
    const store = new CrashingStore(path.join(temp, 'ours'));
    await writeDeltaTable(store, 't', toArrow(sampleRows(30, 1, 0)), {
      mode: 'overwrite',
      partitionBy: ['admission_year_month'],
    });
    await writeDeltaTable(store, 't', toArrow(sampleRows(20, 2, 100)), {
      mode: 'overwrite',
      partitionBy: ['admission_year_month'],
    });
    store.crashCommits = true;
    await assert.rejects(
      writeDeltaTable(store, 't', toArrow(sampleRows(10, 3, 200)), { mode: 'append' }),
      /simulated crash/,
    );
    store.crashCommits = false;
    const orphans = store.putDuringCrash.filter((key) => key.endsWith('.parquet')).sort();
    assert.ok(orphans.length > 0);
    const latest = (await readDeltaTable(store, 't')).table;
    const version0 = (await readDeltaTable(store, 't', { version: 0 })).table;

    const young = await vacuumDeltaTable(store, 't');
    assert.deepEqual(
      [young.files, young.kept.youngerThanRetention],
      [[], orphans.length],
      'files younger than 7 days stay',
    );

    const everything = files(path.join(store.root, 't'), 30);
    const dry = await vacuumDeltaTable(store, 't', { dryRun: true });
    assert.deepEqual(
      dry.files.map((f) => [f.key, f.why]),
      orphans.map((key) => [key, 'orphan']),
    );
    assert.deepEqual(files(path.join(store.root, 't')), everything, 'a dry run deletes nothing');

    const done = await vacuumDeltaTable(store, 't');
    assert.deepEqual(
      done.files.map((f) => f.key),
      orphans,
    );
    assert.ok(done.kept.removedWithinRetention > 0, "version 0's files were removed minutes ago: kept for time travel");
    assert.deepEqual(
      files(path.join(store.root, 't')),
      everything.filter((f) => !orphans.includes(`t/${f}`)),
    );
    sameTable(latest, (await readDeltaTable(store, 't')).table);
    sameTable(version0, (await readDeltaTable(store, 't', { version: 0 })).table);
    assert.deepEqual((await vacuumDeltaTable(store, 't')).files, [], 'a second vacuum finds nothing');
  });

  test('retention is a parameter; below 7 days it needs allowShortRetention, and it then removes expired removed files too', async () => {
    const store = new CrashingStore(path.join(temp, 'short'));
    await writeDeltaTable(store, 't', toArrow(sampleRows(12, 4, 0)), { mode: 'overwrite' });
    await writeDeltaTable(store, 't', toArrow(sampleRows(8, 5, 50)), { mode: 'overwrite' });
    const latest = (await readDeltaTable(store, 't')).table;
    await assert.rejects(
      vacuumDeltaTable(store, 't', { retentionHours: 1 }),
      /below the default 168 h.*allowShortRetention/,
    );
    await assert.rejects(vacuumDeltaTable(store, 't', { retentionHours: -1, allowShortRetention: true }), RangeError);
    // Two days on, with 1 hour of retention: version 0's files were removed long enough ago.
    files(path.join(store.root, 't'), 2);
    const result = await vacuumDeltaTable(store, 't', {
      retentionHours: 1,
      allowShortRetention: true,
      now: Date.now() + 2 * DAY,
    });
    assert.ok(result.files.length > 0 && result.files.every((f) => f.why === 'removed'));
    sameTable(latest, (await readDeltaTable(store, 't')).table);
    const left = files(path.join(store.root, 't')).filter((f) => f.endsWith('.parquet'));
    assert.deepEqual(
      left.map((f) => `t/${f}`),
      (await readDeltaTable(store, 't')).files.map((f) => `t/${f.path}`).sort(),
    );
  });

  test(
    'Spark simple_table (copy): orphans and files removed before the cutoff go, the 5 active files and ids 5,7,9 stay',
    { skip },
    async () => {
      const root = copyFixture('simple_table');
      const folder = path.join(root, 'simple_table');
      const store = new FsObjectStore(root);
      const before = await readDeltaTable(store, 'simple_table');
      const logText = fs
        .readdirSync(path.join(folder, '_delta_log'))
        .map((f) => fs.readFileSync(path.join(folder, '_delta_log', f), 'utf8'))
        .join('\n');
      const named = new Set(Array.from(logText.matchAll(/"path":"([^"]+)"/g), (m) => m[1]));
      const unnamed = files(folder, 30).filter((f) => f.endsWith('.parquet') && !named.has(f));

      const dry = await vacuumDeltaTable(store, 'simple_table', { dryRun: true });
      assert.deepEqual(
        dry.files.filter((f) => f.why === 'orphan').map((f) => f.key),
        unnamed.map((f) => `simple_table/${f}`),
      );
      const done = await vacuumDeltaTable(store, 'simple_table');
      assert.deepEqual(done.files, dry.files);
      assert.equal(
        files(folder).filter((f) => f.endsWith('.parquet')).length,
        5,
        "the fixture README's 5 active files of version 4",
      );
      assert.ok(
        files(folder).includes(path.join('_delta_log', '00000000000000000000.json')),
        'the log is never touched',
      );
      const afterwards = await readDeltaTable(store, 'simple_table');
      sameTable(before.table, afterwards.table);
      assert.deepEqual(
        Array.from(afterwards.table.getChild('id')?.toArray() as BigInt64Array, Number).sort((a, b) => a - b),
        [5, 7, 9],
      );
    },
  );

  test(
    'Spark tables with a checkpoint or partitions (copies): nothing the latest version reads is deleted',
    { skip },
    async () => {
      for (const [name, active] of [
        ['simple_table_with_checkpoint', 11],
        ['delta-0.8.0-partitioned', 6],
      ] as const) {
        const root = copyFixture(name);
        const store = new FsObjectStore(root);
        const before = await readDeltaTable(store, name);
        files(path.join(root, name), 30);
        await vacuumDeltaTable(store, name);
        assert.equal(
          files(path.join(root, name)).filter((f) => f.endsWith('.parquet') && !f.startsWith('_delta_log')).length,
          active,
          name,
        );
        sameTable(before.table, (await readDeltaTable(store, name)).table);
      }
    },
  );
});
