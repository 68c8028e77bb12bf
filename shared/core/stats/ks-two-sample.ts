import { kolmogorovSurvival } from './kolmogorov';
import { sortedCopy } from './quantile';

/**
 * Two-sample, two-sided Kolmogorov–Smirnov test reproducing scipy 1.10's
 * `ks_2samp(a, b)` (alternative='two-sided', method='auto'):
 *   - 'exact' when max(n1, n2) <= 10000: the statistic is snapped to the lattice h / lcm(n1, n2)
 *     and the p-value is the exact lattice-path probability (closed-form Horner sum when
 *     n1 == n2, otherwise the Viehmann (2021) recursion that computes 1 - p directly);
 *   - 'asymp' otherwise: kstwo.sf(d, round(n1·n2 / (n1 + n2))).
 */

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsTwoSampleResult {
  statistic: number;
  pValue: number;
  /** The method actually used after 'auto' resolution. */
  method: 'exact' | 'asymp';
}

const MAX_EXACT_SIZE = 10000;
const INT32_MAX = 2147483647;

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** Largest ECDF gap max(max(F1 - F2), max(F2 - F1)), both sides evaluated as scipy does. */
function ksStatistic(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  while (i < n1 || j < n2) {
    const next = j >= n2 || (i < n1 && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
    while (i < n1 && sortedA[i] === next) i++;
    while (j < n2 && sortedB[j] === next) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const minSide = Math.min(Math.max(-minDiff, 0), 1);
  return minSide > maxDiff ? minSide : maxDiff;
}

/** P(D >= h/n) for two samples of equal size n. */
function equalSizeExceedanceProbability(n: number, h: number): number {
  // P = 2·A0·(1 - A1·(1 - A2·(...))) with Ai = binom(2n, n - (i+1)h) / binom(2n, n - ih) in product form.
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

/**
 * Probability that a uniformly random lattice path from (0,0) to (m,n) leaves the band
 * |x·n/g - y·m/g| < h, computed column by column as the probability of having exited:
 * P(x, y) = (x·P(x-1, y) + y·P(x, y-1)) / (x + y), with P = 1 outside the band.
 */
function latticeExitProbability(sizeA: number, sizeB: number, gcd: number, h: number): number {
  const m = Math.max(sizeA, sizeB);
  const n = Math.min(sizeA, sizeB);
  const mg = m / gcd;
  const ng = n / gcd;
  const column = new Float64Array(n + 1).fill(1);
  let lowest = 0;
  let pastHighest = Math.min(Math.ceil(h / mg), n + 1);
  column.fill(0, lowest, pastHighest);
  for (let x = 1; x <= m; x++) {
    const previousLowest = lowest;
    const previousPastHighest = pastHighest;
    lowest = Math.min(Math.max(Math.floor((ng * x - h) / mg) + 1, 0), n);
    pastHighest = Math.min(Math.ceil((ng * x + h) / mg), n + 1);
    if (pastHighest <= lowest) return 1;
    column.fill(1, previousLowest, Math.min(lowest, previousPastHighest));
    let below = lowest === 0 ? 0 : 1;
    for (let y = lowest; y < pastHighest; y++) {
      below = (column[y] * x + below * y) / (x + y);
      column[y] = below;
    }
    column.fill(1, pastHighest, previousPastHighest);
  }
  return column[n];
}

function checkSample(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new Error(`ksTwoSample: sample ${name} is empty`);
  const sorted = sortedCopy(values, name);
  if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[sorted.length - 1])) {
    throw new Error(`ksTwoSample: sample ${name} contains a non-finite value`);
  }
  return sorted;
}

/** Two-sided two-sample KS test; see the module comment for the scipy correspondence. */
export function kolmogorovSmirnovTwoSample(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { method?: KsMethod } = {},
): KsTwoSampleResult {
  const requested = options.method ?? 'auto';
  const sortedA = checkSample(a, 'a');
  const sortedB = checkSample(b, 'b');
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let statistic = ksStatistic(sortedA, sortedB);
  const gcd = greatestCommonDivisor(n1, n2);
  let method: 'exact' | 'asymp' =
    requested === 'auto' ? (Math.max(n1, n2) <= MAX_EXACT_SIZE ? 'exact' : 'asymp') : requested;
  if (requested === 'exact' && n1 / gcd >= INT32_MAX / (n2 / gcd)) method = 'asymp';

  if (method === 'exact') {
    const lcm = (n1 / gcd) * n2;
    const h = Math.round(statistic * lcm);
    statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method };
    const pValue = n1 === n2 ? equalSizeExceedanceProbability(n1, h) : latticeExitProbability(n1, n2, gcd, h);
    if (Number.isFinite(pValue) && pValue >= 0 && pValue <= 1) return { statistic, pValue, method };
    method = 'asymp';
  }
  const effectiveSize = Math.round((n1 * n2) / (n1 + n2));
  return { statistic, pValue: Math.min(Math.max(kolmogorovSurvival(effectiveSize, statistic), 0), 1), method };
}
