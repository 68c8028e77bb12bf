/**
 * Model selection by stratified k-fold cross-validation on the training rows. One validation
 * split of the stroke data holds about 50 strokes: too few to rank two dozen settings (the
 * winner of such a contest is mostly the luckiest). Every choice (imbalance strategy,
 * hyperparameters, number of trees) is instead scored on k held-out folds of the training rows,
 * with early stopping inside each fold, and the validation split is kept for calibration and the
 * threshold.
 *
 * Early stopping across folds works as xgboost.cv does: every fold trains `rounds` trees and
 * scores every prefix on its held-out rows; the chosen number of trees maximises the mean of
 * those curves, and each fold's average precision at that number is what is reported.
 */
import type { FeatureMatrix } from '../../ml/data/preprocess';
import { meanSd } from '../../core/stats/mean-sd';
import { Random } from '../../core/util/random';
import type { XGBoostParams } from '../../ml/xgboost/xgboost-params';
import { takeLabels } from './dataset';
import { trainAndValidate } from './train-eval';
import { throwIfAborted } from '../../core/util/abort';

/** Held-out row indices of each fold: disjoint, covering 0..n-1, each sorted ascending. */
export type Folds = readonly Int32Array[];

/**
 * Stratified folds: each class's rows are shuffled with Random(seed) and dealt to the folds in
 * turn, the dealing of each class continuing where the previous class stopped, so fold sizes
 * differ by at most one row and each class's count per fold by at most one.
 */
export function stratifiedKFold(labels: ArrayLike<number>, options: { folds?: number; seed: number }): Folds {
  const k = options.folds ?? 5;
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedKFold: folds must be an integer >= 2, got ${k}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isFinite(label))
      throw new Error(`stratifiedKFold: label at row ${i} is ${label}; expected a finite number`);
    const rows = byClass.get(label);
    if (rows === undefined) byClass.set(label, [i]);
    else rows.push(i);
  }
  const random = new Random(options.seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label) as number[];
    if (rows.length < k)
      throw new Error(`stratifiedKFold: class ${label} has ${rows.length} rows, fewer than the ${k} folds`);
    for (const row of random.shuffle(rows.slice())) {
      folds[next].push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((rows) => Int32Array.from(rows).sort());
}

/** The rows of 0..n-1 outside `heldOut` (sorted), i.e. a fold's training rows. */
export function complementOf(heldOut: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n - heldOut.length);
  let j = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (j < heldOut.length && heldOut[j] === i) j++;
    else out[o++] = i;
  }
  return out;
}

export function takeMatrixRows(data: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const { cols } = data;
  const matrix = new Float64Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++)
    matrix.set(data.matrix.subarray(rows[r] * cols, (rows[r] + 1) * cols), r * cols);
  return { matrix, rows: rows.length, cols };
}

/** The training rows a strategy hands to XGBoost, and the parameters it adds. */
export interface PreparedTraining {
  train: FeatureMatrix;
  labels: ArrayLike<number>;
  params: XGBoostParams;
}

/**
 * How a fold's (or the final model's) training rows become XGBoost's input: class weighting and
 * SMOTE are fitted on those rows only, never on the rows they are scored on.
 */
export type PrepareTraining = (train: FeatureMatrix, labels: Float64Array, params: XGBoostParams) => PreparedTraining;

export interface CrossValidationResult {
  /** Mean over folds of each fold's average precision after 1, 2, ... trees. */
  meanCurve: number[];
  /** Trees maximising the mean curve (the first, on ties). */
  rounds: number;
  /** Each fold's held-out average precision at `rounds` trees. */
  foldAveragePrecision: number[];
  averagePrecisionMean: number;
  /** Sample standard deviation (n − 1) across folds. */
  averagePrecisionSd: number;
}

export interface CrossValidationInput {
  data: FeatureMatrix;
  labels: Float64Array;
  folds: Folds;
  params: XGBoostParams;
  rounds: number;
  prepare: PrepareTraining;
  /** Train the folds on worker threads (default true). */
  inWorker?: boolean;
  /** Stops every fold (ending their workers) when it fires; rejects with an AbortError. */
  signal?: AbortSignal;
}

export async function crossValidate(input: CrossValidationInput): Promise<CrossValidationResult> {
  const { data, labels, folds } = input;
  const curves = await Promise.all(
    folds.map(async (heldOut) => {
      throwIfAborted(input.signal, 'cross-validation');
      const trainRows = complementOf(heldOut, data.rows);
      const prepared = input.prepare(takeMatrixRows(data, trainRows), takeLabels(labels, trainRows), input.params);
      const validated = await trainAndValidate(
        prepared.train,
        prepared.labels,
        takeMatrixRows(data, heldOut),
        takeLabels(labels, heldOut),
        prepared.params,
        input.rounds,
        { inWorker: input.inWorker ?? true, signal: input.signal },
      );
      return validated.curve;
    }),
  );
  return summarizeFoldCurves(curves);
}

/** Chooses the number of trees from per-fold curves and reports each fold's AP there. */
export function summarizeFoldCurves(curves: readonly number[][]): CrossValidationResult {
  if (curves.length === 0) throw new Error('summarizeFoldCurves: no folds');
  const length = Math.min(...curves.map((c) => c.length));
  if (length === 0) throw new Error('summarizeFoldCurves: a fold has an empty curve');
  const meanCurve = Array.from({ length }, (_, t) => curves.reduce((sum, c) => sum + c[t], 0) / curves.length);
  let best = 0;
  for (let t = 1; t < length; t++) if (meanCurve[t] > meanCurve[best]) best = t;
  const foldAveragePrecision = curves.map((c) => c[best]);
  const { mean, sd } = meanSd(foldAveragePrecision);
  return { meanCurve, rounds: best + 1, foldAveragePrecision, averagePrecisionMean: mean, averagePrecisionSd: sd };
}
