/**
 * The silver Arrow table writes its Utf8 columns directly (offsets + bytes). Oracle: apache-arrow's
 * own builder (vectorFromArray) on the same strings: same values, nulls and buffers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Utf8, Vector, vectorFromArray } from 'apache-arrow';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { tableFromBatches } from '../../shared/pipeline/etl/silver-arrow';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { PII_HEADER } from '../raw-headers';

const ROWS = [
  '2025-03-04,Ann Lee,(217) 555-0100,"1 Oak St, Salem",Female,54.0,1,0,Yes,Self-employed,Rural,105.92,,never smoked,0',
  '2024-12-31,Bo,555,"2 Elm",male,3,0,0,No,children,Urban,87.09,15.2,Unknown,0',
  '2025-01-01,Cy,555,"3 Ash",Other,80,1,1,Yes,Private,Urban,228.69,36.6,smokes,1',
];

function assertSameUtf8(ours: Vector | null, strings: readonly (string | null)[], what: string): void {
  assert.ok(ours !== null, `${what}: column exists`);
  const reference = vectorFromArray(strings, new Utf8());
  assert.deepEqual([...ours], [...reference], `${what}: values`);
  assert.equal(ours.nullCount, reference.nullCount, `${what}: null count`);
  const [a, b] = [ours.data[0], reference.data[0]];
  // arrow's builder leaves spare capacity at the end of its buffers; compare the used part.
  assert.deepEqual(
    Array.from(a.valueOffsets),
    Array.from(b.valueOffsets.subarray(0, b.length + 1)),
    `${what}: offsets`,
  );
  assert.deepEqual(Array.from(a.values), Array.from(b.values.subarray(0, b.valueOffsets[b.length])), `${what}: bytes`);
}

async function silverBatch(): Promise<SilverBatch> {
  const { batches } = await collectEtl(chunkedBytes(`${PII_HEADER}\n${ROWS.join('\n')}\n`), { fileName: 'a.csv' });
  assert.equal(batches.length, 1);
  return batches[0];
}

test('category and year-month columns equal what arrow builds from the same strings', async () => {
  const batch = await silverBatch();
  const table = tableFromBatches([batch]);
  for (const name of ['gender', 'work_type', 'residence_type', 'smoking_status', 'admission_year_month'] as const) {
    assertSameUtf8(table.getChild(name), batch[name], name);
  }
  assert.deepEqual([...(table.getChild('admission_year_month') ?? [])], ['2025-03', '2024-12', '2025-01']);
});

test('non-ASCII strings, repeats and nulls', async () => {
  const batch = await silverBatch();
  const strings = ['Zoë', null, '日本語', 'Zoë', '😀 x'];
  const wide: SilverBatch = {
    ...batch,
    length: strings.length,
    admission_year_month: strings,
    gender: strings.map((s) => s ?? ''),
  };
  for (const key of ['age', 'avg_glucose_level', 'bmi'] as const) wide[key] = new Float64Array(strings.length);
  for (const key of [
    'source_line',
    'id',
    'admission_date',
    'hypertension',
    'heart_disease',
    'ever_married',
    'stroke',
  ] as const)
    wide[key] = new Int32Array(strings.length);
  for (const key of ['work_type', 'residence_type', 'smoking_status'] as const) wide[key] = strings.map(() => 'x');
  wide.present = {
    id: new Uint8Array(strings.length),
    admission_date: new Uint8Array(strings.length),
    bmi: new Uint8Array(strings.length),
  };
  const table = tableFromBatches([wide]);
  assertSameUtf8(table.getChild('admission_year_month'), strings, 'admission_year_month');
  assertSameUtf8(table.getChild('gender'), wide.gender, 'gender');
});
