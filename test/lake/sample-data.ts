/**
 * Deterministic mixed-type patient rows for lake tests, kept as plain JS values (the oracle) and
 * converted to Arrow for writing; plus the conversion of read-back Arrow rows to the same shape.
 */
import {
  Bool,
  DateDay,
  Float32,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMicrosecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { Random } from '../../shared/core/util/random';

export interface SampleRow {
  id: bigint;
  admission_year_month: string | null;
  age: number | null;
  bmi: number | null;
  hypertension: number;
  smoker: boolean | null;
  admitted_on: number | null; // epoch ms at midnight UTC
  recorded_at: number | null; // epoch ms
  note: string | null;
}

export const SAMPLE_COLUMNS = [
  'id',
  'admission_year_month',
  'age',
  'bmi',
  'hypertension',
  'smoker',
  'admitted_on',
  'recorded_at',
  'note',
] as const;

export function sampleRows(count: number, seed: number, firstId = 0): SampleRow[] {
  const random = new Random(seed);
  const months = ['2025-01', '2025-02', '2025-03'];
  const notes = ['stable', 'follow-up', 'Ünïcode ✓', 'x'.repeat(40), 'a'];
  return Array.from({ length: count }, (_, i) => {
    const day = Date.UTC(2025, random.int(3), 1 + random.int(28));
    return {
      id: BigInt(firstId + i),
      admission_year_month: random.bernoulli(0.1) ? null : months[random.int(months.length)],
      age: random.bernoulli(0.1) ? null : i === 0 ? 0.08 : Math.round(random.uniform(0, 90) * 100) / 100,
      bmi: random.bernoulli(0.1) ? null : Math.fround(random.uniform(15, 45)),
      hypertension: random.int(2),
      smoker: random.bernoulli(0.2) ? null : random.bernoulli(0.3),
      admitted_on: random.bernoulli(0.1) ? null : day,
      recorded_at: random.bernoulli(0.1) ? null : day + random.int(86400000),
      note: random.bernoulli(0.3) ? null : notes[random.int(notes.length)],
    };
  });
}

export function toArrow(rows: readonly SampleRow[]): Table {
  const column = <K extends keyof SampleRow>(key: K): Array<SampleRow[K]> => rows.map((r) => r[key]);
  return new Table({
    id: vectorFromArray(column('id'), new Int64()),
    admission_year_month: vectorFromArray(column('admission_year_month'), new Utf8()),
    age: vectorFromArray(column('age'), new Float64()),
    bmi: vectorFromArray(column('bmi'), new Float32()),
    hypertension: vectorFromArray(column('hypertension'), new Int32()),
    smoker: vectorFromArray(column('smoker'), new Bool()),
    admitted_on: vectorFromArray(column('admitted_on'), new DateDay()),
    recorded_at: vectorFromArray(column('recorded_at'), new TimestampMicrosecond('UTC')),
    note: vectorFromArray(column('note'), new Utf8()),
  });
}

/** Read-back rows in SampleRow shape, sorted by id. */
export function fromArrow(table: Table): SampleRow[] {
  return table
    .toArray()
    .map((row) => {
      const r = row.toJSON() as Record<string, unknown>;
      return {
        id: r.id as bigint,
        admission_year_month: r.admission_year_month as string | null,
        age: r.age as number | null,
        bmi: r.bmi as number | null,
        hypertension: r.hypertension as number,
        smoker: r.smoker as boolean | null,
        admitted_on: r.admitted_on as number | null,
        recorded_at: r.recorded_at as number | null,
        note: r.note as string | null,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
