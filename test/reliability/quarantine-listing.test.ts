/**
 * Every quarantined row is listed, or the listing says how many are not: 15,000 rejected rows reach
 * the quarantine objects in full (in parts), an ETL that capped its detail has the shortfall in the
 * objects' metadata and in the report sentence, and a rerun leaves no stale part behind.
 * Oracle: the damaged lines as the test wrote them into the input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EtlSummary, runEtl } from '../../shared/pipeline/etl/run-etl';
import {
  buildSilverTable,
  describeQuarantineListing,
  QUARANTINE_PREFIX,
  writeQuarantine,
} from '../../shared/pipeline/etl/silver-job';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ORIGINAL_HEADER } from '../raw-headers';

const SHA = 'ab'.repeat(32);

/** `rows` data rows with distinct ids; every row whose index `bad` accepts has age 200. */
function input(rows: number, bad: (i: number) => boolean): { text: string; badLines: number[] } {
  const lines = [ORIGINAL_HEADER];
  const badLines: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (bad(i)) badLines.push(lines.length + 1);
    lines.push(`${i},Male,${bad(i) ? 200 : 67},0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1`);
  }
  return { text: lines.join('\n') + '\n', badLines };
}

async function listedLines(store: MemoryObjectStore): Promise<{ lines: number[]; metadata: Record<string, string>[] }> {
  const lines: number[] = [];
  const metadata: Record<string, string>[] = [];
  for (const object of await store.list(`${QUARANTINE_PREFIX}/`)) {
    const stored = await store.get(object.key);
    metadata.push(stored.metadata);
    const text = new TextDecoder().decode(stored.body);
    for (const line of text.split('\n').filter((l) => l !== ''))
      lines.push((JSON.parse(line) as { line: number }).line);
  }
  return { lines, metadata };
}

describe('quarantine listing', () => {
  test('15,000 quarantined rows are all listed, in parts of at most 10,000', async () => {
    const { text, badLines } = input(20_000, (i) => i % 4 !== 0);
    assert.equal(badLines.length, 15_000);
    const build = await buildSilverTable(new TextEncoder().encode(text), 'many-bad.csv');
    const { counts } = build.etl;
    assert.equal(counts.rowsRead, counts.rowsValid + counts.rowsQuarantined);
    assert.deepEqual(
      [build.table.numRows, counts.rowsQuarantined, build.etl.quarantineDetailOmitted],
      [5_000, 15_000, 0],
    );

    const store = new MemoryObjectStore();
    const written = await writeQuarantine(store, SHA, build.etl.quarantine);
    assert.deepEqual([written.rowsListed, written.rowsNotListed, written.keys.length], [15_000, 0, 2]);
    const { lines, metadata } = await listedLines(store);
    assert.deepEqual(lines, badLines, 'every rejected line, once, in file order');
    assert.deepEqual(
      metadata.map((m) => [m['row-count'], m['rows-quarantined'], m['rows-not-listed'], m.part]),
      [
        ['10000', '15000', '0', '1/2'],
        ['5000', '15000', '0', '2/2'],
      ],
    );
    assert.match(describeQuarantineListing(written), /^all 15000 quarantined rows are listed in 2 parts/);
  });

  test('an ETL that capped its detail: the objects and the sentence say how many rows are not listed', async () => {
    const { text } = input(2_000, (i) => i % 2 === 0);
    let summary: EtlSummary | undefined;
    for await (const event of runEtl(chunkedBytes(text), { fileName: 'capped.csv', maxQuarantineDetail: 300 })) {
      if (event.kind === 'summary') summary = event.summary;
    }
    assert.ok(summary !== undefined);
    assert.equal(summary.counts.rowsQuarantined, 1_000);
    const store = new MemoryObjectStore();
    const written = await writeQuarantine(store, SHA, summary.quarantine, {
      rowsNotListed: summary.quarantineDetailOmitted,
    });
    const { lines, metadata } = await listedLines(store);
    assert.equal(lines.length + Number(metadata[0]['rows-not-listed']), summary.counts.rowsQuarantined);
    assert.deepEqual([metadata[0]['rows-quarantined'], metadata[0]['rows-not-listed']], ['1000', '700']);
    assert.match(
      describeQuarantineListing(written),
      /^300 of 1000 quarantined rows are listed in .*; 700 are counted by reason only/,
    );
  });

  test('a rerun of the same input with fewer rejected rows removes the parts it no longer needs', async () => {
    const store = new MemoryObjectStore();
    const entry = (line: number) => ({
      line,
      column: 'age',
      position: 3,
      value: '200',
      reason: 'age is outside the accepted range 0..120',
    });
    await writeQuarantine(
      store,
      SHA,
      Array.from({ length: 25 }, (_, i) => entry(i + 2)),
      { partRows: 10 },
    );
    assert.equal((await store.list(`${QUARANTINE_PREFIX}/`)).length, 3);
    const again = await writeQuarantine(store, SHA, [entry(2)], { partRows: 10 });
    assert.deepEqual(
      (await store.list(`${QUARANTINE_PREFIX}/`)).map((o) => o.key),
      again.keys,
    );
    assert.deepEqual((await listedLines(store)).lines, [2]);
  });
});
