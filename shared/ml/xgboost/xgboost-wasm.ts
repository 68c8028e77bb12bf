/**
 * Training and (slow, cross-check only) prediction with the XGBoost wasm build of ml-xgboost,
 * through `_malloc`ed heap buffers so matrix size is bounded by the 2 GB heap, not the stack.
 *
 * Missing values: this engine hard-codes the value -1 as "missing" in every matrix it builds.
 * We therefore encode NaN as -1 (missing, learns a default direction like XGBoost's NaN), and
 * move every genuine -1 to the next float32 away from zero, -1.0000001 (`NUDGED_MINUS_ONE`).
 * Every split threshold is either a training value or the midpoint of two distinct training
 * values, so a raw -1 and -1.0000001 land on the same side of every split unless the training
 * data also holds values within about 2e-7 above -1. Consequently models trained here are scored
 * on raw features with NaN as missing (tree-ensemble.ts, python xgboost with missing=NaN).
 */
import { checkMatrixShape, FeatureArray, FeatureMatrix } from './feature-matrix';
import { needsUnitIntervalLabels, toXGBoostParamStrings, XGBoostParams } from './xgboost-params';
import { callWasm, loadXGBoostWasm, mallocCString, mallocOrThrow, XGBoostWasmModule } from './xgboost-wasm-module';

export { loadXGBoostWasm } from './xgboost-wasm-module';
export type { XGBoostParams } from './xgboost-params';

/** The wasm engine's missing-value marker. */
const WASM_MISSING = -1;
/** What a genuine -1 feature value is sent to the wasm engine as: the next float32 below -1. */
export const NUDGED_MINUS_ONE = Math.fround(-1 - 2 ** -23);

/**
 * Writes `source` as float32 into the wasm heap at `pointer`, NaN → -1 (missing) and
 * -1 → NUDGED_MINUS_ONE. Throws on ±Infinity, naming the row and column.
 */
function writeEncodedFeatures(
  wasm: XGBoostWasmModule,
  pointer: number,
  source: FeatureArray,
  sourceOffset: number,
  count: number,
  cols: number,
): void {
  const heap = wasm.HEAPF32;
  const base = pointer >> 2;
  for (let i = 0; i < count; i++) {
    const raw = source[sourceOffset + i];
    let value = Math.fround(raw);
    if (value !== value) {
      value = WASM_MISSING;
    } else if (value === -1) {
      value = NUDGED_MINUS_ONE;
    } else if (value === Infinity || value === -Infinity) {
      const flat = sourceOffset + i;
      throw new Error(
        `feature value at row ${Math.floor(flat / cols)}, column ${flat % cols} is ${raw}` +
          `${Number.isFinite(raw) ? ' (overflows float32)' : ''}; XGBoost needs finite values or NaN for missing`,
      );
    }
    heap[base + i] = value;
  }
}

function checkLabels(labels: Float32Array, rows: number, params: XGBoostParams): void {
  if (labels.length !== rows) {
    throw new Error(`labels: expected one label per feature row (${rows}), got ${labels.length}`);
  }
  const unit = needsUnitIntervalLabels(params.objective);
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (!Number.isFinite(y)) throw new Error(`label at row ${i} is ${y}; labels must be finite numbers`);
    if (unit && (y < 0 || y > 1)) {
      throw new Error(
        `label at row ${i} is ${y}; objective ${params.objective ?? 'binary:logistic'} needs labels in [0, 1]`,
      );
    }
  }
}

function asMatrix(features: FeatureArray | FeatureMatrix, rows: number): FeatureMatrix {
  if (features instanceof Float32Array || features instanceof Float64Array) {
    if (rows === 0 || features.length % rows !== 0) {
      throw new Error(
        `features: ${features.length} values cannot be split into ${rows} rows (one per label); ` +
          `pass {data, rows, cols} to state the shape`,
      );
    }
    return { data: features, rows, cols: features.length / rows };
  }
  return features;
}

/** Copies the serialised model (XGBoost binary model format) out of the wasm engine. */
function saveModelBytes(wasm: XGBoostWasmModule, model: number): Uint8Array {
  const size = callWasm(wasm, 'save_model', () => wasm._save_model(model));
  if (size <= 0) throw new Error(`XGBoost (wasm) save_model failed (returned ${size})`);
  const pointer = mallocOrThrow(wasm, size, 'the saved model');
  try {
    callWasm(wasm, 'get_file_content', () => wasm._get_file_content(pointer, size));
    return wasm.HEAPU8.slice(pointer, pointer + size);
  } finally {
    wasm._free(pointer);
  }
}

/**
 * Trains `numRound` boosting rounds and returns the model in XGBoost's binary model format.
 * `features` is row-major: either a bare array (rows = labels.length) or {data, rows, cols}.
 */
export async function trainBooster(
  features: FeatureArray | FeatureMatrix,
  labels: Float32Array,
  params: XGBoostParams,
  numRound: number,
): Promise<Uint8Array> {
  const matrix = asMatrix(features, labels.length);
  checkMatrixShape(matrix.data, matrix.rows, matrix.cols, 'features');
  if (matrix.rows === 0) throw new Error('features: cannot train on zero rows');
  checkLabels(labels, matrix.rows, params);
  if (!Number.isInteger(numRound) || numRound < 1)
    throw new Error(`numRound must be a positive integer, got ${numRound}`);
  const paramStrings = toXGBoostParamStrings(params);
  const wasm = await loadXGBoostWasm();

  let model = 0;
  const pointers: number[] = [];
  try {
    const dataPointer = mallocOrThrow(wasm, matrix.data.length * 4, `a ${matrix.rows} x ${matrix.cols} feature matrix`);
    pointers.push(dataPointer);
    writeEncodedFeatures(wasm, dataPointer, matrix.data, 0, matrix.data.length, matrix.cols);
    const labelPointer = mallocOrThrow(wasm, labels.length * 4, 'labels');
    pointers.push(labelPointer);
    wasm.HEAPF32.set(labels, labelPointer >> 2);
    model = callWasm(wasm, 'create_model', () =>
      wasm._create_model(dataPointer, labelPointer, matrix.rows, matrix.cols),
    );
    // The DMatrix holds its own copy; release ours before training needs the memory.
    for (const p of pointers.splice(0)) wasm._free(p);
    for (const [name, value] of paramStrings) {
      const namePointer = mallocCString(wasm, name);
      pointers.push(namePointer);
      const valuePointer = mallocCString(wasm, value);
      pointers.push(valuePointer);
      callWasm(wasm, `set_param(${name}=${value})`, () => wasm._set_param(model, namePointer, valuePointer));
    }
    callWasm(wasm, `training ${numRound} rounds`, () => wasm._train_full_model(model, numRound));
    return saveModelBytes(wasm, model);
  } finally {
    for (const p of pointers) wasm._free(p);
    if (model !== 0) wasm._free_memory_model(model);
  }
}

/**
 * Scores rows with the wasm engine itself (one DMatrix per row: slow, for cross-checking
 * our own predictor). Returns XGBoost's prediction, i.e. the probability for binary:logistic.
 * Features get the same NaN / -1 encoding as in training.
 */
export async function predictWithWasm(
  modelBytes: Uint8Array,
  features: FeatureArray,
  rows: number,
  cols: number,
): Promise<Float64Array> {
  checkMatrixShape(features, rows, cols, 'features');
  if (modelBytes.length === 0) throw new Error('modelBytes is empty');
  const wasm = await loadXGBoostWasm();
  const out = new Float64Array(rows);
  let model = 0;
  let modelPointer = 0;
  let rowPointer = 0;
  let outPointer = 0;
  try {
    modelPointer = mallocOrThrow(wasm, modelBytes.length, 'the model bytes');
    wasm.HEAPU8.set(modelBytes, modelPointer);
    model = callWasm(wasm, 'load_model', () => wasm._load_model(modelPointer, modelBytes.length));
    if (model === 0) throw new Error('XGBoost (wasm) refused to load the model bytes');
    rowPointer = mallocOrThrow(wasm, cols * 4, 'one feature row');
    // Room for multi-output models, whose extra outputs we do not return.
    outPointer = mallocOrThrow(wasm, 64 * 4, 'one prediction');
    for (let r = 0; r < rows; r++) {
      writeEncodedFeatures(wasm, rowPointer, features, r * cols, cols, cols);
      const size = callWasm(wasm, `predict_one(row ${r})`, () =>
        wasm._predict_one(model, rowPointer, cols, outPointer),
      );
      if (size !== 1)
        throw new Error(`predictWithWasm supports single-output models; the model returned ${size} outputs`);
      out[r] = wasm.HEAPF32[outPointer >> 2];
    }
    return out;
  } finally {
    for (const p of [modelPointer, rowPointer, outPointer]) if (p !== 0) wasm._free(p);
    if (model !== 0) wasm._free_memory_model(model);
  }
}
