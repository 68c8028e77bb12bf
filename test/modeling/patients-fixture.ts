import type { PatientRecord } from '../../shared/pipeline/monitoring/traffic';
import { Random } from '../../shared/core/util/random';

/** Raw patient records as the endpoint receives them, with stroke labels from a logistic model of age. */
export function patients(n: number, seed: number): { records: PatientRecord[]; labels: Float64Array } {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[]) => items[random.int(items.length)];
  const records = Array.from({ length: n }, () => ({
    gender: pick(['Male', 'Female']), age: Math.round(random.uniform(1, 82)), hypertension: random.bernoulli(0.1) ? 1 : 0,
    heart_disease: random.bernoulli(0.05) ? 1 : 0, ever_married: random.bernoulli(0.6) ? 1 : 0, work_type: pick(['Private', 'Govt_job', 'Self-employed']),
    residence_type: pick(['Urban', 'Rural']), avg_glucose_level: Math.round(random.uniform(55, 250)), bmi: Math.round(random.normal(29, 6)), smoking_status: pick(['never smoked', 'smokes']),
  }));
  const labels = Float64Array.from(records, (r) => (random.bernoulli(1 / (1 + Math.exp(-(0.08 * Number(r.age) - 6)))) ? 1 : 0));
  return { records, labels };
}
