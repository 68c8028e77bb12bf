/**
 * Benchmark inputs, made once per size and cached under the OS temp dir: the PII-variant CSV
 * from the data generator, gold-like feature matrices (DEFAULT_FEATURES, 20 columns) as raw
 * little-endian float64 files both sides can read, a 300-tree model trained with our wasm
 * XGBoost (score/shap), and a small serving bundle (endpoint). All seeds are fixed.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticCsvChunks } from '../../shared/pipeline/data/synthetic-csv';
import { drawPatient, patientRecordOf, SyntheticPatient } from '../../shared/pipeline/data/synthetic';
import { fitPreprocessor, Preprocessor } from '../../shared/ml/data/preprocess';
import { DEFAULT_FEATURES } from '../../shared/pipeline/modeling/dataset';
import { goldRowOf } from '../../shared/pipeline/gold/gold-transforms';
import { trainBooster } from '../../shared/ml/xgboost/xgboost-wasm';
import { Random } from '../../shared/core/util/random';

export const CACHE_DIR = path.join(os.tmpdir(), 'stroke-bench-inputs');
const CHUNK_ROWS = 50_000;
/** Fills a missing bmi the way the gold table does after MICE, close enough for timing work. */
const BMI_FILL = 28.9;

export interface FeatureSetFiles {
  features: string;
  labels: string;
  rows: number;
  cols: number;
}

export interface ModelFiles {
  model: string;
  trees: number;
}

function cached(name: string): string {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  return path.join(CACHE_DIR, name);
}

/** Writes through a temp name, so an interrupted run never leaves a half file that looks cached. */
async function writeOnce(file: string, produce: (out: fs.WriteStream) => Promise<void>): Promise<void> {
  if (fs.existsSync(file)) return;
  const partial = `${file}.partial-${process.pid}`;
  const out = fs.createWriteStream(partial);
  await produce(out);
  out.end();
  await once(out, 'finish');
  fs.renameSync(partial, file);
}

async function write(out: fs.WriteStream, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** The PII-augmented CSV of `rows` patients (seed 2024). */
export async function csvInput(rows: number): Promise<string> {
  const file = cached(`stroke-pii-${rows}.csv`);
  await writeOnce(file, async (out) => {
    for (const chunk of syntheticCsvChunks({ variant: 'pii', rows, seed: 2024 })) await write(out, chunk);
  });
  return file;
}

/** The gold row of a raw patient record, a missing bmi filled with BMI_FILL. */
export function goldRecordOf(
  record: Readonly<Record<string, string | number | null>>,
): Record<string, string | number> {
  return goldRowOf(record, BMI_FILL);
}

function goldRecord(p: SyntheticPatient): Record<string, string | number> {
  return goldRecordOf(patientRecordOf(p));
}

function drawChunk(random: Random, count: number): SyntheticPatient[] {
  return Array.from({ length: count }, () => drawPatient(random, { allowOtherGender: false }));
}

/** The preprocessor every feature set shares: fitted on 20,000 patients of seed 7. */
export function benchPreprocessor(): Preprocessor {
  return fitPreprocessor(drawChunk(new Random(7), 20_000).map(goldRecord), DEFAULT_FEATURES);
}

/** `rows` gold-like patients of `seed` as a row-major float64 matrix plus 0/1 labels. */
export async function featureSet(name: string, rows: number, seed: number): Promise<FeatureSetFiles> {
  const preprocessor = benchPreprocessor();
  const features = cached(`${name}-${rows}-s${seed}.x.f64`);
  const labels = cached(`${name}-${rows}-s${seed}.y.f64`);
  if (!fs.existsSync(features) || !fs.existsSync(labels)) {
    // Labels are collected while the features are drawn: regenerate both or neither.
    fs.rmSync(features, { force: true });
    const random = new Random(seed);
    const labelValues = new Float64Array(rows);
    await writeOnce(features, async (out) => {
      for (let start = 0; start < rows; start += CHUNK_ROWS) {
        const patients = drawChunk(random, Math.min(CHUNK_ROWS, rows - start));
        patients.forEach((p, i) => (labelValues[start + i] = p.stroke));
        const matrix = preprocessor.transform(patients.map(goldRecord)).matrix;
        await write(out, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
      }
    });
    fs.writeFileSync(labels, new Uint8Array(labelValues.buffer));
  }
  return { features, labels, rows, cols: preprocessor.cols };
}

/** A float64 file as a Float64Array (copied, so the view is aligned). */
export function readFloat64(file: string): Float64Array {
  const bytes = fs.readFileSync(file);
  if (bytes.length % 8 !== 0) throw new Error(`${file}: ${bytes.length} bytes is not a whole number of float64 values`);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

export function readMatrix(files: FeatureSetFiles): { data: Float64Array; labels: Float64Array } {
  const data = readFloat64(files.features);
  if (data.length !== files.rows * files.cols) {
    throw new Error(`${files.features}: ${data.length} values, expected ${files.rows} x ${files.cols}`);
  }
  return { data, labels: readFloat64(files.labels) };
}

/** A `trees`-round, depth-6 model trained by our wasm XGBoost on 20,000 patients (seed 11). */
export async function scoringModel(trees: number): Promise<ModelFiles> {
  const model = cached(`model-${trees}trees.bin`);
  if (!fs.existsSync(model)) {
    const set = await featureSet('model-train', 20_000, 11);
    const { data, labels } = readMatrix(set);
    const bytes = await trainBooster(
      { data, rows: set.rows, cols: set.cols },
      Float32Array.from(labels),
      {
        objective: 'binary:logistic',
        eta: 0.05,
        max_depth: 6,
        subsample: 0.8,
        colsample_bytree: 0.8,
        tree_method: 'hist',
        seed: 3,
      },
      trees,
    );
    fs.writeFileSync(`${model}.partial`, bytes);
    fs.renameSync(`${model}.partial`, model);
  }
  return { model, trees };
}

/** Raw patient records as the endpoint's JSON API takes them (seed 21). */
export function patientRecords(count: number, seed: number): Record<string, string | number | null>[] {
  return drawChunk(new Random(seed), count).map(patientRecordOf);
}

/** A small serving model (50 trees, depth 4, 5,000 patients of seed 13) on the bench preprocessor. */
export async function servingModelBytes(): Promise<Uint8Array> {
  const set = await featureSet('serving-train', 5_000, 13);
  const { data, labels } = readMatrix(set);
  return trainBooster(
    { data, rows: set.rows, cols: set.cols },
    Float32Array.from(labels),
    { objective: 'binary:logistic', eta: 0.1, max_depth: 4, seed: 5 },
    50,
  );
}
