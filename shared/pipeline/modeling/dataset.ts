/**
 * Gold rows as model inputs: the default clinical features (the original used 4 of 10), column
 * tables for the preprocessing pipeline, row subsets for the splits, and labels.
 */
import type { Table } from 'apache-arrow';
import type { PreprocessSpec } from '../../ml/data/preprocess';
import type { ColumnTable } from '../../ml/data/table';
import { readCategoryColumn, readNumericColumn, requireComplete } from '../../core/profile/columns';
import { stratifiedSplit } from '../../ml/data/split';

const TARGET = 'stroke';

/** Every clinical feature: glucose enters as its log (notebook 02), flags pass through as 0/1. */
export const DEFAULT_FEATURES: PreprocessSpec = {
  numeric: ['age', 'log_glucose_level', 'bmi'],
  categorical: ['gender', 'work_type', 'residence_type', 'smoking_status'],
  passthrough: ['hypertension', 'heart_disease', 'ever_married', 'bmi_imputed'],
};

export function featureColumns(spec: PreprocessSpec): string[] {
  return [...spec.numeric, ...spec.categorical, ...(spec.passthrough ?? [])];
}

/** The spec's columns of `table` as plain arrays (numbers complete, categories as strings). */
export function columnTable(table: Table, spec: PreprocessSpec): ColumnTable {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of [...spec.numeric, ...(spec.passthrough ?? [])]) {
    columns[name] = requireComplete(readNumericColumn(table, name, 'columnTable'), name, 'columnTable');
  }
  for (const name of spec.categorical) columns[name] = readCategoryColumn(table, name, 'columnTable').values;
  return columns;
}

export function labelsOf(table: Table): Float64Array {
  const labels = requireComplete(readNumericColumn(table, TARGET, 'labels'), TARGET, 'labels');
  labels.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`labels: row ${i} has ${TARGET}=${v}, expected 0 or 1`);
  });
  return labels;
}

/** The rows `indices` of every column (a split of the table). */
export function takeRows(columns: ColumnTable, indices: ArrayLike<number>): ColumnTable {
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const [name, values] of Object.entries(columns)) {
    const picked = new Array<unknown>(indices.length);
    for (let i = 0; i < indices.length; i++) picked[i] = values[indices[i]];
    out[name] = values instanceof Float64Array ? Float64Array.from(picked as number[]) : picked;
  }
  return out;
}

export function takeLabels(labels: Float64Array, indices: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: indices.length }, (_, i) => labels[indices[i]]);
}

/** Model columns with their labels: one split, or any rows a model trains or is judged on. */
export interface LabelledColumns {
  columns: ColumnTable;
  labels: Float64Array;
}

export type SplitName = 'train' | 'validation' | 'test';

/** The share of gold rows in each split (stratified by class). */
const SPLIT_FRACTIONS: Readonly<Record<SplitName, number>> = { train: 0.6, validation: 0.2, test: 0.2 };

/** "60/20/20", as the model card states the split. */
export function describeSplitFractions(): string {
  return Object.values(SPLIT_FRACTIONS)
    .map((f) => Math.round(100 * f))
    .join('/');
}

export interface GoldSplits {
  columns: ColumnTable;
  labels: Float64Array;
  /** Row indices of gold in each split, ascending. */
  splits: Record<SplitName, Int32Array>;
}

/**
 * Gold's model columns and labels, split 60/20/20 by class with `seed`: the one split every
 * training uses (notebook 03, the retraining in notebook 04, `npm run evaluate`).
 */
export function splitGold(table: Table, seed: number): GoldSplits {
  const columns = columnTable(table, DEFAULT_FEATURES);
  const labels = labelsOf(table);
  const [train, validation, test] = stratifiedSplit(labels, { fractions: Object.values(SPLIT_FRACTIONS), seed });
  return { columns, labels, splits: { train, validation, test } };
}

/** Rows and strokes of each split, as notebook 03 shows the split. */
export function splitSizes(
  gold: Pick<GoldSplits, 'labels' | 'splits'>,
): { split: string; rows: number; strokes: number }[] {
  return Object.entries(gold.splits).map(([name, rows]) => ({
    split: name,
    rows: rows.length,
    strokes: takeLabels(gold.labels, rows).reduce((a, b) => a + b, 0),
  }));
}

/** The columns and labels of one split. */
export function splitPart(gold: GoldSplits, name: SplitName): LabelledColumns {
  const rows = gold.splits[name];
  return { columns: takeRows(gold.columns, rows), labels: takeLabels(gold.labels, rows) };
}
