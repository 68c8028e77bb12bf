import { kolmogorovSmirnovTwoSample, KsMethod, KsTwoSampleResult } from '../../core/stats/ks-two-sample';

/**
 * Drift statistics for model monitoring: one import point for PSI, KS, chi-square,
 * Jensen–Shannon and L-infinity comparisons between a baseline and a current window.
 */

export { psi, psiSeverity, PSI_MAJOR, PSI_DEFAULT_EPSILON } from './drift-psi';
export { chiSquareCategorical, jensenShannonDistance, linfDistance } from './drift-categorical';

/** scipy.stats.ks_2samp(a, b) (two-sided, method='auto' unless overridden). */
export function ksTwoSample(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { method?: KsMethod } = {},
): KsTwoSampleResult {
  return kolmogorovSmirnovTwoSample(a, b, options);
}
