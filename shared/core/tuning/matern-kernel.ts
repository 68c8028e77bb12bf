/**
 * The GP covariance: amplitude · Matérn-5/2(r) + noise · [x = x'], with r the distance scaled by
 * per-dimension (ARD) or shared (isotropic) length scales — the same kernel as scikit-learn's
 * `ConstantKernel * Matern(nu=2.5) + WhiteKernel`. The white-noise term only appears on the
 * diagonal of the training covariance (identical training rows are not treated as the same point).
 */

const SQRT5 = Math.sqrt(5);

export type LengthScaleMode = 'ard' | 'isotropic';

export interface GpHyperparameters {
  amplitude: number;
  /** One length scale per input dimension (ARD) or a single shared one (isotropic). */
  lengthScales: number[];
  noise: number;
}

/** Matérn 5/2 correlation at scaled distance r: (1 + √5 r + 5r²/3) e^(−√5 r). */
export function matern52(r: number): number {
  const s = SQRT5 * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/**
 * ∂ matern52 / ∂ log ℓ divided by the squared scaled component it multiplies: for ARD,
 * ∂k/∂log ℓ_k = factor · (Δ_k/ℓ_k)²; for a shared scale, ∂k/∂log ℓ = factor · r².
 */
export function matern52LogScaleFactor(r: number): number {
  const s = SQRT5 * r;
  return (5 / 3) * (1 + s) * Math.exp(-s);
}

/** Squared scaled distance between row `i` of `a` and row `j` of `b` (both row-major with `dim` columns). */
export function scaledSquaredDistance(
  a: Float64Array,
  i: number,
  b: ArrayLike<number>,
  j: number,
  dim: number,
  lengthScales: ArrayLike<number>,
): number {
  const shared = lengthScales.length === 1;
  let sum = 0;
  for (let k = 0; k < dim; k++) {
    const delta = (a[i * dim + k] - b[j * dim + k]) / (shared ? lengthScales[0] : lengthScales[k]);
    sum += delta * delta;
  }
  return sum;
}

/** Log-space parameter vector in scikit-learn's `theta` order: [log amplitude, log ℓ…, log noise]. */
export function hyperparametersToTheta(hyper: GpHyperparameters): Float64Array {
  const theta = new Float64Array(hyper.lengthScales.length + 2);
  theta[0] = Math.log(hyper.amplitude);
  hyper.lengthScales.forEach((l, k) => (theta[k + 1] = Math.log(l)));
  theta[theta.length - 1] = Math.log(hyper.noise);
  return theta;
}

export function thetaToHyperparameters(theta: ArrayLike<number>): GpHyperparameters {
  const lengthScales: number[] = [];
  for (let k = 1; k < theta.length - 1; k++) lengthScales.push(Math.exp(theta[k]));
  return { amplitude: Math.exp(theta[0]), lengthScales, noise: Math.exp(theta[theta.length - 1]) };
}

/** Throws naming the field when hyperparameters are not positive finite or have the wrong shape. */
export function checkHyperparameters(hyper: GpHyperparameters, dim: number): void {
  const positive = (v: number): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!positive(hyper.amplitude))
    throw new Error(`GP hyperparameters: amplitude must be a positive number, got ${hyper.amplitude}`);
  if (!positive(hyper.noise))
    throw new Error(`GP hyperparameters: noise must be a positive number, got ${hyper.noise}`);
  if (hyper.lengthScales.length !== 1 && hyper.lengthScales.length !== dim) {
    throw new Error(
      `GP hyperparameters: lengthScales needs 1 (isotropic) or ${dim} (ARD) entries, got ${hyper.lengthScales.length}`,
    );
  }
  hyper.lengthScales.forEach((l, k) => {
    if (!positive(l)) throw new Error(`GP hyperparameters: lengthScales[${k}] must be a positive number, got ${l}`);
  });
}
