import { regularizedGammaP, regularizedGammaQ, scaledUpperGammaQ } from './gamma';

/**
 * Standard normal distribution: the one home of Φ, φ, the Mills ratio and the quantile (the
 * tests of significance and the tuner's expected improvement both use it). Φ is expressed
 * through the incomplete gamma function (Φ(-z) = Q(1/2, z²/2) / 2), which keeps relative
 * precision deep in the tails.
 *
 * NaN: every function here throws on a NaN argument (naming itself) instead of returning NaN,
 * so a NaN never travels silently into a p-value or an acquisition ranking. ±Infinity is a value,
 * with the limits Φ(-∞) = 0, Φ(∞) = 1, φ(±∞) = 0.
 */

const SQRT_2PI = 2.5066282746310002;

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new Error('normalCdf: z is NaN');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const halfSquare = (z * z) / 2;
  return z < 0 ? 0.5 * regularizedGammaQ(0.5, halfSquare) : 0.5 + 0.5 * regularizedGammaP(0.5, halfSquare);
}

/** Standard normal survival 1 - Φ(z), accurate for large z. */
export function normalSurvival(z: number): number {
  return normalCdf(-z);
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  if (Number.isNaN(z)) throw new Error('normalPdf: z is NaN');
  return Math.exp((-z * z) / 2) / SQRT_2PI;
}

/**
 * Mills ratio Φ(−t)/φ(t) for t ≥ 0, without forming the numerator and denominator (both
 * underflow beyond t ≈ 38): from t = √3 on it is t/2 times the incomplete gamma's continued
 * fraction for Q(1/2, t²/2) without its prefactor.
 */
export function normalLowerTailRatio(t: number): number {
  if (!(t >= 0)) throw new Error(`normalLowerTailRatio: t must be >= 0, got ${t}`);
  if (t === Infinity) return 0;
  const halfSquare = (t * t) / 2;
  if (halfSquare < 1.5) return normalCdf(-t) / normalPdf(t);
  return 0.5 * t * scaledUpperGammaQ(0.5, halfSquare);
}

// Acklam's rational approximation (relative error < 1.2e-9), refined below with Halley steps.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Quantile for p <= 0.5, where Φ(x) - p can be evaluated without cancellation. */
function lowerHalfQuantile(p: number): number {
  let x = acklam(p);
  for (let step = 0; step < 2; step++) {
    const error = normalCdf(x) - p;
    const u = error * SQRT_2PI * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Inverse of Φ (scipy.stats.norm.ppf); p = 0 and p = 1 give ∓Infinity. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`normalQuantile: probability must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Upper half by symmetry, as scipy's ndtri does (it too works with 1 - p there).
  return p < 0.5 ? lowerHalfQuantile(p) : -lowerHalfQuantile(1 - p);
}
