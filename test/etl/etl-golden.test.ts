import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectEtl } from '../../shared/pipeline/etl/run-etl';
import { tableFromBatches } from '../../shared/pipeline/etl/silver-arrow';
import { SilverBatch } from '../../shared/pipeline/etl/transform';
import { chunkedBytes } from '../../shared/core/csv/byte-source';

// Oracle: pandas read_csv of the same sample files (scripts/fixtures/make_etl_golden.py).
interface NumericGolden {
  sum: number;
  min: number;
  max: number;
  nulls: number;
}
type Golden = Record<'original' | 'pii', Record<string, Record<string, number | string> | number>>;
const golden = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'etl', 'samples-golden.json'), 'utf8'),
) as Golden;
const DATA = join(__dirname, '..', '..', 'data');

function numericSummary(batches: SilverBatch[], column: 'age' | 'avg_glucose_level' | 'bmi'): NumericGolden {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let nulls = 0;
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      if (column === 'bmi' && b.present.bmi[i] === 0) {
        nulls++;
        continue;
      }
      const v = b[column][i];
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return { sum, min, max, nulls };
}

function counts(
  batches: SilverBatch[],
  column: 'gender' | 'work_type' | 'residence_type' | 'smoking_status' | 'admission_year_month',
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of batches)
    for (let i = 0; i < b.length; i++) {
      const v = b[column][i];
      if (v !== null) out[v] = (out[v] ?? 0) + 1;
    }
  return out;
}

function intSum(
  batches: SilverBatch[],
  column: 'hypertension' | 'heart_disease' | 'stroke' | 'ever_married' | 'id' | 'admission_date',
): number {
  let sum = 0;
  for (const b of batches) for (let i = 0; i < b.length; i++) sum += b[column][i];
  return sum;
}

for (const variant of ['original', 'pii'] as const) {
  describe(`ETL of the ${variant} sample matches pandas`, async () => {
    const file = join(DATA, `stroke-${variant}-sample.csv`);
    const { batches, summary } = await collectEtl(chunkedBytes(readFileSync(file), 10_000), {
      fileName: file,
      batchSize: 2000,
    });
    const g = golden[variant];

    test('row counts, no quarantine, batches of the requested size', () => {
      assert.equal(summary.variant, variant);
      assert.equal(summary.counts.rowsRead, g.rows);
      assert.equal(summary.counts.rowsValid, g.rows);
      assert.equal(summary.counts.rowsQuarantined, 0);
      assert.deepEqual(batches.map((b) => b.length).slice(0, 2), [2000, 2000]);
      assert.equal(summary.batches, Math.ceil((g.rows as number) / 2000));
    });

    test('numeric columns: sums, extremes and null counts', () => {
      for (const column of ['age', 'avg_glucose_level', 'bmi'] as const) {
        const ours = numericSummary(batches, column);
        const theirs = g[column] as Record<string, number>;
        assert.ok(
          Math.abs(ours.sum - theirs.sum) < 1e-6 * Math.abs(theirs.sum),
          `${column} sum ${ours.sum} vs ${theirs.sum}`,
        );
        assert.equal(ours.min, theirs.min, `${column} min`);
        assert.equal(ours.max, theirs.max, `${column} max`);
        assert.equal(ours.nulls, theirs.nulls, `${column} nulls`);
      }
    });

    test('flags and categories', () => {
      for (const column of ['hypertension', 'heart_disease', 'stroke', 'ever_married'] as const) {
        assert.equal(intSum(batches, column), (g[column] as Record<string, number>).sum, column);
      }
      for (const column of ['gender', 'work_type', 'residence_type', 'smoking_status'] as const) {
        assert.deepEqual(counts(batches, column), g[column], column);
      }
    });

    test('variant-specific columns', () => {
      if (variant === 'original') {
        assert.equal(intSum(batches, 'id'), (g.id as Record<string, number>).sum);
        assert.ok(batches.every((b) => b.present.admission_date.every((p) => p === 0)));
        assert.ok(batches.every((b) => b.admission_year_month.every((v) => v === null)));
      } else {
        assert.deepEqual(counts(batches, 'admission_year_month'), g.admission_year_month);
        assert.equal(intSum(batches, 'admission_date'), (g.admission_date as Record<string, number>).sum_days);
        assert.ok(batches.every((b) => b.present.id.every((p) => p === 0)));
      }
    });

    test('the Arrow table carries the same values and nulls', () => {
      const table = tableFromBatches(batches);
      assert.equal(table.numRows, g.rows);
      assert.equal(table.getChild('bmi')?.nullCount, (g.bmi as Record<string, number>).nulls);
      assert.equal(String(table.schema.fields.find((f) => f.name === 'admission_date')?.type), 'Date32<DAY>');
      assert.equal(String(table.schema.fields.find((f) => f.name === 'hypertension')?.type), 'Int32');
      let strokes = 0;
      for (const v of table.getChild('stroke') ?? []) strokes += Number(v);
      assert.equal(strokes, (g.stroke as Record<string, number>).sum);
      const genders: Record<string, number> = {};
      for (const v of table.getChild('gender') ?? []) genders[String(v)] = (genders[String(v)] ?? 0) + 1;
      assert.deepEqual(genders, g.gender);
      if (variant === 'pii') {
        const minMs = Math.min(...Array.from(table.getChild('admission_date') ?? [], Number));
        assert.equal(new Date(minMs).toISOString().slice(0, 10), (g.admission_date as Record<string, string>).min);
      } else {
        assert.equal(table.getChild('admission_date')?.nullCount, g.rows);
        assert.equal(table.getChild('id')?.nullCount, 0);
      }
    });
  });
}
