/**
 * Quarantine lines are the user's file's physical lines (issue 17 item 6), not those of the
 * PII-stripped raw copy: blank lines, rows withheld at ingest and quoted fields spanning lines
 * all make the two numberings differ. Every quarantine entry (withheld at ingest or rejected by
 * the ETL) is read back from the ORIGINAL file at its reported line and column, and every silver
 * row's lineage line points at its own record there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { buildSilverTable, quarantineEntries, writeQuarantine } from '../../shared/pipeline/etl/silver-job';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { ORIGINAL_HEADER, PII_HEADER } from '../raw-headers';

const row = (date: string, name: string, rest: string): string =>
  `${date},${name},(217) 555-0100,"1 Oak St, Salem, MA 01970",${rest}`;
const VALID = 'Female,67.0,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1';

/** [physical lines of the file, the markers (Full Name) of the rows that must be quarantined]. */
const PII_FILE = [
  PII_HEADER,
  row('2025-01-01', 'Good One', VALID),
  '',
  '2025-01-02,Good Multiline,(217) 555-0101,"1 Oak St',
  'Apt 2, Salem, MA 01970",Female,50.0,0,0,Yes,Private,Rural,90.1,,Unknown,0',
  '2025-01-03,Bad Age,(217) 555-0105,Nowhere,Female,140,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1',
  `${row('2025-01-04', 'Ragged Row', VALID)},`,
  '',
  '2025-01-05,Split Smoking,(217) 555-0102,Nowhere,Female,67.0,0,1,Yes,Private,Urban,228.69,36.6,"never',
  'smoked",1',
  '2025-01-06,Bad Gender,(217) 555-0103,Nowhere,Robot,67.0,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1',
  '2025-01-07,Shifted Address,(217) 555-0104,8464 Washington Pl, Albany NY 12240,67.0,0,1,Yes,Private,Urban,228.69,36.6,smokes,1',
  row('2025-01-08', 'Good Two', VALID),
];
const PII_BAD = {
  'Bad Age': 'Age',
  'Ragged Row': '(row)',
  'Split Smoking': 'Smoking Status',
  'Bad Gender': 'Gender',
  'Shifted Address': 'Gender',
};

/** The original variant, as Kaggle ships it: BOM, CRLF, no PII columns (the raw copy still gains lineage). */
const ORIGINAL_FILE = [
  '\uFEFF' + ORIGINAL_HEADER,
  '9046,Male,67,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1',
  '',
  '',
  '51676,Female,61,0,0,Yes,Self-employed,Rural,202.21,N/A,never smoked,1',
  '31112,Male,80,0,1,Yes,Private,Rural,105.92,32.5,never smoked',
  '60182,Female,49,0,0,Yes,Private,Urban,171.23,34.4,smokes,1',
  '',
  '1665,Robot,79,1,0,Yes,Self-employed,Rural,174.12,24,never smoked,1',
  '56669,Male,81,0,0,Yes,Private,Urban,186.21,29,formerly smoked,7',
];
const ORIGINAL_BAD = { '31112': '(row)', '1665': 'gender', '56669': 'stroke' };

interface Entry {
  line: number;
  column: string;
  position: number | null;
  value: string;
  reason: string;
}

async function runIngestAndEtl(lines: string[], eol: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-lines-'));
  try {
    const file = path.join(dir, 'input.csv');
    fs.writeFileSync(file, lines.join(eol) + eol);
    const store = new MemoryObjectStore();
    const raw = await ingestRawFile(store, file);
    const rawBody = (await store.get(raw.key)).body;
    const build = await buildSilverTable(rawBody, raw.key, { inputHeader: raw.inputHeader });
    const { keys } = await writeQuarantine(store, raw.inputSha256, quarantineEntries(raw, build));
    const stored: Entry[] = [];
    for (const key of keys) {
      const text = Buffer.from((await store.get(key)).body)
        .toString('utf8')
        .trimEnd();
      if (text !== '') stored.push(...text.split('\n').map((l) => JSON.parse(l) as Entry));
    }
    const { batches } = await collectEtl([rawBody], { fileName: raw.key });
    return { original: fs.readFileSync(file, 'utf8'), stored, batches, build };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks every entry against the original text, by plain string operations on its physical lines. */
function checkEntries(original: string, entries: Entry[], markers: Record<string, string>, markerField: number): void {
  const lines = original.split(/\r?\n/);
  const header = lines[0].replace(/^\uFEFF/, '').split(',');
  const found = new Set<string>();
  for (const entry of entries) {
    const text = lines[entry.line - 1];
    assert.ok(text !== undefined, `line ${entry.line} is past the end of the file`);
    const fields = text.split(',');
    const marker = Object.keys(markers).find((m) => fields[markerField] === m);
    assert.ok(
      marker !== undefined,
      `line ${entry.line} of the original is ${JSON.stringify(text)}, not a bad row (${entry.reason})`,
    );
    found.add(marker);
    assert.equal(entry.column, markers[marker], `line ${entry.line}`);
    if (entry.column === '(row)') {
      assert.equal(entry.position, null);
      continue;
    }
    assert.equal(
      header[(entry.position as number) - 1],
      entry.column,
      `line ${entry.line}: column position ${entry.position}`,
    );
    if (entry.value !== '') {
      // The value's first physical line is the field at that position (it may continue on the next line).
      assert.equal(
        fields[(entry.position as number) - 1].replace(/^"/, ''),
        entry.value.split('\n')[0],
        `line ${entry.line}`,
      );
    }
  }
  assert.deepEqual([...found].sort(), Object.keys(markers).sort());
  assert.equal(entries.length, Object.keys(markers).length);
}

test('pii variant: every quarantine line and column is read back from the original file', async () => {
  const { original, stored, batches, build } = await runIngestAndEtl(PII_FILE, '\n');
  checkEntries(original, stored, PII_BAD, 1);
  assert.deepEqual(
    stored.map((e) => e.line),
    [6, 7, 9, 11, 12],
  );
  // Silver rows: the lineage line is the line on which each row's record starts in the original.
  const lines = original.split('\n');
  const days = batches.flatMap((b) => Array.from(b.admission_date));
  const starts = batches.flatMap((b) => Array.from(b.source_line));
  assert.deepEqual(starts, [2, 4, 13]);
  starts.forEach((line, i) =>
    assert.ok(lines[line - 1].startsWith(new Date(days[i] * 86_400_000).toISOString().slice(0, 10)), `line ${line}`),
  );
  assert.equal(build.table.numRows + stored.length, 8);
});

test('original variant (BOM, CRLF, blank lines): every quarantine line and column is read back from the original file', async () => {
  const { original, stored, batches } = await runIngestAndEtl(ORIGINAL_FILE, '\r\n');
  checkEntries(original, stored, ORIGINAL_BAD, 0);
  assert.deepEqual(
    stored.map((e) => e.line),
    [6, 9, 10],
  );
  const lines = original.split('\r\n');
  const ids = batches.flatMap((b) => Array.from(b.id));
  const starts = batches.flatMap((b) => Array.from(b.source_line));
  assert.deepEqual(starts, [2, 5, 7]);
  starts.forEach((line, i) => assert.equal(lines[line - 1].replace(/^\uFEFF/, '').split(',')[0], String(ids[i])));
});

test('a raw copy left by an older run (no lineage column) is replaced, so its lines are not reused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'input-lines-'));
  try {
    const file = path.join(dir, 'input.csv');
    fs.writeFileSync(file, PII_FILE.join('\n') + '\n');
    const store = new MemoryObjectStore();
    const first = await ingestRawFile(store, file);
    const stale = Buffer.from(first.inputHeader.join(',') + '\n');
    await store.put(first.key, stale, { metadata: { ...(await store.get(first.key)).metadata } });
    const again = await ingestRawFile(store, file);
    assert.equal(again.alreadyIngested, false);
    assert.match(Buffer.from((await store.get(again.key)).body).toString('utf8'), /^source_line,/);
    const third = await ingestRawFile(store, file);
    assert.equal(third.alreadyIngested, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
