/**
 * Silver → gold: the original notebook's feature engineering, with every dropped row kept in an
 * `excluded` table that says why it was dropped.
 *
 * Rules, applied in this order:
 *  1. `gender=Other` — rows whose gender is exactly `Other` are dropped.
 *  2. `bmi>p95` — the 95th percentile of bmi is computed ONCE, with numpy's default linear
 *     quantile, over the rows that survived rule 1; rows with bmi strictly above it are dropped
 *     (bmi equal to the cutoff is kept, as `df[df.bmi <= q]` does).
 * A row matching rule 1 is attributed to rule 1 only. Kept rows gain
 * `log_glucose_level = ln(1 + avg_glucose_level)` (`logGlucoseLevel`) and `age_group` (`ageGroupOf`):
 * the one derivation of each, which retraining and the endpoint call for the rows they build.
 */
import { Data, Field, Float64, RecordBatch, Schema, Table, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { batchFromColumns, takeRows } from '../../core/lake/arrow-columns';
import { readCategoryColumn, readNumericColumn, requireComplete } from '../../core/profile/columns';
import { quantile } from '../../core/stats/quantile';

interface AgeGroup {
  label: string;
  /** Inclusive lower bound in years. */
  lower: number;
  /** Exclusive upper bound in years. */
  upper: number;
}

const AGE_GROUPS: readonly AgeGroup[] = [
  { label: '0-17', lower: 0, upper: 18 },
  { label: '18-34', lower: 18, upper: 35 },
  { label: '35-49', lower: 35, upper: 50 },
  { label: '50-64', lower: 50, upper: 65 },
  { label: '65-79', lower: 65, upper: 80 },
  { label: '80+', lower: 80, upper: 120 },
];

export const AGE_GROUP_LABELS: readonly string[] = AGE_GROUPS.map((g) => g.label);

/** Label of the half-open age bin holding `age`; throws outside [0, 120). */
export function ageGroupOf(age: number, where = 'age'): string {
  for (const group of AGE_GROUPS) {
    if (age >= group.lower && age < group.upper) return group.label;
  }
  throw new Error(`${where} is ${age}; expected a number in [0, 120) to assign an age group`);
}

/** The gold feature `log_glucose_level` of an average glucose level: ln(1 + x), as numpy's log1p. */
export function logGlucoseLevel(avgGlucoseLevel: number): number {
  return Math.log1p(avgGlucoseLevel);
}

/**
 * The gold row of one raw patient record (silver fields, as the endpoint receives them), for rows
 * built outside the tables: its non-null fields, `bmi_imputed` (1 when bmi is missing), a missing
 * bmi filled with `bmiFill` when one is given (gold's bmi is MICE-filled), and `log_glucose_level`.
 * `age_group` is left to the caller (`ageGroupOf`): only some models read it, and it refuses ages
 * the record may still hold.
 */
export function goldRowOf(
  record: Readonly<Record<string, string | number | null>>,
  bmiFill?: number,
): Record<string, string | number> {
  const row: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(record)) if (value !== null) row[name] = value;
  row.bmi_imputed = record.bmi === null ? 1 : 0;
  if (record.bmi === null && bmiFill !== undefined) row.bmi = bmiFill;
  row.log_glucose_level = logGlucoseLevel(record.avg_glucose_level as number);
  return row;
}

const BMI_PERCENTILE = 0.95;
const GENDER_RULE = 'gender=Other';
const BMI_RULE = 'bmi>p95';

export interface ExclusionSummary {
  rule: string;
  /** The `exclusion_reason` text written on the rule's excluded rows. */
  reason: string;
  rowsRemoved: number;
  strokeCasesRemoved: number;
}

export interface GoldTransformResult {
  gold: Table;
  /** Dropped rows: every silver column plus `exclusion_reason`, in silver row order. */
  excluded: Table;
  /** The bmi 95th percentile of the rows left after the gender rule. */
  bmiCutoff: number;
  summary: ExclusionSummary[];
  silverRows: number;
}

const CONTEXT = 'gold transforms';

function bmiReason(cutoff: number): string {
  return `${BMI_RULE} (${cutoff.toFixed(2)})`;
}

export function toGold(silver: Table): GoldTransformResult {
  const rows = silver.numRows;
  const gender = readCategoryColumn(silver, 'gender', CONTEXT).values;
  const bmi = readNumericColumn(silver, 'bmi', CONTEXT);
  const age = requireComplete(readNumericColumn(silver, 'age', CONTEXT), 'age', CONTEXT);
  const glucose = requireComplete(
    readNumericColumn(silver, 'avg_glucose_level', CONTEXT),
    'avg_glucose_level',
    CONTEXT,
  );
  const stroke = requireComplete(readNumericColumn(silver, 'stroke', CONTEXT), 'stroke', CONTEXT);

  const genderDropped = new Uint8Array(rows);
  const remainingBmi: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (gender[i] === 'Other') {
      genderDropped[i] = 1;
      continue;
    }
    if (bmi.valid[i] !== 1) {
      throw new Error(`${CONTEXT}: bmi is null at row ${i}; gold expects MICE-imputed bmi with no nulls`);
    }
    remainingBmi.push(bmi.values[i]);
  }
  if (remainingBmi.length === 0) {
    throw new Error(
      `${CONTEXT}: no rows left after the ${GENDER_RULE} rule (of ${rows}); cannot compute the bmi cutoff`,
    );
  }
  const bmiCutoff = quantile(remainingBmi, BMI_PERCENTILE);
  const reasons: readonly string[] = [GENDER_RULE, bmiReason(bmiCutoff)];
  const summary: ExclusionSummary[] = [
    { rule: GENDER_RULE, reason: reasons[0], rowsRemoved: 0, strokeCasesRemoved: 0 },
    { rule: BMI_RULE, reason: reasons[1], rowsRemoved: 0, strokeCasesRemoved: 0 },
  ];

  // Rule index per row: -1 kept, otherwise index into `reasons`/`summary`.
  const ruleOf = new Int8Array(rows).fill(-1);
  for (let i = 0; i < rows; i++) {
    if (genderDropped[i] === 1) ruleOf[i] = 0;
    else if (bmi.values[i] > bmiCutoff) ruleOf[i] = 1;
    if (ruleOf[i] >= 0) {
      summary[ruleOf[i]].rowsRemoved++;
      if (stroke[i] === 1) summary[ruleOf[i]].strokeCasesRemoved++;
    }
  }

  const goldSchema = new Schema([
    ...silver.schema.fields,
    new Field('log_glucose_level', new Float64(), false),
    new Field('age_group', new Utf8(), false),
  ]);
  const excludedSchema = new Schema([...silver.schema.fields, new Field('exclusion_reason', new Utf8(), false)]);
  const goldBatches: RecordBatch[] = [];
  const excludedBatches: RecordBatch[] = [];
  let offset = 0;
  for (const batch of silver.batches) {
    const kept: number[] = [];
    const dropped: number[] = [];
    for (let local = 0; local < batch.numRows; local++) {
      (ruleOf[offset + local] < 0 ? kept : dropped).push(local);
    }
    goldBatches.push(goldBatch(batch, Int32Array.from(kept), offset, goldSchema, glucose, age));
    const droppedRows = takeRows(batch, Int32Array.from(dropped));
    const reasonColumn = stringData(dropped.map((local) => reasons[ruleOf[offset + local]]));
    excludedBatches.push(
      batchFromColumns(excludedSchema, [...droppedRows.data.children, reasonColumn], dropped.length),
    );
    offset += batch.numRows;
  }
  const gold = goldBatches.length > 0 ? new Table(goldBatches) : new Table(goldSchema);
  const excluded = excludedBatches.length > 0 ? new Table(excludedBatches) : new Table(excludedSchema);
  if (gold.numRows + excluded.numRows !== rows) {
    throw new Error(
      `${CONTEXT}: invariant broken: gold ${gold.numRows} + excluded ${excluded.numRows} != silver ${rows} rows`,
    );
  }
  return { gold, excluded, bmiCutoff, summary, silverRows: rows };
}

function goldBatch(
  batch: RecordBatch,
  kept: Int32Array,
  offset: number,
  schema: Schema,
  glucose: Float64Array,
  age: Float64Array,
): RecordBatch {
  const logGlucose = new Float64Array(kept.length);
  const groups = new Array<string>(kept.length);
  for (let k = 0; k < kept.length; k++) {
    const row = offset + kept[k];
    logGlucose[k] = logGlucoseLevel(glucose[row]);
    groups[k] = ageGroupOf(age[row], `${CONTEXT}: age at row ${row}`);
  }
  const keptRows = takeRows(batch, kept);
  const logData = makeData({ type: new Float64(), length: kept.length, nullCount: 0, data: logGlucose });
  return batchFromColumns(schema, [...keptRows.data.children, logData, stringData(groups)], kept.length);
}

function stringData(values: readonly string[]): Data {
  return vectorFromArray(values as string[], new Utf8()).data[0];
}
