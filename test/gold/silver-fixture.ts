/** Small silver-like Arrow tables for the gold tests. */
import { Bool, DateDay, Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';

export interface SilverColumns {
  id: number[];
  gender: string[];
  age: number[];
  bmi: (number | null)[];
  avg_glucose_level: number[];
  stroke: number[];
}

/** Silver-typed table; `batchSize` splits it into several record batches. */
export function silverTable(columns: SilverColumns, batchSize = columns.id.length): Table {
  const batches = [];
  for (let start = 0; start < columns.id.length; start += batchSize) {
    const end = Math.min(columns.id.length, start + batchSize);
    const pick = <T>(values: T[]): T[] => values.slice(start, end);
    const ids = pick(columns.id);
    const part = new Table({
      id: vectorFromArray(ids, new Int32()),
      admission_date: vectorFromArray(
        ids.map((id) => (id % 7 === 0 ? null : new Date(Date.UTC(2023, 0, 1 + (id % 365))))),
        new DateDay(),
      ),
      gender: vectorFromArray(pick(columns.gender), new Utf8()),
      age: vectorFromArray(pick(columns.age), new Float64()),
      hypertension: vectorFromArray(
        ids.map((id) => id % 2),
        new Int32(),
      ),
      avg_glucose_level: vectorFromArray(pick(columns.avg_glucose_level), new Float64()),
      bmi: vectorFromArray(pick(columns.bmi), new Float64()),
      bmi_imputed: vectorFromArray(
        ids.map((id) => id % 3 === 0),
        new Bool(),
      ),
      smoking_status: vectorFromArray(
        ids.map((id) => (id % 4 === 0 ? 'smokes' : 'never smoked')),
        new Utf8(),
      ),
      stroke: vectorFromArray(pick(columns.stroke), new Int32()),
    });
    batches.push(...part.batches);
  }
  return new Table(batches);
}

export function column<T>(table: Table, name: string): T[] {
  const vector = table.getChild(name);
  if (vector === null) throw new Error(`test table has no column ${name}`);
  return Array.from({ length: vector.length }, (_, i) => vector.get(i) as T);
}
