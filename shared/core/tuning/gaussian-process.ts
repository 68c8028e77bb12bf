/**
 * Gaussian-process regression with the kernel of ./matern-kernel (Matérn 5/2, ARD by default,
 * isotropic on request) on targets normalised to zero mean and unit variance, as scikit-learn's
 * `normalize_y=True`. Hyperparameters are fitted by maximising the log marginal likelihood with
 * the bounded L-BFGS of ./bounded-lbfgs in log space, from a default start plus seeded restarts
 * drawn log-uniformly inside the bounds.
 */
import { Random } from '../util/random';
import { minimizeBounded } from './bounded-lbfgs';
import {
  CholeskyFactor,
  choleskyWithJitter,
  inverseFromCholesky,
  logDeterminant,
  solveLower,
  solveLowerTransposed,
} from './cholesky';
import {
  GpHyperparameters,
  LengthScaleMode,
  checkHyperparameters,
  hyperparametersToTheta,
  matern52,
  matern52LogScaleFactor,
  scaledSquaredDistance,
  thetaToHyperparameters,
} from './matern-kernel';
import { sumOfSquares } from '../stats/mean-sd';

export type { GpHyperparameters, LengthScaleMode } from './matern-kernel';

export interface GpBounds {
  amplitude: [number, number];
  lengthScale: [number, number];
  noise: [number, number];
}

/** Bounds for inputs in the unit cube and normalised targets. */
export const DEFAULT_GP_BOUNDS: GpBounds = { amplitude: [1e-2, 1e2], lengthScale: [1e-2, 1e2], noise: [1e-6, 1] };

export interface GpFitOptions {
  lengthScaleMode?: LengthScaleMode;
  bounds?: GpBounds;
  /** Optimisation runs besides the one from `initial`; default 5. */
  restarts?: number;
  seed?: number;
  /** First start point; default amplitude 1, length scales 1, noise 1e-2 (clipped into the bounds). */
  initial?: GpHyperparameters;
}

export interface Prediction {
  mean: number;
  std: number;
}

interface TrainingData {
  inputs: Float64Array;
  count: number;
  dim: number;
  targets: Float64Array;
  targetMean: number;
  targetScale: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

export class GaussianProcess {
  readonly hyperparameters: GpHyperparameters;
  readonly logMarginalLikelihood: number;
  private readonly data: TrainingData;
  private readonly factor: CholeskyFactor;
  private readonly weights: Float64Array;
  private readonly crossCovariance: Float64Array;
  private readonly solved: Float64Array;

  /** A GP with fixed hyperparameters (no optimisation). `inputs` are rows of equal length. */
  constructor(inputs: ArrayLike<ArrayLike<number>>, targets: ArrayLike<number>, hyperparameters: GpHyperparameters) {
    this.data = prepareData(inputs, targets);
    checkHyperparameters(hyperparameters, this.data.dim);
    this.hyperparameters = { ...hyperparameters, lengthScales: [...hyperparameters.lengthScales] };
    const covariance = trainingCovariance(this.data, this.hyperparameters);
    this.factor = choleskyWithJitter(covariance, this.data.count);
    this.weights = solveLowerTransposed(this.factor, solveLower(this.factor, this.data.targets));
    this.logMarginalLikelihood = logLikelihoodFromFactor(this.data, this.factor, this.weights);
    this.crossCovariance = new Float64Array(this.data.count);
    this.solved = new Float64Array(this.data.count);
  }

  /** Fits hyperparameters by maximum marginal likelihood, then conditions on the data. */
  static fit(
    inputs: ArrayLike<ArrayLike<number>>,
    targets: ArrayLike<number>,
    options: GpFitOptions = {},
  ): GaussianProcess {
    const best = fitHyperparameters(prepareData(inputs, targets), options);
    return new GaussianProcess(inputs, targets, best);
  }

  /**
   * Posterior mean and standard deviation at `x`, in the units of the targets. By default the
   * std is of the latent function; `includeNoise` adds the white-noise variance (scikit-learn's
   * `predict(return_std=True)` does, because its WhiteKernel contributes to the test diagonal).
   */
  predict(x: ArrayLike<number>, options: { includeNoise?: boolean } = {}): Prediction {
    const { inputs, count, dim, targetMean, targetScale } = this.data;
    if (x.length !== dim)
      throw new Error(`GaussianProcess.predict: point has ${x.length} coordinates, expected ${dim}`);
    const { amplitude, lengthScales, noise } = this.hyperparameters;
    const k = this.crossCovariance;
    let mean = 0;
    for (let i = 0; i < count; i++) {
      k[i] = amplitude * matern52(Math.sqrt(scaledSquaredDistance(inputs, i, x, 0, dim, lengthScales)));
      mean += k[i] * this.weights[i];
    }
    const v = solveLower(this.factor, k, this.solved);
    let variance = amplitude + (options.includeNoise ? noise : 0);
    for (let i = 0; i < count; i++) variance -= v[i] * v[i];
    return { mean: targetMean + targetScale * mean, std: targetScale * Math.sqrt(Math.max(variance, 0)) };
  }
}

/**
 * Log marginal likelihood of the normalised targets and its gradient with respect to the log
 * hyperparameters, in scikit-learn's theta order [log amplitude, log ℓ…, log noise].
 */
export function logMarginalLikelihoodWithGradient(
  inputs: ArrayLike<ArrayLike<number>>,
  targets: ArrayLike<number>,
  hyperparameters: GpHyperparameters,
): { value: number; gradient: Float64Array } {
  const data = prepareData(inputs, targets);
  checkHyperparameters(hyperparameters, data.dim);
  return likelihoodAndGradient(data, hyperparametersToTheta(hyperparameters));
}

function prepareData(inputs: ArrayLike<ArrayLike<number>>, targets: ArrayLike<number>): TrainingData {
  const count = inputs.length;
  if (count === 0) throw new Error('GaussianProcess: at least one training point is required');
  if (targets.length !== count) throw new Error(`GaussianProcess: ${count} input rows but ${targets.length} targets`);
  const dim = inputs[0].length;
  if (dim === 0) throw new Error('GaussianProcess: input rows must have at least one coordinate');
  const flat = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    const row = inputs[i];
    if (row.length !== dim)
      throw new Error(`GaussianProcess: input row ${i} has ${row.length} coordinates, expected ${dim}`);
    for (let k = 0; k < dim; k++) {
      if (!Number.isFinite(row[k]))
        throw new Error(`GaussianProcess: input row ${i} coordinate ${k} is not finite (${row[k]})`);
      flat[i * dim + k] = row[k];
    }
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(targets[i])) throw new Error(`GaussianProcess: target ${i} is not finite (${targets[i]})`);
  }
  const { mean, squares } = sumOfSquares(targets);
  // Constant targets keep scale 1, like scikit-learn, instead of dividing by zero.
  const scale = Math.sqrt(squares / count) || 1;
  const normalised = new Float64Array(count);
  for (let i = 0; i < count; i++) normalised[i] = (targets[i] - mean) / scale;
  return { inputs: flat, count, dim, targets: normalised, targetMean: mean, targetScale: scale };
}

function trainingCovariance(data: TrainingData, hyper: GpHyperparameters): Float64Array {
  const { inputs, count, dim } = data;
  const covariance = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    covariance[i * count + i] = hyper.amplitude + hyper.noise;
    for (let j = 0; j < i; j++) {
      const value =
        hyper.amplitude * matern52(Math.sqrt(scaledSquaredDistance(inputs, i, inputs, j, dim, hyper.lengthScales)));
      covariance[i * count + j] = value;
      covariance[j * count + i] = value;
    }
  }
  return covariance;
}

function logLikelihoodFromFactor(data: TrainingData, factor: CholeskyFactor, weights: Float64Array): number {
  let fit = 0;
  for (let i = 0; i < data.count; i++) fit += data.targets[i] * weights[i];
  return -0.5 * fit - 0.5 * logDeterminant(factor) - 0.5 * data.count * LOG_2PI;
}

function likelihoodAndGradient(data: TrainingData, theta: Float64Array): { value: number; gradient: Float64Array } {
  const hyper = thetaToHyperparameters(theta);
  const { inputs, count, dim } = data;
  const factor = choleskyWithJitter(trainingCovariance(data, hyper), count);
  const weights = solveLowerTransposed(factor, solveLower(factor, data.targets));
  const value = logLikelihoodFromFactor(data, factor, weights);
  // ∂LML/∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ); W holds ααᵀ − K⁻¹.
  const w = inverseFromCholesky(factor);
  for (let i = 0; i < count * count; i++) w[i] = weights[Math.floor(i / count)] * weights[i % count] - w[i];
  const gradient = new Float64Array(theta.length);
  const shared = hyper.lengthScales.length === 1;
  let amplitudeTerm = 0;
  let noiseTerm = 0;
  for (let i = 0; i < count; i++) {
    amplitudeTerm += 0.5 * w[i * count + i] * hyper.amplitude;
    noiseTerm += 0.5 * w[i * count + i] * hyper.noise;
    for (let j = 0; j < i; j++) {
      const wij = w[i * count + j];
      const r = Math.sqrt(scaledSquaredDistance(inputs, i, inputs, j, dim, hyper.lengthScales));
      amplitudeTerm += wij * hyper.amplitude * matern52(r);
      const scaleFactor = wij * hyper.amplitude * matern52LogScaleFactor(r);
      if (shared) {
        gradient[1] += scaleFactor * r * r;
      } else {
        for (let k = 0; k < dim; k++) {
          const delta = (inputs[i * dim + k] - inputs[j * dim + k]) / hyper.lengthScales[k];
          gradient[k + 1] += scaleFactor * delta * delta;
        }
      }
    }
  }
  gradient[0] = amplitudeTerm;
  gradient[theta.length - 1] = noiseTerm;
  return { value, gradient };
}

function fitHyperparameters(data: TrainingData, options: GpFitOptions): GpHyperparameters {
  const bounds = options.bounds ?? DEFAULT_GP_BOUNDS;
  const scaleCount = (options.lengthScaleMode ?? 'ard') === 'ard' ? data.dim : 1;
  const restarts = options.restarts ?? 5;
  if (!Number.isInteger(restarts) || restarts < 0)
    throw new Error(`GP fit: restarts must be a non-negative integer, got ${restarts}`);
  const lower = new Float64Array(scaleCount + 2);
  const upper = new Float64Array(scaleCount + 2);
  const setBound = (index: number, [lo, hi]: [number, number], field: string): void => {
    if (!(lo > 0 && hi >= lo))
      throw new Error(`GP fit: bounds.${field} must satisfy 0 < low <= high, got [${lo}, ${hi}]`);
    lower[index] = Math.log(lo);
    upper[index] = Math.log(hi);
  };
  setBound(0, bounds.amplitude, 'amplitude');
  for (let k = 1; k <= scaleCount; k++) setBound(k, bounds.lengthScale, 'lengthScale');
  setBound(scaleCount + 1, bounds.noise, 'noise');

  const initial = options.initial ?? { amplitude: 1, lengthScales: new Array<number>(scaleCount).fill(1), noise: 1e-2 };
  if (initial.lengthScales.length !== scaleCount) {
    throw new Error(
      `GP fit: initial.lengthScales has ${initial.lengthScales.length} entries, the ${options.lengthScaleMode ?? 'ard'} kernel needs ${scaleCount}`,
    );
  }
  const starts: Float64Array[] = [hyperparametersToTheta(initial)];
  const random = new Random(options.seed ?? 0);
  for (let r = 0; r < restarts; r++) {
    const start = new Float64Array(lower.length);
    for (let k = 0; k < start.length; k++) start[k] = random.uniform(lower[k], upper[k]);
    starts.push(start);
  }
  const negative = (theta: Float64Array): { value: number; gradient: Float64Array } => {
    const { value, gradient } = likelihoodAndGradient(data, theta);
    for (let k = 0; k < gradient.length; k++) gradient[k] = -gradient[k];
    return { value: -value, gradient };
  };
  let best: { point: Float64Array; value: number } | undefined;
  for (const start of starts) {
    let result: { point: Float64Array; value: number };
    try {
      result = minimizeBounded(negative, start, lower, upper);
    } catch {
      continue; // a start where the kernel matrix cannot be factored; the other starts decide
    }
    if (!best || result.value < best.value) best = result;
  }
  if (!best)
    throw new Error(`GP fit: the log marginal likelihood could not be evaluated from any of ${starts.length} starts`);
  return thetaToHyperparameters(best.point);
}
