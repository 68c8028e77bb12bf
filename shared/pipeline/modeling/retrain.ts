/**
 * Continuous learning's data: new labelled patients (raw records as the endpoint receives them)
 * become model columns exactly as gold rows would, and join the champion's splits. The challenger
 * is then trained by the same recipe as the first version (./recipe.ts) and judged against the
 * champion on a holdout neither trained on.
 */
import type { Table } from 'apache-arrow';
import { logGlucoseLevel } from '../gold/gold-transforms';
import type { ColumnTable } from '../../ml/data/table';
import type { PatientRecord } from '../monitoring/traffic';
import { DEFAULT_FEATURES, splitGold, takeLabels, takeRows, type LabelledColumns } from './dataset';
import { compareOnHoldout, type HoldoutComparison, type SplitEvaluation } from './evaluation';
import { scoreColumns, type FittedVersion } from './recipe';
import type { ModelBundle } from '../model-store/model-bundle';
import { scoreMatrix } from '../serving/predict';

/** The model's input columns from raw records (complete BMI, so `bmi_imputed` is 0). */
export function patientColumns(records: readonly PatientRecord[]): ColumnTable {
  const numberOf = (r: PatientRecord, field: string, i: number): number => {
    const value = Number(r[field]);
    if (!Number.isFinite(value))
      throw new Error(`patientColumns: record ${i} has ${field}=${JSON.stringify(r[field])}, expected a number`);
    return value;
  };
  const columns: Record<string, ArrayLike<unknown>> = {
    age: Float64Array.from(records, (r, i) => numberOf(r, 'age', i)),
    log_glucose_level: Float64Array.from(records, (r, i) => logGlucoseLevel(numberOf(r, 'avg_glucose_level', i))),
    bmi: Float64Array.from(records, (r, i) => numberOf(r, 'bmi', i)),
    bmi_imputed: new Float64Array(records.length),
  };
  for (const flag of ['hypertension', 'heart_disease', 'ever_married'])
    columns[flag] = Float64Array.from(records, (r, i) => numberOf(r, flag, i));
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
    out[name] =
      left instanceof Float64Array && right instanceof Float64Array
        ? Float64Array.from([...left, ...right])
        : [...Array.from(left), ...Array.from(right)];
  }
  return out;
}

export interface RetrainingSplits {
  train: LabelledColumns;
  validation: LabelledColumns;
  holdout: LabelledColumns;
}

/**
 * The retraining's data: gold split 60/20/20 by class with the pipeline seed (the champion's own
 * split), and the new labelled patients in order, half joining train and a quarter each joining
 * validation and the holdout. The holdout never trains or calibrates either model.
 */
export function retrainingSplits(
  gold: Table,
  fresh: { records: readonly PatientRecord[]; labels: Float64Array },
  seed: number,
): RetrainingSplits {
  if (fresh.records.length !== fresh.labels.length) {
    throw new Error(`retrainingSplits: ${fresh.records.length} new patients but ${fresh.labels.length} labels`);
  }
  const { columns, labels, splits } = splitGold(gold, seed);
  const freshColumns = patientColumns(fresh.records);
  const n = fresh.records.length;
  const half = Math.floor(n / 2);
  const threeQuarters = half + Math.floor((n - half) / 2);
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  const join = (goldRows: Int32Array, freshRows: Int32Array): LabelledColumns => ({
    columns: concatColumns(takeRows(columns, goldRows), takeRows(freshColumns, freshRows)),
    labels: Float64Array.from([...takeLabels(labels, goldRows), ...takeLabels(fresh.labels, freshRows)]),
  });
  return {
    train: join(splits.train, range(0, half)),
    validation: join(splits.validation, range(half, threeQuarters)),
    holdout: join(splits.test, range(threeQuarters, n)),
  };
}

export interface ChampionChallenge extends HoldoutComparison {
  /** Stroke rate of the holdout, which the gate's flagged-share rule compares with. */
  baseRate: number;
}

/**
 * The served champion and a retrained challenger judged on the same holdout, each through its
 * own preprocessing and at its own threshold (the evaluations are keyed `champion`, `challenger`).
 */
export async function challengeOnHoldout(
  champion: ModelBundle,
  challenger: FittedVersion,
  holdout: LabelledColumns,
  options: { seed: number; signal?: AbortSignal },
): Promise<ChampionChallenge> {
  const championScores = scoreMatrix(champion, champion.preprocessor.transform(holdout.columns));
  const compared = await compareOnHoldout(
    holdout.labels,
    {
      champion: { probabilities: championScores, threshold: champion.threshold },
      challenger: { probabilities: scoreColumns(challenger, holdout.columns), threshold: challenger.threshold },
    },
    options,
  );
  return { ...compared, baseRate: compared.evaluations.champion.positives / holdout.labels.length };
}

/** The holdout table: one row per model, with its discrimination, its calibration and what its own threshold does. */
export function holdoutRows(evaluations: Readonly<Record<string, SplitEvaluation>>): Array<{
  model: string;
  'AUC-PR': number;
  Brier: number;
  'constant Brier': number;
  'log loss': number;
  'calibration slope': number;
  threshold: number;
  flagged: number;
  recall: number;
}> {
  return Object.entries(evaluations).map(([model, e]) => ({
    model,
    'AUC-PR': e.averagePrecision.estimate,
    Brier: e.brier.estimate,
    'constant Brier': e.constantBrier,
    'log loss': e.logLoss,
    'calibration slope': e.calibrationSlope,
    threshold: e.atThreshold.threshold,
    flagged: e.atThreshold.flagged,
    recall: e.atThreshold.recall,
  }));
}
