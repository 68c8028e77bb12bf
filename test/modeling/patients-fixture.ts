import { tableFromArrays, type Table } from 'apache-arrow';
import type { PatientRecord } from '../../shared/pipeline/monitoring/traffic';
import { toGold } from '../../shared/pipeline/gold/gold-transforms';
import { Random } from '../../shared/core/util/random';

/** Raw patient records as the endpoint receives them, with stroke labels from a logistic model of age. */
export function patients(n: number, seed: number): { records: PatientRecord[]; labels: Float64Array } {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => items[random.int(items.length)];
  const records = Array.from({ length: n }, () => ({
    gender: pick(['Male', 'Female']),
    age: Math.round(random.uniform(1, 82)),
    hypertension: random.bernoulli(0.1) ? 1 : 0,
    heart_disease: random.bernoulli(0.05) ? 1 : 0,
    ever_married: random.bernoulli(0.6) ? 1 : 0,
    work_type: pick(['Private', 'Govt_job', 'Self-employed']),
    residence_type: pick(['Urban', 'Rural']),
    avg_glucose_level: Math.round(random.uniform(55, 250)),
    bmi: Math.round(random.normal(29, 6)),
    smoking_status: pick(['never smoked', 'smokes']),
  }));
  const labels = Float64Array.from(records, (r) =>
    random.bernoulli(1 / (1 + Math.exp(-(0.08 * Number(r.age) - 6)))) ? 1 : 0,
  );
  return { records, labels };
}

/**
 * The gold table of these patients, made by the gold transforms themselves (so its derived
 * columns are gold's, not restated here) from a silver-typed table of the records with complete
 * bmi; gold drops the bmi > p95 rows, so the records and labels it kept come back with it.
 */
export function goldOf(
  records: readonly PatientRecord[],
  labels: Float64Array,
): { gold: Table; records: PatientRecord[]; labels: Float64Array } {
  const numbers = (field: string) => Float64Array.from(records, (r) => Number(r[field]));
  const flags = (field: string) => Int32Array.from(records, (r) => Number(r[field]));
  const strings = (field: string) => records.map((r) => String(r[field]));
  const silver = tableFromArrays({
    id: Int32Array.from(records, (_, i) => i),
    gender: strings('gender'),
    age: numbers('age'),
    hypertension: flags('hypertension'),
    heart_disease: flags('heart_disease'),
    ever_married: flags('ever_married'),
    work_type: strings('work_type'),
    residence_type: strings('residence_type'),
    avg_glucose_level: numbers('avg_glucose_level'),
    bmi: numbers('bmi'),
    bmi_imputed: new Int32Array(records.length),
    smoking_status: strings('smoking_status'),
    stroke: Int32Array.from(labels),
  });
  const { gold } = toGold(silver);
  const kept = Array.from(gold.getChild('id')?.toArray() as Int32Array);
  return { gold, records: kept.map((i) => records[i]), labels: Float64Array.from(kept, (i) => labels[i]) };
}
