import { normalQuantile } from '../stats/normal';

/**
 * Wilson score interval for a binomial proportion, the same closed form as statsmodels'
 * proportion_confint(k, n, alpha, method='wilson'):
 *   z = Φ⁻¹(1 - α/2), centre = (p̂ + z²/2n) / (1 + z²/n),
 *   half-width = z·sqrt(p̂(1-p̂)/n + z²/4n²) / (1 + z²/n).
 */

export interface ProportionInterval {
  rate: number;
  lower: number;
  upper: number;
}

export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials <= 0)
    throw new Error(`wilsonInterval: trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new Error(`wilsonInterval: successes must be an integer in [0, ${trials}], got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1))
    throw new Error(`wilsonInterval: confidence must be in (0, 1), got ${confidence}`);
  const rate = successes / trials;
  const z = -normalQuantile((1 - confidence) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (rate + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { rate, lower: centre - halfWidth, upper: centre + halfWidth };
}
