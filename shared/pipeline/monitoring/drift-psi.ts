import { countIntoBins, distinctSorted } from '../../core/stats/histogram';
import { quantileSorted, sortedCopy } from '../../core/stats/quantile';

/**
 * Population Stability Index between a baseline sample and a current sample.
 *
 * Definition used here (the fixtures' Python oracle implements the same text):
 *   1. inner edges e_k = numpy.quantile(baseline, k / bins) (linear method), k = 1 .. bins-1,
 *      with repeated edges (from ties in the baseline) removed;
 *   2. bins are (-inf, e_1], (e_1, e_2], ..., (e_last, +inf): the outer edges are open so
 *      current values outside the baseline range still count;
 *   3. proportions b_i, c_i are counts over sample sizes, floored at `epsilon` (default 1e-4)
 *      so an empty bin contributes a large but finite term instead of an infinite one;
 *   4. PSI = Σ (c_i - b_i) · ln(c_i / b_i).
 * Severity: < 0.1 none, [0.1, 0.25) moderate, >= 0.25 major.
 */

const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const PSI_DEFAULT_EPSILON = 1e-4;

export type DriftSeverity = 'none' | 'moderate' | 'major';

export interface PsiBin {
  /** Exclusive lower edge (-Infinity for the first bin). */
  lower: number;
  /** Inclusive upper edge (+Infinity for the last bin). */
  upper: number;
  baselineCount: number;
  currentCount: number;
  /** Proportions after the epsilon floor. */
  baselineProportion: number;
  currentProportion: number;
  contribution: number;
}

export interface PsiResult {
  value: number;
  severity: DriftSeverity;
  bins: PsiBin[];
}

export function psiSeverity(value: number): DriftSeverity {
  if (value >= PSI_MAJOR) return 'major';
  if (value >= PSI_MODERATE) return 'moderate';
  return 'none';
}

export function psi(
  baselineValues: ArrayLike<number>,
  currentValues: ArrayLike<number>,
  options: { bins?: number; epsilon?: number } = {},
): PsiResult {
  const binCount = options.bins ?? 10;
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  if (!Number.isInteger(binCount) || binCount < 2)
    throw new Error(`psi: bins must be an integer >= 2, got ${binCount}`);
  if (!(epsilon > 0 && epsilon < 1)) throw new Error(`psi: epsilon must be in (0, 1), got ${epsilon}`);
  if (baselineValues.length === 0) throw new Error('psi: baseline sample is empty');
  if (currentValues.length === 0) throw new Error('psi: current sample is empty');
  const sortedBaseline = sortedCopy(baselineValues, 'baselineValues');
  const rawEdges = new Float64Array(binCount - 1);
  for (let k = 1; k < binCount; k++) rawEdges[k - 1] = quantileSorted(sortedBaseline, k / binCount);
  const edges = distinctSorted(rawEdges);
  const baselineCounts = countIntoBins(sortedBaseline, edges, 'baselineValues');
  const currentCounts = countIntoBins(currentValues, edges, 'currentValues');

  const bins: PsiBin[] = [];
  let value = 0;
  for (let i = 0; i < baselineCounts.length; i++) {
    const baselineProportion = Math.max(baselineCounts[i] / baselineValues.length, epsilon);
    const currentProportion = Math.max(currentCounts[i] / currentValues.length, epsilon);
    const contribution = (currentProportion - baselineProportion) * Math.log(currentProportion / baselineProportion);
    value += contribution;
    bins.push({
      lower: i === 0 ? -Infinity : edges[i - 1],
      upper: i === edges.length ? Infinity : edges[i],
      baselineCount: baselineCounts[i],
      currentCount: currentCounts[i],
      baselineProportion,
      currentProportion,
      contribution,
    });
  }
  return { value, severity: psiSeverity(value), bins };
}
