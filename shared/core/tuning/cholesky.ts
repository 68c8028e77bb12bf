/**
 * Dense Cholesky factorisation and triangular solves for the small (n ≲ a few hundred) kernel
 * matrices of the Gaussian process. Matrices are row-major Float64Arrays of n × n.
 */

export interface CholeskyFactor {
  /** Lower-triangular L with L Lᵀ = A + jitter·I (upper triangle is zero). */
  lower: Float64Array;
  size: number;
  /** Diagonal jitter that had to be added for positive definiteness (0 when none). */
  jitter: number;
}

/** Plain Cholesky; returns undefined when a pivot is not positive (matrix not numerically PD). */
function tryCholesky(matrix: Float64Array, size: number, jitter = 0): Float64Array | undefined {
  const lower = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const rowI = i * size;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * size;
      let sum = matrix[rowI + j];
      for (let k = 0; k < j; k++) sum -= lower[rowI + k] * lower[rowJ + k];
      if (i === j) {
        sum += jitter;
        if (!(sum > 0)) return undefined;
        lower[rowI + i] = Math.sqrt(sum);
      } else {
        lower[rowI + j] = sum / lower[rowJ + j];
      }
    }
  }
  return lower;
}

/**
 * Cholesky that retries with growing diagonal jitter (1e-10 … 1e-4 times the mean diagonal),
 * because near-duplicate inputs make kernel matrices numerically singular.
 */
export function choleskyWithJitter(matrix: Float64Array, size: number): CholeskyFactor {
  if (matrix.length !== size * size) {
    throw new Error(`cholesky: matrix has ${matrix.length} entries, expected ${size}×${size}`);
  }
  const exact = tryCholesky(matrix, size);
  if (exact) return { lower: exact, size, jitter: 0 };
  let meanDiagonal = 0;
  for (let i = 0; i < size; i++) meanDiagonal += matrix[i * size + i];
  meanDiagonal = Math.abs(meanDiagonal / size) || 1;
  for (let exponent = -10; exponent <= -4; exponent++) {
    const jitter = meanDiagonal * 10 ** exponent;
    const lower = tryCholesky(matrix, size, jitter);
    if (lower) return { lower, size, jitter };
  }
  throw new Error(`cholesky: ${size}×${size} matrix is not positive definite even with jitter ${meanDiagonal * 1e-4}`);
}

/** Solves L x = b (forward substitution). */
export function solveLower(
  factor: CholeskyFactor,
  rhs: ArrayLike<number>,
  out: Float64Array = new Float64Array(factor.size),
): Float64Array {
  const { lower, size } = factor;
  for (let i = 0; i < size; i++) {
    let sum = rhs[i];
    const row = i * size;
    for (let k = 0; k < i; k++) sum -= lower[row + k] * out[k];
    out[i] = sum / lower[row + i];
  }
  return out;
}

/** Solves Lᵀ x = b (back substitution). */
export function solveLowerTransposed(
  factor: CholeskyFactor,
  rhs: ArrayLike<number>,
  out: Float64Array = new Float64Array(factor.size),
): Float64Array {
  const { lower, size } = factor;
  for (let i = size - 1; i >= 0; i--) {
    let sum = rhs[i];
    for (let k = i + 1; k < size; k++) sum -= lower[k * size + i] * out[k];
    out[i] = sum / lower[i * size + i];
  }
  return out;
}

/** A⁻¹ from its Cholesky factor, as a full symmetric row-major matrix. */
export function inverseFromCholesky(factor: CholeskyFactor): Float64Array {
  const { size } = factor;
  const inverse = new Float64Array(size * size);
  const unit = new Float64Array(size);
  const column = new Float64Array(size);
  const half = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    unit.fill(0);
    unit[j] = 1;
    solveLower(factor, unit, half);
    solveLowerTransposed(factor, half, column);
    for (let i = 0; i < size; i++) inverse[i * size + j] = column[i];
  }
  return inverse;
}

/** log det(A) = 2 Σ log L_ii. */
export function logDeterminant(factor: CholeskyFactor): number {
  let sum = 0;
  for (let i = 0; i < factor.size; i++) sum += Math.log(factor.lower[i * factor.size + i]);
  return 2 * sum;
}
