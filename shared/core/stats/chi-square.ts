import { regularizedGammaP, regularizedGammaQ } from './gamma';

function checkDegreesOfFreedom(dof: number): void {
  if (!(dof > 0) || !Number.isFinite(dof))
    throw new Error(`chi-square degrees of freedom must be finite and > 0, got ${dof}`);
}

/** Chi-square survival function P(X > x) = Q(dof/2, x/2) (scipy.stats.chi2.sf). */
export function chiSquareSurvival(x: number, dof: number): number {
  checkDegreesOfFreedom(dof);
  if (Number.isNaN(x)) throw new Error('chiSquareSurvival: x is NaN');
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

/** Chi-square CDF P(X <= x) = P(dof/2, x/2). */
export function chiSquareCdf(x: number, dof: number): number {
  checkDegreesOfFreedom(dof);
  if (Number.isNaN(x)) throw new Error('chiSquareCdf: x is NaN');
  if (x <= 0) return 0;
  return regularizedGammaP(dof / 2, x / 2);
}
