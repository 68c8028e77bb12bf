/**
 * L2-regularised binary logistic regression with scikit-learn's objective
 *   sum_i w_i * logloss_i + 0.5 / C * ||coef||^2   (intercept not penalised),
 * where w_i = n / (2 * n_class(y_i)) for classWeight 'balanced' and 1 otherwise. The problem is
 * strictly convex, so its optimum is unique: damped Newton steps reach it to near machine
 * precision in a handful of iterations (p is ~20), where sklearn's lbfgs stops earlier.
 */
import type { FeatureMatrix } from '../data/preprocess';
import { checkMatrixShape } from '../xgboost/feature-matrix';
import { choleskyWithJitter, solveLower, solveLowerTransposed } from '../../core/tuning/cholesky';
import { sigmoid, softplus } from '../../core/stats/logistic';

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength (sklearn's C); a positive finite number, default 1. */
  C?: number;
  classWeight?: 'balanced';
  fitIntercept?: boolean;
  maxIter?: number;
  /**
   * Stop once the Newton step is below tol * (1 + largest |parameter|). Newton converges
   * quadratically, so the parameters are then within about tol^2 of the optimum.
   */
  tol?: number;
}

export interface LogisticRegressionJSON {
  kind: 'logistic-regression';
  version: 1;
  coef: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

const ARMIJO_FRACTION = 1e-4;
const MAX_STEP_HALVINGS = 40;

export class LogisticRegressionModel {
  constructor(
    readonly coef: Float64Array,
    readonly intercept: number,
    readonly iterations: number,
    readonly converged: boolean,
  ) {}

  /** Log-odds X·coef + intercept (sklearn's decision_function). */
  predictMargin(X: FeatureMatrix): Float64Array {
    checkFeatures(X, 'LogisticRegressionModel.predictMargin');
    if (X.cols !== this.coef.length) {
      throw new Error(
        `LogisticRegressionModel.predictMargin: X has ${X.cols} columns, the model was fitted on ${this.coef.length}`,
      );
    }
    return margins(X, this.coef, this.intercept);
  }

  /** P(y = 1) per row (sklearn's predict_proba[:, 1]). */
  predictProba(X: FeatureMatrix): Float64Array {
    return this.predictMargin(X).map(sigmoid);
  }

  toJSON(): LogisticRegressionJSON {
    const { intercept, iterations, converged } = this;
    return { kind: 'logistic-regression', version: 1, coef: Array.from(this.coef), intercept, iterations, converged };
  }

  static fromJSON(json: unknown): LogisticRegressionModel {
    const fail = (what: string): never => {
      throw new Error(`LogisticRegressionModel.fromJSON: ${what}`);
    };
    if (json === null || typeof json !== 'object')
      return fail(`expected an object, got ${json === null ? 'null' : typeof json}`);
    const s = json as Partial<Record<keyof LogisticRegressionJSON, unknown>>;
    if (s.kind !== 'logistic-regression' || s.version !== 1) {
      return fail(
        `expected kind 'logistic-regression' version 1, got kind ${String(s.kind)} version ${String(s.version)}`,
      );
    }
    if (!Array.isArray(s.coef) || s.coef.length === 0)
      return fail("'coef' must be a non-empty array of finite numbers");
    const coef = s.coef.map((v: unknown, j: number) =>
      typeof v === 'number' && Number.isFinite(v) ? v : fail(`coef[${j}] must be a finite number, got ${String(v)}`),
    );
    if (typeof s.intercept !== 'number' || !Number.isFinite(s.intercept))
      return fail(`'intercept' must be a finite number, got ${String(s.intercept)}`);
    if (typeof s.iterations !== 'number' || !Number.isInteger(s.iterations) || s.iterations < 0) {
      return fail(`'iterations' must be a non-negative integer, got ${String(s.iterations)}`);
    }
    if (typeof s.converged !== 'boolean') return fail(`'converged' must be a boolean, got ${String(s.converged)}`);
    return new LogisticRegressionModel(Float64Array.from(coef), s.intercept, s.iterations, s.converged);
  }
}

/** Per-row weights: n / (2 * count of the row's class) for 'balanced' (sklearn's compute_class_weight), else 1. */
export function sampleWeights(y: ArrayLike<number>, classWeight: 'balanced' | undefined): Float64Array {
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`logistic regression: label at row ${i} is ${y[i]}, expected 0 or 1`);
    positives += y[i];
  }
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(
      `logistic regression: labels need both classes, got ${positives} positives and ${negatives} negatives`,
    );
  }
  const weights = new Float64Array(y.length);
  const positiveWeight = classWeight === 'balanced' ? y.length / (2 * positives) : 1;
  const negativeWeight = classWeight === 'balanced' ? y.length / (2 * negatives) : 1;
  for (let i = 0; i < y.length; i++) weights[i] = y[i] === 1 ? positiveWeight : negativeWeight;
  return weights;
}

export function fitLogisticRegression(
  X: FeatureMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const context = 'fitLogisticRegression';
  const { C = 1, classWeight, fitIntercept = true, maxIter = 100, tol = 1e-4 } = options;
  if (typeof C !== 'number' || !(C > 0) || !Number.isFinite(C))
    throw new Error(`${context}: C must be a positive finite number, got ${C}`);
  if (classWeight !== undefined && classWeight !== 'balanced')
    throw new Error(`${context}: classWeight must be 'balanced' or undefined, got ${String(classWeight)}`);
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new Error(`${context}: maxIter must be a positive integer, got ${maxIter}`);
  if (!(tol > 0)) throw new Error(`${context}: tol must be a positive number, got ${tol}`);
  checkFeatures(X, context);
  if (y.length !== X.rows) throw new Error(`${context}: X has ${X.rows} rows but y has ${y.length} labels`);
  const weights = sampleWeights(y, classWeight);

  const { cols } = X;
  const size = cols + (fitIntercept ? 1 : 0);
  const theta = new Float64Array(size);
  const penalty = 1 / C;
  const paramsAt = (params: Float64Array): [Float64Array, number] => [
    params.subarray(0, cols),
    fitIntercept ? params[cols] : 0,
  ];
  let margin = margins(X, ...paramsAt(theta));
  let objective = objectiveAt(margin, y, weights, theta.subarray(0, cols), penalty);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    const { gradient, hessian } = gradientAndHessian(X, y, weights, margin, theta, penalty, fitIntercept);
    const factor = choleskyWithJitter(hessian, size);
    const step = solveLowerTransposed(
      factor,
      solveLower(
        factor,
        gradient.map((g) => -g),
      ),
    );
    converged = maxAbs(step) <= tol * (1 + maxAbs(theta));
    const slope = dot(gradient, step);
    const stepMargin = margins(X, ...paramsAt(step));
    const trial = new Float64Array(size);
    let accepted = false;
    for (let halving = 0, t = 1; halving <= MAX_STEP_HALVINGS && !accepted; halving++, t /= 2) {
      for (let j = 0; j < size; j++) trial[j] = theta[j] + t * step[j];
      const trialMargin = margin.map((m, i) => m + t * stepMargin[i]);
      const trialObjective = objectiveAt(trialMargin, y, weights, trial.subarray(0, cols), penalty);
      if (trialObjective <= objective + ARMIJO_FRACTION * t * slope) {
        theta.set(trial);
        margin = trialMargin;
        objective = trialObjective;
        accepted = true;
      }
    }
    // No decrease even for a tiny step: the objective is flat to rounding, i.e. at the optimum.
    if (!accepted) break;
    iterations++;
    if (converged) break;
  }
  const [coef, intercept] = paramsAt(theta);
  return new LogisticRegressionModel(Float64Array.from(coef), intercept, iterations, converged);
}

function checkFeatures(X: FeatureMatrix, context: string): void {
  if (!(X.matrix instanceof Float64Array)) throw new Error(`${context}: X.matrix must be a Float64Array`);
  checkMatrixShape(X.matrix, X.rows, X.cols, context);
  for (let k = 0; k < X.matrix.length; k++) {
    if (!Number.isFinite(X.matrix[k])) {
      throw new Error(
        `${context}: X[${Math.floor(k / X.cols)}, ${k % X.cols}] is ${X.matrix[k]}, expected a finite number`,
      );
    }
  }
}

function margins(X: FeatureMatrix, coef: Float64Array, intercept: number): Float64Array {
  const { matrix, rows, cols } = X;
  const out = new Float64Array(rows);
  for (let i = 0, base = 0; i < rows; i++, base += cols) {
    let sum = intercept;
    for (let j = 0; j < cols; j++) sum += matrix[base + j] * coef[j];
    out[i] = sum;
  }
  return out;
}

function objectiveAt(
  margin: Float64Array,
  y: ArrayLike<number>,
  weights: Float64Array,
  coef: Float64Array,
  penalty: number,
): number {
  let loss = 0;
  for (let i = 0; i < margin.length; i++) loss += weights[i] * (softplus(margin[i]) - y[i] * margin[i]);
  return loss + 0.5 * penalty * dot(coef, coef);
}

function gradientAndHessian(
  X: FeatureMatrix,
  y: ArrayLike<number>,
  weights: Float64Array,
  margin: Float64Array,
  theta: Float64Array,
  penalty: number,
  fitIntercept: boolean,
): { gradient: Float64Array; hessian: Float64Array } {
  const { matrix, rows, cols } = X;
  const size = theta.length;
  const gradient = new Float64Array(size);
  const hessian = new Float64Array(size * size);
  const row = new Float64Array(size);
  if (fitIntercept) row[cols] = 1;
  for (let i = 0; i < rows; i++) {
    row.set(matrix.subarray(i * cols, (i + 1) * cols));
    const p = sigmoid(margin[i]);
    const residual = weights[i] * (p - y[i]);
    const curvature = weights[i] * p * (1 - p);
    for (let a = 0; a < size; a++) {
      gradient[a] += residual * row[a];
      const scaled = curvature * row[a];
      const base = a * size;
      for (let b = 0; b <= a; b++) hessian[base + b] += scaled * row[b];
    }
  }
  for (let j = 0; j < cols; j++) {
    gradient[j] += penalty * theta[j];
    hessian[j * size + j] += penalty;
  }
  for (let a = 0; a < size; a++) for (let b = 0; b < a; b++) hessian[b * size + a] = hessian[a * size + b];
  return { gradient, hessian };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let j = 0; j < values.length; j++) max = Math.max(max, Math.abs(values[j]));
  return max;
}
