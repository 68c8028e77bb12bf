/**
 * Bayesian ridge regression reproducing scikit-learn 1.2's `BayesianRidge` (MacKay evidence
 * maximisation of the noise precision `alpha` and the weight precision `lambda`).
 *
 * scikit-learn diagonalises the centred design through an SVD of X; we diagonalise the p×p Gram
 * matrix XᵀX instead (its eigenvalues are the squared singular values and its eigenvectors the
 * right singular vectors), which keeps a fit at O(n·p²) with no n×p copy: one pass for the Gram
 * matrix, then one per evidence update. Features are passed column-major: `columns[j][i]` is
 * feature j of sample i.
 */

export interface BayesianRidgeOptions {
  /** Maximum number of evidence updates (sklearn 1.2 `n_iter`). Default 300. */
  maxIter?: number;
  /** Stop once the L1 change of the coefficients falls below this. Default 1e-3. */
  tol?: number;
  /** Gamma prior on alpha (shape, rate). Defaults 1e-6. */
  alpha1?: number;
  alpha2?: number;
  /** Gamma prior on lambda (shape, rate). Defaults 1e-6. */
  lambda1?: number;
  lambda2?: number;
  /** Starting alpha; default 1 / (Var(y) + machine epsilon). */
  alphaInit?: number;
  /** Starting lambda; default 1. */
  lambdaInit?: number;
  /** Centre X and y and fit an intercept. Default true. */
  fitIntercept?: boolean;
}

interface PredictionWithStd {
  mean: Float64Array;
  std: Float64Array;
}

const MACHINE_EPSILON = 2.220446049250313e-16;

class BayesianRidgeModel {
  constructor(
    readonly coef: Float64Array,
    readonly intercept: number,
    /** Estimated noise precision. */
    readonly alpha: number,
    /** Estimated weight precision. */
    readonly lambda: number,
    /** Posterior covariance of the coefficients, p×p row-major. */
    readonly sigma: Float64Array,
    /** Evidence updates performed (sklearn `n_iter_`). */
    readonly iterations: number,
  ) {}

  get featureCount(): number {
    return this.coef.length;
  }

  /** Posterior predictive mean for each sample of `columns`. */
  predict(columns: readonly Float64Array[]): Float64Array {
    const rows = checkDesign(columns, this.featureCount, 'predict');
    const mean = new Float64Array(rows).fill(this.intercept);
    for (let j = 0; j < this.featureCount; j++) {
      const column = columns[j];
      const weight = this.coef[j];
      for (let i = 0; i < rows; i++) mean[i] += weight * column[i];
    }
    return mean;
  }

  /**
   * Mean and standard deviation of the posterior predictive. Like scikit-learn 1.2 the variance
   * term xᵀΣx uses the raw (uncentred) features. Matches sklearn when n_samples > n_features
   * (see `posteriorCovariance` for n ≤ p).
   */
  predictWithStd(columns: readonly Float64Array[]): PredictionWithStd {
    const mean = this.predict(columns);
    const p = this.featureCount;
    const rows = mean.length;
    const std = new Float64Array(rows);
    const x = new Float64Array(p);
    const noiseVariance = 1 / this.alpha;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < p; j++) x[j] = columns[j][i];
      let quadratic = 0;
      for (let j = 0; j < p; j++) {
        let row = 0;
        for (let k = 0; k < p; k++) row += this.sigma[j * p + k] * x[k];
        quadratic += row * x[j];
      }
      std[i] = Math.sqrt(quadratic + noiseVariance);
    }
    return { mean, std };
  }
}

export function fitBayesianRidge(
  columns: readonly Float64Array[],
  target: Float64Array,
  options: BayesianRidgeOptions = {},
): BayesianRidgeModel {
  const maxIter = options.maxIter ?? 300;
  const tol = options.tol ?? 1e-3;
  const alpha1 = options.alpha1 ?? 1e-6;
  const alpha2 = options.alpha2 ?? 1e-6;
  const lambda1 = options.lambda1 ?? 1e-6;
  const lambda2 = options.lambda2 ?? 1e-6;
  const fitIntercept = options.fitIntercept ?? true;
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new Error(`fitBayesianRidge: maxIter must be a positive integer, got ${maxIter}`);
  }
  const p = columns.length;
  const n = checkDesign(columns, p, 'fitBayesianRidge');
  if (target.length !== n) {
    throw new Error(`fitBayesianRidge: target has ${target.length} values but the features have ${n} rows`);
  }
  if (n === 0) throw new Error('fitBayesianRidge: cannot fit on zero samples');
  const targetSum = finiteSum(target, 'target');
  const columnSums = columns.map((column, j) => finiteSum(column, `feature ${j}`));

  // The centred data is never stored: every pass recomputes x − mean, which gives the same
  // doubles a centred copy would hold, so a fit reads the inputs a few times and allocates
  // nothing of size n.
  const xOffset = new Float64Array(p);
  if (fitIntercept) columnSums.forEach((sum, j) => (xOffset[j] = sum / n));
  const yOffset = fitIntercept ? targetSum / n : 0;
  const { gram, xty, yy } = centredMoments(columns, xOffset, target, yOffset);
  const { values: eigenValues, vectors } = symmetricEigen(gram, p);
  // Vᵀ·Xᵀy is fixed across iterations; each coefficient update only rescales it.
  const projectedXty = new Float64Array(p);
  for (let m = 0; m < p; m++) {
    let sum = 0;
    for (let j = 0; j < p; j++) sum += vectors[j * p + m] * xty[j];
    projectedXty[m] = sum;
  }

  let alpha = options.alphaInit ?? 1 / (yy / n + MACHINE_EPSILON);
  let lambda = options.lambdaInit ?? 1;
  let previousCoef: Float64Array | undefined;
  let iterations = 0;
  for (let iteration = 0; iteration < maxIter; iteration++) {
    iterations = iteration + 1;
    const coef = posteriorMean(vectors, eigenValues, projectedXty, lambda / alpha);
    const residualSumOfSquares = residualSquares(columns, xOffset, target, yOffset, coef);
    let gamma = 0;
    for (let m = 0; m < p; m++) gamma += (alpha * eigenValues[m]) / (lambda + alpha * eigenValues[m]);
    lambda = (gamma + 2 * lambda1) / (dot(coef, coef) + 2 * lambda2);
    alpha = (n - gamma + 2 * alpha1) / (residualSumOfSquares + 2 * alpha2);
    if (previousCoef !== undefined && l1Distance(previousCoef, coef) < tol) break;
    previousCoef = coef;
  }

  const coef = posteriorMean(vectors, eigenValues, projectedXty, lambda / alpha);
  const sigma = posteriorCovariance(vectors, eigenValues, alpha, lambda);
  let intercept = 0;
  if (fitIntercept) intercept = yOffset - dot(xOffset, coef);
  return new BayesianRidgeModel(coef, intercept, alpha, lambda, sigma, iterations);
}

/** coef = V · diag(1 / (eigenvalue + ratio)) · Vᵀ Xᵀy, i.e. (XᵀX + ratio·I)⁻¹ Xᵀy. */
function posteriorMean(
  vectors: Float64Array,
  eigenValues: Float64Array,
  projectedXty: Float64Array,
  ratio: number,
): Float64Array {
  const p = eigenValues.length;
  const coef = new Float64Array(p);
  for (let m = 0; m < p; m++) {
    const weight = projectedXty[m] / (eigenValues[m] + ratio);
    for (let j = 0; j < p; j++) coef[j] += vectors[j * p + m] * weight;
  }
  return coef;
}

/**
 * Σ = (λI + αXᵀX)⁻¹ = (1/alpha) · V · diag(1 / (eigenvalue + lambda/alpha)) · Vᵀ.
 * For n > p this is exactly sklearn's `sigma_`. For n ≤ p sklearn keeps only the min(n, p)
 * right singular vectors of its thin SVD, one of which is an arbitrary LAPACK-chosen null-space
 * direction once X is centred, so we return the full posterior covariance instead.
 */
function posteriorCovariance(
  vectors: Float64Array,
  eigenValues: Float64Array,
  alpha: number,
  lambda: number,
): Float64Array {
  const p = eigenValues.length;
  const sigma = new Float64Array(p * p);
  for (let m = 0; m < p; m++) {
    const weight = 1 / alpha / (eigenValues[m] + lambda / alpha);
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) sigma[j * p + k] += vectors[j * p + m] * weight * vectors[k * p + m];
    }
  }
  return sigma;
}

/**
 * Eigen-decomposition of a symmetric p×p matrix (row-major) by cyclic Jacobi rotations, which is
 * accurate and simple for the handful of features a regression here sees. Returns eigenvalues
 * (clamped at 0 since a Gram matrix is positive semi-definite) and eigenvectors as the columns
 * of a row-major p×p matrix.
 */
export function symmetricEigen(matrix: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  if (matrix.length !== p * p) throw new Error(`symmetricEigen: expected ${p * p} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let j = 0; j < p; j++) v[j * p + j] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) offDiagonal += a[r * p + c] * a[r * p + c];
    if (offDiagonal === 0) break;
    for (let r = 0; r < p; r++) {
      for (let c = r + 1; c < p; c++) {
        const arc = a[r * p + c];
        if (arc === 0) continue;
        const theta = (a[c * p + c] - a[r * p + r]) / (2 * arc);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        rotate(a, p, r, c, p, cos, sin); // columns r and c of a
        rotate(a, p, r * p, c * p, 1, cos, sin); // rows r and c of a
        rotate(v, p, r, c, p, cos, sin); // columns r and c of v
      }
    }
  }
  const values = new Float64Array(p);
  for (let j = 0; j < p; j++) values[j] = Math.max(0, a[j * p + j]);
  return { values, vectors: v };
}

/**
 * One Givens rotation of two lines of a row-major p×p matrix: the p entries starting at `first`
 * and at `second`, `stride` apart (p for columns, 1 for rows), become cos·x − sin·y and sin·x + cos·y.
 */
function rotate(
  m: Float64Array,
  p: number,
  first: number,
  second: number,
  stride: number,
  cos: number,
  sin: number,
): void {
  for (let k = 0; k < p; k++) {
    const x = m[first + k * stride];
    const y = m[second + k * stride];
    m[first + k * stride] = cos * x - sin * y;
    m[second + k * stride] = sin * x + cos * y;
  }
}

function checkDesign(columns: readonly Float64Array[], expectedFeatures: number, caller: string): number {
  if (columns.length !== expectedFeatures) {
    throw new Error(`${caller}: expected ${expectedFeatures} feature columns, got ${columns.length}`);
  }
  if (columns.length === 0) return 0;
  const rows = columns[0].length;
  columns.forEach((column, j) => {
    if (column.length !== rows) {
      throw new Error(`${caller}: feature ${j} has ${column.length} rows but feature 0 has ${rows}`);
    }
  });
  return rows;
}

/** Sum of the values in order; throws naming the first non-finite value (a finite sum has none). */
function finiteSum(values: Float64Array, label: string): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  if (!Number.isFinite(sum)) checkFinite(values, label);
  return sum;
}

function checkFinite(values: Float64Array, label: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`fitBayesianRidge: ${label} has a non-finite value (${values[i]}) at row ${i}`);
    }
  }
}

/**
 * XcᵀXc (p×p, row-major), Xcᵀyc and ycᵀyc of the centred data (x − xOffset, y − yOffset), each
 * entry a dot product summed in row order. One tight pass per entry beats one pass holding all
 * of them, whose inner loops over features V8 compiles poorly.
 */
function centredMoments(
  columns: readonly Float64Array[],
  xOffset: Float64Array,
  target: Float64Array,
  yOffset: number,
): { gram: Float64Array; xty: Float64Array; yy: number } {
  const p = columns.length;
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    xty[j] = centredDot(columns[j], xOffset[j], target, yOffset);
    for (let k = 0; k <= j; k++) {
      const value = centredDot(columns[j], xOffset[j], columns[k], xOffset[k]);
      gram[j * p + k] = value;
      gram[k * p + j] = value;
    }
  }
  return { gram, xty, yy: centredDot(target, yOffset, target, yOffset) };
}

/** Σ (a[i] − aOffset)·(b[i] − bOffset) in row order. */
function centredDot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - aOffset) * (b[i] - bOffset);
  return sum;
}

/** ‖yc − Xc·coef‖² of the centred data, each residual formed term by term in feature order. */
function residualSquares(
  columns: readonly Float64Array[],
  xOffset: Float64Array,
  target: Float64Array,
  yOffset: number,
  coef: Float64Array,
): number {
  const p = columns.length;
  let sum = 0;
  for (let i = 0; i < target.length; i++) {
    let residual = target[i] - yOffset;
    for (let j = 0; j < p; j++) residual -= coef[j] * (columns[j][i] - xOffset[j]);
    sum += residual * residual;
  }
  return sum;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function l1Distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum;
}
