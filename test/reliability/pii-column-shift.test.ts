/**
 * Personal data pushed into a kept column by a column shift (issue 17 item 5): an unquoted
 * address with one comma plus a missing field keeps the header's field count, so the address's
 * tail lands under "Gender". Such a row, and any kept value with a PII shape (phone number,
 * street address, city/state/ZIP, e-mail), must be withheld before upload: no object in any
 * bucket (raw copy, quarantine) holds its values, the quarantine names the input line, the
 * column's position and name and the PII kind, and rows in = rows in silver + rows quarantined.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { buildSilverTable, quarantineEntries, writeQuarantine } from '../../shared/pipeline/etl/silver-job';
import { piiShapeOf } from '../../shared/pipeline/ingest/pii-shapes';
import { CATEGORIES, CategoryField, PII_COLUMNS } from '../../shared/pipeline/schema';
import { syntheticCsvChunks } from '../../shared/pipeline/data/synthetic-csv';
import { readCsvRecords } from '../../shared/core/csv/csv-reader';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { paths } from '../../shared/core/project/paths';
import { PII_HEADER } from '../raw-headers';

const GOOD =
  '2025-03-04,Ann Lee,(217) 555-0100,"1 Oak St, Salem, MA 01970",Female,67.0,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1';

/** Each damaged row with the fragments of personal data that must reach no bucket. */
const SHIFTED = [
  {
    // The case: "8464 Washington Pl, Albany NY 12240" unquoted, Gender missing.
    row: '2025-01-04,Lisa Lewis,+1-559-555-8815,8464 Washington Pl, Albany NY 12240,40.0,0,0,Yes,Private,Rural,61.55,27.5,never smoked,0',
    pii: ['Albany', '12240', 'Washington', '8815'],
    column: 'Gender',
    position: 5,
    kind: /city, state and ZIP/,
  },
  {
    // A name written "Last, First" unquoted, Smoking Status missing: the phone lands in Address
    // (dropped) and the whole address under Gender.
    row: '2025-06-14,Flores, Mia,(919) 555-6527,"2323 Sunset Pl, Columbus, OH 43283",Female,50.0,0,0,Yes,Private,Rural,74.34,32.5,0',
    pii: ['Sunset', 'Columbus', '43283', '6527'],
    column: 'Gender',
    position: 5,
    kind: /street address/,
  },
  {
    // The address split at two commas, two fields missing: " NY 12239" lands under Age.
    row: '2025-06-29,Betty Rodriguez,+1-208-555-3418,3111 Lake Ct, Albany, NY 12239,0,0,Yes,Private,Urban,84.87,26.4,smokes,0',
    pii: ['Albany', '12239', 'Lake Ct', '3418'],
    column: 'Age',
    position: 6,
    kind: /city, state and ZIP/,
  },
  {
    // The address split after the street, no shape in the tail: " Albany" is invalid for Gender and starts with a space.
    row: '2025-01-09,Lisa Lewis,+1-559-555-8816,8464 Washington Pl, Albany,40.0,0,0,Yes,Private,Rural,61.55,27.5,never smoked,0',
    pii: ['Albany', 'Washington', '8816'],
    column: 'Gender',
    position: 5,
    kind: /starts with a space and is not a valid gender: the row looks shifted/,
  },
  {
    // An e-mail address typed into Work Type.
    row: '2025-02-10,Kevin White,(559) 555-2299,"8552 Church Ct, Austin, TX 78753",Male,4.0,0,0,No,kevin.white@example.com,Urban,111.14,21.1,Unknown,0',
    pii: ['kevin.white', 'example.com'],
    column: 'Work Type',
    position: 10,
    kind: /e-mail/,
  },
  {
    // A phone number shifted under Residence Type.
    row: '2025-02-11,Kevin White,(559) 555-2299,"8552 Church Ct, Austin, TX 78753",Male,4.0,0,0,No,Private,+1 (559) 555-2298,111.14,21.1,Unknown,0',
    pii: ['2298'],
    column: 'Residence Type',
    position: 11,
    kind: /phone number/,
  },
];
/** Wrong field count: withheld by its line number only. */
const RAGGED = {
  row: '2025-01-05,Mary Smith,(217) 555-0199,12 Elm St, Springfield, IL 62704,Female,40.0,0,0,Yes,Private,Rural,61.55,27.5,never smoked,0',
  pii: ['Springfield', '62704', 'Elm St', '0199', 'Mary Smith'],
};

async function allObjectText(store: MemoryObjectStore): Promise<string> {
  const objects = await store.list('');
  const texts = await Promise.all(
    objects.map(async (o) => {
      const object = await store.get(o.key);
      return `${o.key}\n${JSON.stringify(object.metadata)}\n${Buffer.from(object.body).toString('utf8')}`;
    }),
  );
  return texts.join('\n');
}

test('shifted PII never reaches a bucket; the quarantine names line, column and kind, not the value', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-shift-'));
  try {
    const body = [GOOD, ...SHIFTED.map((s) => s.row), GOOD, RAGGED.row, GOOD];
    const file = path.join(dir, 'shifted.csv');
    fs.writeFileSync(file, [PII_HEADER, ...body].join('\n') + '\n');
    const store = new MemoryObjectStore();
    const raw = await ingestRawFile(store, file);
    const build = await buildSilverTable((await store.get(raw.key)).body, raw.key, { inputHeader: raw.inputHeader });
    const entries = quarantineEntries(raw, build);
    await writeQuarantine(store, raw.inputSha256, entries);

    const everything = await allObjectText(store);
    for (const fragment of [...SHIFTED.flatMap((s) => s.pii), ...RAGGED.pii]) {
      assert.ok(!everything.includes(fragment), `"${fragment}" reached a bucket`);
    }
    assert.equal(raw.rowsRead, body.length);
    assert.equal(build.table.numRows + entries.length, body.length, 'rows in = rows in silver + rows quarantined');
    assert.equal(build.table.numRows, 3);
    assert.equal(entries.length, SHIFTED.length + 1);

    SHIFTED.forEach((shifted, i) => {
      const line = i + 3; // header, GOOD, then the shifted rows
      const entry = entries.find((e) => e.line === line);
      assert.ok(entry !== undefined, `no quarantine entry for line ${line}`);
      assert.equal(entry.column, shifted.column);
      assert.equal(entry.position, shifted.position);
      assert.equal(entry.value, '');
      assert.match(entry.reason, shifted.kind);
      assert.match(entry.reason, new RegExp(`column ${shifted.position} "${shifted.column}"`));
    });
    const ragged = entries.find((e) => e.line === SHIFTED.length + 4);
    assert.deepEqual(ragged, {
      line: SHIFTED.length + 4,
      column: '(row)',
      position: null,
      value: '',
      reason: 'expected 15 fields, got 17',
    });
    assert.ok(
      raw.warnings.some((w) => /line 3: column 5 "Gender"/.test(w)),
      raw.warnings.join('\n'),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file written with ", " separators is not mistaken for shifted rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-shift-'));
  try {
    const file = path.join(dir, 'spaced.csv');
    const rows = [
      '9046, Male, 67, 0, 1, Yes, Private, Urban, 228.69, 36.6, formerly smoked, 1',
      '51676, Female, 61, 0, 0, Yes, Self-employed, Rural, 202.21, N/A, never smoked, 1',
    ];
    fs.writeFileSync(
      file,
      [
        'id, gender, age, hypertension, heart_disease, ever_married, work_type, Residence_type, avg_glucose_level, bmi, smoking_status, stroke',
        ...rows,
      ].join('\n') + '\n',
    );
    const store = new MemoryObjectStore();
    const raw = await ingestRawFile(store, file);
    assert.deepEqual(raw.rowsWithheld, []);
    const build = await buildSilverTable((await store.get(raw.key)).body, raw.key, { inputHeader: raw.inputHeader });
    assert.equal(build.table.numRows, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('realistic personal data is recognised', () => {
  const cases: [string, RegExp][] = [
    ['(919) 555-6527', /phone/],
    ['+1-559-555-8815', /phone/],
    ['559-555-8815', /phone/],
    ['559.555.8815', /phone/],
    ['+1 559 555 8815', /phone/],
    ['5595558815', /phone/],
    [' 555-6527', /phone/],
    ['+44 20 7946 0958', /phone/],
    ['tel. (212) 555 0100', /phone/],
    ['15595558815', /phone/],
    ['8464 Washington Pl', /street/],
    ['2323 Sunset Pl, Columbus, OH 43283', /street/],
    ['12 Elm Street', /street/],
    ['1600 Pennsylvania Avenue NW', /street/],
    ['Apt 12', /street/],
    ['PO Box 1234', /street/],
    ['77 Main St.', /street/],
    [' Albany NY 12240', /city/],
    ['Albany, NY 12240', /city/],
    [' NY 12239', /city/],
    ['Salem, MA 01970-1234', /city/],
    ['Portland OR 97201', /city/],
    ['ann@example.com', /e-mail/],
    [' kevin.white+x@mail.example.org ', /e-mail/],
  ];
  for (const [value, kind] of cases) {
    const shape = piiShapeOf(value);
    assert.ok(shape !== undefined, `${JSON.stringify(value)} not recognised`);
    assert.match(shape, kind, JSON.stringify(value));
  }
});

test('no legitimate value of the schema is taken for personal data', async () => {
  const legitimate = new Set<string>([
    '',
    'N/A',
    'NA',
    'Yes',
    'No',
    'yes',
    'NO',
    '0',
    '1',
    '228.69',
    '0.08',
    '67.0',
    '1e400',
    '-0',
    '2147483647',
    '72940',
    '12240',
    '2025-01-04',
    '2025-02-30',
  ]);
  for (const field of Object.keys(CATEGORIES) as CategoryField[]) {
    for (const value of CATEGORIES[field])
      for (const v of [value, value.toLowerCase(), value.toUpperCase(), ` ${value} `]) legitimate.add(v);
  }
  const kept = async (text: string): Promise<void> => {
    let header: string[] | undefined;
    for await (const record of readCsvRecords(chunkedBytes(text), { fileName: 'legit.csv' })) {
      if (header === undefined) {
        header = record.fields;
        continue;
      }
      record.fields.forEach((value, i) => {
        if (!PII_COLUMNS.pii.includes((header as string[])[i])) legitimate.add(value);
      });
    }
  };
  for (const name of ['stroke-pii-sample.csv', 'stroke-original-sample.csv'])
    await kept(fs.readFileSync(path.join(paths.data, name), 'utf8'));
  for (const variant of ['pii', 'original'] as const) {
    for (const seed of [1, 2, 3]) await kept([...syntheticCsvChunks({ variant, rows: 3000, seed })].join(''));
  }
  assert.ok(legitimate.size > 3000, `only ${legitimate.size} distinct values`);
  const taken = [...legitimate].filter((value) => piiShapeOf(value) !== undefined);
  assert.deepEqual(taken, []);
});
