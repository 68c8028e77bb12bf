import { chiSquareSurvival } from '../../core/stats/chi-square';
import { normalizeCounts } from '../../core/stats/histogram';

/**
 * Drift statistics for categorical (or pre-binned) distributions.
 */

export type CategoryCounts = Map<string, number>;
export type Distribution = ArrayLike<number> | CategoryCounts;

/** SageMaker Model Monitor's default threshold for the L-infinity distance. */
export const LINF_DEFAULT_THRESHOLD = 0.1;

interface AlignedCounts {
  /** Baseline categories in insertion order, then categories seen only in the current data. */
  categories: string[];
  baseline: Float64Array;
  current: Float64Array;
}

function checkCount(value: number, side: string, category: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${side} count for category '${category}' must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Puts both count maps on the same category axis (missing categories count 0). */
function alignCategoryCounts(baseline: CategoryCounts, current: CategoryCounts): AlignedCounts {
  const categories = [...baseline.keys()];
  for (const key of current.keys()) if (!baseline.has(key)) categories.push(key);
  const aligned: AlignedCounts = {
    categories,
    baseline: new Float64Array(categories.length),
    current: new Float64Array(categories.length),
  };
  categories.forEach((category, i) => {
    aligned.baseline[i] = checkCount(baseline.get(category) ?? 0, 'baseline', category);
    aligned.current[i] = checkCount(current.get(category) ?? 0, 'current', category);
  });
  return aligned;
}

function alignDistributions(
  baseline: Distribution,
  current: Distribution,
  caller: string,
): { p: ArrayLike<number>; q: ArrayLike<number> } {
  if (baseline instanceof Map || current instanceof Map) {
    if (!(baseline instanceof Map && current instanceof Map))
      throw new Error(`${caller}: pass two Maps or two arrays, not one of each`);
    const aligned = alignCategoryCounts(baseline, current);
    return { p: aligned.baseline, q: aligned.current };
  }
  if (baseline.length !== current.length) {
    throw new Error(`${caller}: baseline has ${baseline.length} bins but current has ${current.length}`);
  }
  return { p: baseline, q: current };
}

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  pValue: number;
  categories: string[];
}

/**
 * scipy.stats.chi2_contingency on the 2 x k table [baseline; current] with its default
 * Yates continuity correction, which scipy applies only when dof = 1 (two categories).
 * dof = 0 (a single category) gives statistic 0 and p-value 1, as scipy does.
 */
export function chiSquareCategorical(baselineCounts: CategoryCounts, currentCounts: CategoryCounts): ChiSquareResult {
  const { categories, baseline, current } = alignCategoryCounts(baselineCounts, currentCounts);
  if (categories.length === 0) throw new Error('chiSquareCategorical: no categories in either count map');
  const k = categories.length;
  let baselineTotal = 0;
  let currentTotal = 0;
  for (let j = 0; j < k; j++) {
    baselineTotal += baseline[j];
    currentTotal += current[j];
  }
  if (baselineTotal === 0) throw new Error('chiSquareCategorical: baseline counts are all zero');
  if (currentTotal === 0) throw new Error('chiSquareCategorical: current counts are all zero');
  const total = baselineTotal + currentTotal;
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, dof, pValue: 1, categories };
  let statistic = 0;
  const rows: Array<[Float64Array, number]> = [
    [baseline, baselineTotal],
    [current, currentTotal],
  ];
  for (const [observedRow, rowTotal] of rows) {
    for (let j = 0; j < k; j++) {
      const columnTotal = baseline[j] + current[j];
      if (columnTotal === 0) {
        throw new Error(
          `chiSquareCategorical: category '${categories[j]}' has zero count in both samples (expected frequency 0)`,
        );
      }
      const expected = (rowTotal * columnTotal) / total;
      let observed = observedRow[j];
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  return { statistic, dof, pValue: chiSquareSurvival(statistic, dof), categories };
}

function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/**
 * scipy.spatial.distance.jensenshannon: sqrt of the Jensen–Shannon divergence between the
 * normalized inputs; natural log by default, `base: 2` bounds it by 1.
 */
export function jensenShannonDistance(
  baseline: Distribution,
  current: Distribution,
  options: { base?: number } = {},
): number {
  const { p, q } = alignDistributions(baseline, current, 'jensenShannonDistance');
  if (options.base !== undefined && !(options.base > 0 && options.base !== 1)) {
    throw new Error(`jensenShannonDistance: base must be > 0 and != 1, got ${options.base}`);
  }
  const pn = normalizeCounts(p, 'baseline');
  const qn = normalizeCounts(q, 'current');
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i] + qn[i]) / 2;
    left += relativeEntropyTerm(pn[i], m);
    right += relativeEntropyTerm(qn[i], m);
  }
  let divergence = left + right;
  if (options.base !== undefined) divergence /= Math.log(options.base);
  return Math.sqrt(divergence / 2);
}

/**
 * L-infinity distance max_i |p_i - q_i| between the normalized distributions, the statistic
 * SageMaker Model Monitor compares against `LINF_DEFAULT_THRESHOLD` for categorical features.
 */
export function linfDistance(baselineDist: Distribution, currentDist: Distribution): number {
  const { p, q } = alignDistributions(baselineDist, currentDist, 'linfDistance');
  const pn = normalizeCounts(p, 'baseline');
  const qn = normalizeCounts(q, 'current');
  let distance = 0;
  for (let i = 0; i < pn.length; i++) distance = Math.max(distance, Math.abs(pn[i] - qn[i]));
  return distance;
}
