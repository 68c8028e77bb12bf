import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticCsv, syntheticCsvChunks } from '../../shared/pipeline/data/synthetic-csv';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import { chunkedBytes } from '../../shared/core/csv/byte-source';
import { readCsvRecordBatches } from '../../shared/core/csv/csv-reader';
import { assertClose } from '../assert-close';

// Oracle: the published facts of the real 5,110-row dataset (see the task brief / README).
const ROWS = 5110;

function merge(batches: SilverBatch[]): SilverBatch {
  assert.equal(batches.length, 1);
  return batches[0];
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

function sd(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / xs.length);
}

function share(values: readonly string[], value: string): number {
  return values.filter((v) => v === value).length / values.length;
}

describe('synthetic original variant at 5,110 rows matches the dataset facts', async () => {
  const text = syntheticCsv({ variant: 'original', rows: ROWS, seed: 1234 });
  const { batches, summary } = await collectEtl(chunkedBytes(text), { fileName: 'synthetic.csv' });
  const b = merge(batches);

  test('file format: BOM, CRLF everywhere, N/A for missing bmi, unique ids', () => {
    assert.ok(text.startsWith('\uFEFFid,gender,age,'));
    assert.equal(text.split('\r\n').length - 1, ROWS + 1);
    assert.equal(text.split('\n').length - 1, ROWS + 1);
    let missing = 0;
    for (let i = 0; i < b.length; i++) missing += 1 - b.present.bmi[i];
    assert.equal(text.split(',N/A,').length - 1, missing);
    assert.equal(new Set(b.id).size, ROWS);
    assert.equal(summary.counts.rowsValid, ROWS);
  });

  test('marginals of numeric columns', () => {
    assertClose(mean(b.age), 43.2, { absolute: 1.5 }, 'age mean');
    assertClose(sd(b.age), 22.6, { absolute: 1.5 }, 'age sd');
    assert.ok(Math.min(...b.age) >= 0.08 && Math.max(...b.age) === 82);
    assertClose(mean(b.avg_glucose_level), 106.1, { absolute: 4 }, 'glucose mean');
    assertClose(sd(b.avg_glucose_level), 45.3, { absolute: 4 }, 'glucose sd');
    assert.ok(Math.min(...b.avg_glucose_level) >= 55.12 && Math.max(...b.avg_glucose_level) <= 271.74);
    const bmi = b.bmi.filter((_, i) => b.present.bmi[i] === 1);
    assertClose(mean(bmi), 28.9, { absolute: 1 }, 'bmi mean');
    assertClose(sd(bmi), 7.85, { absolute: 1 }, 'bmi sd');
    assert.ok(Math.min(...bmi) >= 10.3 && Math.max(...bmi) <= 97.6);
    assertClose(1 - bmi.length / ROWS, 201 / 5110, { absolute: 0.01 }, 'missing bmi share');
  });

  test('marginals of flags and categories', () => {
    assertClose(mean(b.stroke), 249 / 5110, { absolute: 0.012 }, 'stroke rate');
    assertClose(mean(b.hypertension), 0.097, { absolute: 0.015 }, 'hypertension');
    assertClose(mean(b.heart_disease), 0.054, { absolute: 0.015 }, 'heart disease');
    assertClose(mean(b.ever_married), 3353 / 5110, { absolute: 0.03 }, 'ever married');
    assertClose(share(b.gender, 'Female'), 2994 / 5110, { absolute: 0.025 }, 'female');
    assertClose(share(b.residence_type, 'Urban'), 2596 / 5110, { absolute: 0.03 }, 'urban');
    const work = { Private: 2925, 'Self-employed': 819, children: 687, Govt_job: 657, Never_worked: 22 };
    for (const [k, n] of Object.entries(work)) assertClose(share(b.work_type, k), n / 5110, { absolute: 0.025 }, `work_type ${k}`);
    const smoking = { 'never smoked': 1892, Unknown: 1544, 'formerly smoked': 885, smokes: 789 };
    for (const [k, n] of Object.entries(smoking)) assertClose(share(b.smoking_status, k), n / 5110, { absolute: 0.025 }, `smoking ${k}`);
  });

  test('correlations: children, infants, bimodal glucose, bmi by age', () => {
    const kids = b.work_type.map((w, i) => (w === 'children' ? i : -1)).filter((i) => i >= 0);
    assert.ok(kids.every((i) => b.age[i] < 16 && b.ever_married[i] === 0));
    assert.ok(kids.filter((i) => b.smoking_status[i] === 'Unknown').length / kids.length > 0.7);
    const infants = Array.from(b.age).filter((a) => a < 2 && !Number.isInteger(a));
    const hundredthsOfYear = (a: number) => Math.round((a - Math.floor(a)) * 100);
    assert.ok(infants.length > 20);
    assert.ok(infants.every((a) => hundredthsOfYear(a) % 8 === 0 && hundredthsOfYear(a) <= 88), 'infant ages are whole years + k × 0.08');
    const diabetic = Array.from(b.avg_glucose_level).filter((g) => g > 180).length / ROWS;
    assert.ok(diabetic > 0.07 && diabetic < 0.16, `share of glucose > 180: ${diabetic}`);
    const valley = Array.from(b.avg_glucose_level).filter((g) => g > 150 && g < 170).length;
    const peak = Array.from(b.avg_glucose_level).filter((g) => g > 200 && g < 220).length;
    assert.ok(peak > valley, `diabetic mode (${peak}) should exceed the valley (${valley})`);
    const bmiOf = (lo: number, hi: number) => mean(b.bmi.filter((_, i) => b.present.bmi[i] === 1 && b.age[i] >= lo && b.age[i] < hi));
    assert.ok(bmiOf(0, 10) + 8 < bmiOf(30, 83));
    const marriedOf = (lo: number, hi: number) => mean(b.ever_married.filter((_, i) => b.age[i] >= lo && b.age[i] < hi));
    assert.ok(marriedOf(18, 25) < 0.4 && marriedOf(40, 83) > 0.8);
  });

  test('stroke rate rises steeply with age and with hypertension', () => {
    const rate = (keep: (i: number) => boolean) => {
      const idx = Array.from(b.stroke.keys()).filter(keep);
      return mean(idx.map((i) => b.stroke[i]));
    };
    const young = rate((i) => b.age[i] < 40);
    const middle = rate((i) => b.age[i] >= 40 && b.age[i] < 60);
    const old = rate((i) => b.age[i] >= 60);
    assert.ok(young < middle && middle < old, `${young} ${middle} ${old}`);
    assert.ok(old > 3 * middle && young < 0.01);
    assert.ok(rate((i) => b.hypertension[i] === 1) > rate((i) => b.hypertension[i] === 0));
  });
});

describe('synthetic pii variant', async () => {
  const text = syntheticCsv({ variant: 'pii', rows: 5109, seed: 99 });
  const { batches, summary } = await collectEtl(chunkedBytes(text), { fileName: 'pii.csv' });
  const b = merge(batches);

  test('dates cover 2025-01-01..2025-06-29, about 850 a month', () => {
    assert.equal(summary.counts.rowsValid, 5109);
    const days = Array.from(b.admission_date);
    assert.equal(Math.min(...days), Date.UTC(2025, 0, 1) / 86_400_000);
    assert.equal(Math.max(...days), Date.UTC(2025, 5, 29) / 86_400_000);
    const months: Record<string, number> = {};
    for (const m of b.admission_year_month) months[String(m)] = (months[String(m)] ?? 0) + 1;
    assert.deepEqual(Object.keys(months).sort(), ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    for (const n of Object.values(months)) assert.ok(n > 700 && n < 1000, `month count ${n}`);
  });

  test('format: no BOM, LF, ages like 67.0, quoted addresses with commas, no Other gender', async () => {
    assert.ok(text.startsWith('Admission Date,Full Name,Phone Number,Address,Gender,Age,'));
    assert.ok(!text.includes('\r'));
    assert.ok(!b.gender.includes('Other'));
    let quotedAddresses = 0;
    for await (const batch of readCsvRecordBatches(chunkedBytes(text), { fileName: 'pii.csv' })) {
      for (const r of batch.slice(r0(batch))) {
        assert.match(r.fields[5], /^\d+\.\d+$/);
        assert.match(r.fields[2], /^(\(\d{3}\) |\+1-\d{3}-)555-\d{4}$/);
        assert.match(r.fields[1], /^[A-Z][a-z]+( [A-Z]\.)? [A-Z][A-Za-z']+$/);
        if (r.fields[3].includes(',')) quotedAddresses++;
      }
    }
    assert.equal(quotedAddresses, 5109);
    assert.equal(text.split(',"').length - 1 >= 5109, true);
  });
});

function r0(batch: { line: number }[]): number {
  return batch.length > 0 && batch[0].line === 1 ? 1 : 0;
}

describe('determinism', () => {
  test('same seed gives identical bytes; a different seed differs; chunking does not matter', () => {
    const a = syntheticCsv({ variant: 'pii', rows: 500, seed: 7 });
    assert.equal(syntheticCsv({ variant: 'pii', rows: 500, seed: 7 }), a);
    assert.notEqual(syntheticCsv({ variant: 'pii', rows: 500, seed: 8 }), a);
    assert.equal([...syntheticCsvChunks({ variant: 'pii', rows: 500, seed: 7 }, 3)].join(''), a);
    assert.equal([...syntheticCsvChunks({ variant: 'original', rows: 300, seed: 7 }, 7)].join(''), syntheticCsv({ variant: 'original', rows: 300, seed: 7 }));
  });

  test('bad options are rejected with a clear message', () => {
    assert.throws(() => syntheticCsv({ variant: 'pii', rows: -1, seed: 1 }), /rows must be a non-negative integer, got -1/);
    assert.throws(() => syntheticCsv({ variant: 'x' as 'pii', rows: 1, seed: 1 }), /variant must be 'original' or 'pii', got x/);
  });
});
