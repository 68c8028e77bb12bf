import { logGamma } from './gamma';

/**
 * Distribution of the one-sample Kolmogorov–Smirnov statistic D_n for finite n
 * (scipy.stats.kstwo), following scipy 1.10's choice of method per (n, d) region
 * (Simard & L'Ecuyer 2011):
 *   - d <= 1/n and d >= 1 - 1/n: Ruben–Gambino closed forms;
 *   - d >= 0.5 and large n·d²: twice the exact one-sided Smirnov tail;
 *   - small n·d²: Durbin's matrix (Marsaglia–Tsang–Wang evaluation);
 *   - large n, moderate n·d²: Pelz–Good asymptotic series.
 * One deliberate difference: where scipy uses Pomeranz's recursion (n <= 140,
 * 0.754693 < n·d² <= 4) this module uses Durbin's matrix, which is also exact, so
 * the two agree to rounding error (~1e-12).
 */

const SCALE_EXPONENT = 128;
const SCALE = 2 ** SCALE_EXPONENT;
const INVERSE_SCALE = 2 ** -SCALE_EXPONENT;
const PI_SQUARED = Math.PI * Math.PI;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const MIN_LOG = -708;

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

function checkSampleSize(n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`Kolmogorov distribution needs a positive integer n, got ${n}`);
}

/** x · 2^exponent without intermediate overflow or underflow. */
function scaleByPowerOfTwo(x: number, exponent: number): number {
  let result = x;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

/**
 * Exact one-sided Smirnov tail P(D_n+ >= d) (scipy.special.smirnov), by the Birnbaum–Tingey
 * sum evaluated term by term in logs so no term overflows for large n.
 */
export function smirnovSurvival(n: number, d: number): number {
  checkSampleSize(n);
  if (Number.isNaN(d)) throw new Error('smirnovSurvival: d is NaN');
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const lastJ = Math.floor(n * (1 - d));
  const logNFactorial = logGamma(n + 1);
  let sum = 0;
  for (let j = 0; j <= lastJ; j++) {
    const remaining = (n - j) / n - d;
    if (remaining <= 0) continue;
    const logTerm =
      logNFactorial -
      logGamma(j + 1) -
      logGamma(n - j + 1) +
      (n - j) * Math.log(remaining) +
      (j - 1) * Math.log(d + j / n);
    sum += Math.exp(logTerm);
  }
  return clip01(d * sum);
}

function multiplySquare(a: Float64Array, b: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const rowOffset = i * size;
    for (let k = 0; k < size; k++) {
      const aik = a[rowOffset + k];
      if (aik === 0) continue;
      const bOffset = k * size;
      for (let j = 0; j < size; j++) out[rowOffset + j] += aik * b[bOffset + j];
    }
  }
  return out;
}

/** Durbin matrix CDF P(D_n <= d): the (k,k) entry of H^n times n!/n^n, with power-of-two rescaling. */
function kolmogorovCdfDurbin(n: number, d: number): number {
  checkSampleSize(n);
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const size = 2 * k - 1;
  const inverseFactorials = new Float64Array(size + 1);
  inverseFactorials[0] = 1;
  for (let j = 1; j <= size; j++) inverseFactorials[j] = inverseFactorials[j - 1] / j;

  const firstColumn = new Float64Array(size);
  for (let j = 0; j < size; j++) firstColumn[j] = (1 - h ** (j + 1)) * inverseFactorials[j + 1];
  const cornerCorrection = Math.max(2 * h - 1, 0) ** size - 2 * h ** size;
  firstColumn[size - 1] = (1 + cornerCorrection) * inverseFactorials[size];

  let base: Float64Array = new Float64Array(size * size);
  for (let column = 1; column < size; column++) {
    for (let row = column - 1; row < size; row++) base[row * size + column] = inverseFactorials[row - column + 1];
  }
  for (let row = 0; row < size; row++) base[row * size] = firstColumn[row];
  for (let column = 0; column < size; column++) base[(size - 1) * size + column] = firstColumn[size - 1 - column];

  let power: Float64Array | undefined;
  let powerExponent = 0;
  let baseExponent = 0;
  const diagonal = (k - 1) * size + (k - 1);
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = power === undefined ? base.slice() : multiplySquare(power, base, size);
      powerExponent += baseExponent;
    }
    base = multiplySquare(base, base, size);
    baseExponent *= 2;
    if (Math.abs(base[diagonal]) > SCALE) {
      for (let i = 0; i < base.length; i++) base[i] *= INVERSE_SCALE;
      baseExponent += SCALE_EXPONENT;
    }
  }
  let p = (power as Float64Array)[diagonal];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < INVERSE_SCALE) {
      p *= SCALE;
      powerExponent -= SCALE_EXPONENT;
    }
  }
  return clip01(scaleByPowerOfTwo(p, powerExponent));
}

/** Pelz–Good approximation of P(D_n <= x) (accurate for large n). */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  checkSampleSize(n);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const logQ = -PI_SQUARED / 8 / z2;
  if (logQ < MIN_LOG) return 0;
  const q = Math.exp(logQ);
  const pi4 = PI_SQUARED * PI_SQUARED;
  const pi6 = pi4 * PI_SQUARED;
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;

  // Horner scheme in q^(8k) over the odd integers m = 2k - 1.
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const m4 = m2 * m2;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m4 * m2];
    for (let t = 0; t < 4; t++) terms[t] = terms[t] * qPower + coefficients[t];
  }
  const divisors = [z, 6 * z4, 72 * z4 * z2 * z, 6480 * z4 * z6];
  for (let t = 0; t < 4; t++) terms[t] = (terms[t] * q * SQRT_2PI) / divisors[t];

  const qAll = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k >= 1; k--) {
    const k2 = k * k;
    const weight = k2 * qAll ** k2;
    const kPi = Math.PI * k;
    k2Extra += weight;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * weight;
  }
  terms[2] += (k2Extra * PI_SQUARED * SQRT_2PI) / (-36 * z2 * z);
  terms[3] += (k3Extra * PI_SQUARED * SQRT_2PI) / (216 * z6);
  let total = 0;
  for (let t = 0; t < 4; t++) total += terms[t] / n ** (t / 2);
  return total;
}

/** Survival P(D_n >= d) of the two-sided one-sample statistic (scipy.stats.kstwo.sf(d, n)). */
export function kolmogorovSurvival(n: number, d: number): number {
  checkSampleSize(n);
  if (Number.isNaN(d)) throw new Error('kolmogorovSurvival: d is NaN');
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logGamma(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - cdf);
  }
  if (t >= n - 1) return clip01(2 * (1 - d) ** n);
  if (d >= 0.5) return clip01(2 * smirnovSurvival(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip01(1 - kolmogorovCdfDurbin(n, d));
    return clip01(2 * smirnovSurvival(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip01(2 * smirnovSurvival(n, d));
  const cdf = n <= 100000 && n * d ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, d) : kolmogorovCdfPelzGood(n, d);
  return clip01(1 - cdf);
}
