/**
 * The SageMaker channels of the built-in XGBoost algorithm, as text:
 *  - CSV: no header, the label in the first column, then every feature. A missing value (NaN)
 *    is an empty field, which XGBoost's CSV reader and pandas both read as missing.
 *  - libsvm: `label index:value ...` with zero-based feature indices in increasing order.
 *    Absent entries are MISSING to XGBoost (not zero), so NaN is written by omission. Zeros are
 *    omitted by default too (the usual sparse convention, and what sklearn writes), which makes
 *    XGBoost treat a zero like a missing value; pass `{ keepZeros: true }` to write them
 *    explicitly when zero and missing must stay distinct (the CSV channel always keeps them).
 * Numbers are written with JavaScript's shortest round-trip formatting, so parsing the text back
 * gives the identical float64 values.
 */
import type { FeatureMatrix } from '../ml/data/preprocess';
import { joinKey, ObjectStore } from '../core/storage/object-store';
import { storeLocationUri, type StoreLocation } from './locations';
import type { TrainingChannels } from './training-job';

export interface LabelledMatrix {
  features: FeatureMatrix;
  labels: ArrayLike<number>;
}

export type ChannelSplit = 'train' | 'validation' | 'test';
const CHANNEL_SPLITS: readonly ChannelSplit[] = ['train', 'validation', 'test'];

export interface ChannelFile {
  /** Key in the store the channels were written to. */
  key: string;
  /** `<store description>/<key>`: an s3:// URI when the store is S3. */
  uri: string;
}

export interface WrittenChannel {
  rows: number;
  cols: number;
  csv: ChannelFile;
  libsvm: ChannelFile;
}

export interface LibsvmOptions {
  /** Write zero features explicitly instead of omitting them (default false). */
  keepZeros?: boolean;
}

function checkShape(data: LabelledMatrix, what: string): void {
  const { features, labels } = data;
  checkMatrix(features, what);
  if (labels.length !== features.rows) {
    throw new Error(`${what}: ${labels.length} labels for ${features.rows} feature rows; expected one label per row`);
  }
}

function checkMatrix(features: FeatureMatrix, what: string): void {
  if (!Number.isInteger(features.rows) || !Number.isInteger(features.cols) || features.rows < 0 || features.cols <= 0) {
    throw new Error(`${what}: rows and cols must be integers (cols > 0), got ${features.rows} x ${features.cols}`);
  }
  if (features.matrix.length !== features.rows * features.cols) {
    throw new Error(
      `${what}: matrix holds ${features.matrix.length} values, expected rows x cols = ${features.rows} x ${features.cols}`,
    );
  }
}

function formatLabel(label: number, row: number, what: string): string {
  if (!Number.isFinite(label))
    throw new Error(`${what}: label at row ${row} is ${label}; labels must be finite numbers`);
  return String(label);
}

function checkFinite(value: number, row: number, col: number, what: string): void {
  if (value === Infinity || value === -Infinity) {
    throw new Error(
      `${what}: feature at row ${row}, column ${col} is ${value}; expected a finite number or NaN (missing)`,
    );
  }
}

/** libsvm text, one line per row (each line ends with a newline). */
export function toLibsvm(features: FeatureMatrix, labels: ArrayLike<number>, options: LibsvmOptions = {}): string {
  const what = 'toLibsvm';
  checkShape({ features, labels }, what);
  const { matrix, rows, cols } = features;
  const lines: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const parts = [formatLabel(labels[r], r, what)];
    for (let c = 0; c < cols; c++) {
      const value = matrix[r * cols + c];
      checkFinite(value, r, c, what);
      if (value !== value || (value === 0 && options.keepZeros !== true)) continue;
      parts.push(`${c}:${String(value)}`);
    }
    lines[r] = parts.join(' ');
  }
  return rows === 0 ? '' : `${lines.join('\n')}\n`;
}

/** CSV lines of the feature rows, each after `leading(r)` when given; empty fields are missing values. */
function csvLines(features: FeatureMatrix, what: string, leading?: (row: number) => string): string {
  const { matrix, rows, cols } = features;
  const offset = leading === undefined ? 0 : 1;
  const lines: string[] = new Array(rows);
  const fields: string[] = new Array(cols + offset);
  for (let r = 0; r < rows; r++) {
    if (leading !== undefined) fields[0] = leading(r);
    for (let c = 0; c < cols; c++) {
      const value = matrix[r * cols + c];
      checkFinite(value, r, c, what);
      fields[c + offset] = value !== value ? '' : String(value);
    }
    lines[r] = fields.join(',');
  }
  return rows === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Label-first CSV without a header, one line per row (each line ends with a newline). */
export function toLabelFirstCsv(features: FeatureMatrix, labels: ArrayLike<number>): string {
  const what = 'toLabelFirstCsv';
  checkShape({ features, labels }, what);
  return csvLines(features, what, (r) => formatLabel(labels[r], r, what));
}

/**
 * Feature rows as the built-in XGBoost container scores them (`text/csv`, no label, no header):
 * the body of a real-time InvokeEndpoint or of our local endpoint's CSV route.
 */
export function toFeatureCsv(features: FeatureMatrix): string {
  checkMatrix(features, 'toFeatureCsv');
  return csvLines(features, 'toFeatureCsv');
}

/** Parses label-first CSV (the built-in XGBoost training format); empty fields are NaN. */
export function parseLabelFirstCsv(text: string, what: string): LabelledMatrix {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new Error(`${what}: no rows (empty CSV)`);
  const cols = lines[0].split(',').length - 1;
  if (cols < 1) throw new Error(`${what}: line 1 has no feature after the label; expected label,feature,...`);
  const matrix = new Float64Array(lines.length * cols);
  const labels = new Float64Array(lines.length);
  lines.forEach((line, r) => {
    const fields = line.split(',');
    if (fields.length !== cols + 1) {
      throw new Error(
        `${what}: line ${r + 1} has ${fields.length} fields, expected ${cols + 1} (label + ${cols} features) like line 1`,
      );
    }
    const label = fields[0].trim() === '' ? NaN : Number(fields[0]);
    if (!Number.isFinite(label))
      throw new Error(`${what}: line ${r + 1}: label ${JSON.stringify(fields[0])} is not a finite number`);
    labels[r] = label;
    for (let c = 0; c < cols; c++) {
      const field = fields[c + 1].trim();
      const value = field === '' ? NaN : Number(field);
      if (field !== '' && !Number.isFinite(value)) {
        throw new Error(
          `${what}: line ${r + 1}, feature ${c} (field ${c + 2}): ${JSON.stringify(field)} is not a finite number or empty (missing)`,
        );
      }
      matrix[r * cols + c] = value;
    }
  });
  return { features: { matrix, rows: lines.length, cols }, labels };
}

/**
 * Writes `<prefix>/<split>/data.csv` and `<prefix>/<split>/data.libsvm` for train, validation
 * and test. Each file is its own object so that a training channel can point at exactly one
 * format: SageMaker's S3Prefix matches key prefixes, so `<prefix>/train/data.csv` selects the
 * CSV alone, whereas `<prefix>/train/` would feed the libsvm file to the CSV reader as well.
 */
export async function writeChannels(
  store: ObjectStore,
  prefix: string,
  splits: Record<ChannelSplit, LabelledMatrix>,
  options: LibsvmOptions = {},
): Promise<Record<ChannelSplit, WrittenChannel>> {
  for (const split of CHANNEL_SPLITS) {
    if (splits[split] === undefined)
      throw new Error(`writeChannels: split "${split}" is missing; expected train, validation and test`);
    checkShape(splits[split], `writeChannels ${split}`);
  }
  const cols = splits.train.features.cols;
  for (const split of CHANNEL_SPLITS) {
    if (splits[split].features.cols !== cols) {
      throw new Error(
        `writeChannels: ${split} has ${splits[split].features.cols} feature columns, train has ${cols}; all splits must match`,
      );
    }
  }
  const file = (key: string): ChannelFile => ({ key, uri: storeLocationUri({ store, prefix: key }) });
  const written: Partial<Record<ChannelSplit, WrittenChannel>> = {};
  for (const split of CHANNEL_SPLITS) {
    const { features, labels } = splits[split];
    const csvKey = joinKey(prefix, split, 'data.csv');
    const libsvmKey = joinKey(prefix, split, 'data.libsvm');
    await store.put(csvKey, toLabelFirstCsv(features, labels), { contentType: 'text/csv' });
    await store.put(libsvmKey, toLibsvm(features, labels, options), { contentType: 'text/libsvm' });
    written[split] = { rows: features.rows, cols, csv: file(csvKey), libsvm: file(libsvmKey) };
  }
  return written as Record<ChannelSplit, WrittenChannel>;
}

/** The train and validation CSV objects of `written` as a training job's channels (the built-in XGBoost reads CSV). */
export function csvTrainingChannels(
  store: ObjectStore,
  written: Pick<Record<ChannelSplit, WrittenChannel>, 'train' | 'validation'>,
): TrainingChannels<StoreLocation> {
  return {
    train: { store, prefix: written.train.csv.key },
    validation: { store, prefix: written.validation.csv.key },
  };
}
