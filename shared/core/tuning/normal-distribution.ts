/**
 * Standard normal density and distribution function to near machine precision, including the
 * far lower tail (needed for expected improvement far from the incumbent).
 * erfc uses the all-positive series erf(x) = (2/√π) e^(−x²) Σ 2ⁿ x^(2n+1) / (2n+1)!! below x = 2
 * and the classical continued fraction (Abramowitz & Stegun 7.1.14) at and above it.
 */

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SERIES_LIMIT = 2;

/** φ(z) */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Φ(z) = ½ erfc(−z/√2), computed so the lower tail keeps its relative precision. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return z < 0 ? 0.5 * erfc(-z / Math.SQRT2) : 1 - 0.5 * erfc(z / Math.SQRT2);
}

/** Mills ratio Φ(−t)/φ(t) for t ≥ 0, without forming the (underflowing) numerator and denominator. */
export function normalLowerTailRatio(t: number): number {
  if (!(t >= 0)) throw new Error(`normalLowerTailRatio: t must be >= 0, got ${t}`);
  const x = t / Math.SQRT2;
  if (x < SERIES_LIMIT) return normalCdf(-t) / normalPdf(t);
  return continuedFraction(x) / Math.SQRT2;
}

/** Complementary error function for x ≥ 0 (and by symmetry for x < 0). */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  if (x > 27) return 0; // below the smallest double
  return Math.exp(-x * x) * INV_SQRT_PI * continuedFraction(x);
}

function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return 2 * INV_SQRT_PI * Math.exp(-x * x) * sum;
}

/** 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) by the modified Lentz method. */
function continuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = tiny;
  let c = f;
  let d = 0;
  for (let j = 1; j < 500; j++) {
    const a = j === 1 ? 1 : (j - 1) / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}
