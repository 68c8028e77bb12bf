/**
 * MICE imputation of missing BMI over the silver batches, as the original pipeline did with
 * scikit-learn's IterativeImputer (defaults) on gender, age, avg_glucose_level and bmi.
 * Gender is label-encoded in sorted order (Female 0, Male 1, Other 2), as sklearn's LabelEncoder
 * would. Only missing cells change; they are rounded to 2 decimals and flagged.
 */
import { iterativeImpute } from '../../ml/impute/mice';
import type { SilverBatch } from './transform';

const GENDER_LABELS = ['Female', 'Male', 'Other'] as const;

export interface BmiImputationSummary {
  rows: number;
  missingBefore: number;
  imputed: number;
  rounds: number;
  converged: boolean;
  imputedMean: number;
  observedMean: number;
}

/** An imputed BMI as silver stores it: rounded to 2 decimals. */
export function storedBmi(imputed: number): number {
  return Math.round(imputed * 100) / 100;
}

export function genderCode(value: string, line: number): number {
  const code = (GENDER_LABELS as readonly string[]).indexOf(value);
  if (code < 0)
    throw new Error(`silver row from line ${line}: gender "${value}" is not one of ${GENDER_LABELS.join(', ')}`);
  return code;
}

/**
 * Fills `bmi` in place for rows whose bmi is missing (present.bmi = 0), sets their presence,
 * and returns one 0/1 `bmi_imputed` flag array per batch.
 */
export function imputeSilverBmi(batches: SilverBatch[]): { flags: Int32Array[]; summary: BmiImputationSummary } {
  const rows = batches.reduce((sum, b) => sum + b.length, 0);
  const gender = new Float64Array(rows);
  const age = new Float64Array(rows);
  const glucose = new Float64Array(rows);
  const bmi = new Float64Array(rows);
  let offset = 0;
  let missingBefore = 0;
  for (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      gender[offset + i] = genderCode(batch.gender[i], batch.source_line[i]);
      age[offset + i] = batch.age[i];
      glucose[offset + i] = batch.avg_glucose_level[i];
      const present = batch.present.bmi[i] === 1;
      bmi[offset + i] = present ? batch.bmi[i] : NaN;
      if (!present) missingBefore++;
    }
    offset += batch.length;
  }
  // The four columns exist only for this call, so the imputer may fill them in place.
  const result = missingBefore > 0 ? iterativeImpute([gender, age, glucose, bmi], { inPlace: true }) : undefined;
  const flags: Int32Array[] = [];
  let imputedSum = 0;
  let observedSum = 0;
  offset = 0;
  for (const batch of batches) {
    const flag = new Int32Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      if (batch.present.bmi[i] === 1) {
        observedSum += batch.bmi[i];
        continue;
      }
      const value = storedBmi((result as NonNullable<typeof result>).columns[3][offset + i]);
      batch.bmi[i] = value;
      batch.present.bmi[i] = 1;
      flag[i] = 1;
      imputedSum += value;
    }
    flags.push(flag);
    offset += batch.length;
  }
  return {
    flags,
    summary: {
      rows,
      missingBefore,
      imputed: missingBefore,
      rounds: result?.rounds ?? 0,
      converged: result?.converged ?? true,
      imputedMean: missingBefore > 0 ? imputedSum / missingBefore : NaN,
      observedMean: rows > missingBefore ? observedSum / (rows - missingBefore) : NaN,
    },
  };
}
