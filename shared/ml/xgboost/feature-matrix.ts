/** Dense row-major feature matrices as the model code consumes them. NaN means missing. */

export type FeatureArray = Float32Array | Float64Array;

export interface FeatureMatrix {
  data: FeatureArray;
  rows: number;
  cols: number;
}

/** Throws unless `data` holds exactly rows x cols values and both are non-negative integers. */
export function checkMatrixShape(data: FeatureArray, rows: number, cols: number, what: string): void {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`${what}: rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols <= 0) throw new Error(`${what}: cols must be a positive integer, got ${cols}`);
  if (data.length !== rows * cols) {
    throw new Error(`${what}: expected rows x cols = ${rows} x ${cols} = ${rows * cols} values, got ${data.length}`);
  }
}

/** A float32 view of the matrix (the precision XGBoost compares features in); copies only float64 input. */
export function toFloat32(data: FeatureArray): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}
