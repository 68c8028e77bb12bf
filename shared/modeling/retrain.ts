/**
 * Continuous learning's data: new labelled patients (raw records as the endpoint receives them)
 * become model columns exactly as gold rows would, to join the old training rows. The challenger
 * is then trained by the same recipe as the first version (./recipe.ts).
 */
import type { ColumnTable } from '../features/table';
import { DEFAULT_FEATURES } from './dataset';
import type { PatientRecord } from '../monitoring/traffic';

/** The model's input columns from raw records (complete BMI, so `bmi_imputed` is 0). */
export function patientColumns(records: readonly PatientRecord[]): ColumnTable {
  const numberOf = (r: PatientRecord, field: string, i: number): number => {
    const value = Number(r[field]);
    if (!Number.isFinite(value)) throw new Error(`patientColumns: record ${i} has ${field}=${JSON.stringify(r[field])}, expected a number`);
    return value;
  };
  const columns: Record<string, ArrayLike<unknown>> = {
    age: Float64Array.from(records, (r, i) => numberOf(r, 'age', i)),
    log_glucose_level: Float64Array.from(records, (r, i) => Math.log1p(numberOf(r, 'avg_glucose_level', i))),
    bmi: Float64Array.from(records, (r, i) => numberOf(r, 'bmi', i)),
    bmi_imputed: new Float64Array(records.length),
  };
  for (const flag of ['hypertension', 'heart_disease', 'ever_married']) columns[flag] = Float64Array.from(records, (r, i) => numberOf(r, flag, i));
  for (const category of DEFAULT_FEATURES.categorical) columns[category] = records.map((r) => String(r[category]));
  return columns;
}

/** Rows of `b` after the rows of `a`, column by column (same columns required). */
export function concatColumns(a: ColumnTable, b: ColumnTable): ColumnTable {
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of Object.keys(a)) {
    if (!(name in b)) throw new Error(`concatColumns: the second table has no column "${name}"`);
    const left = a[name];
    const right = b[name];
    out[name] = left instanceof Float64Array && right instanceof Float64Array
      ? Float64Array.from([...left, ...right])
      : [...Array.from(left), ...Array.from(right)];
  }
  return out;
}
