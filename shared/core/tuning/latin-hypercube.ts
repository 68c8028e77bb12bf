import { Random } from '../util/random';

/**
 * `count` points in [0, 1]^dim such that, in every dimension, each of the `count` equal strata
 * holds exactly one point (position inside the stratum uniform). Spreads a small initial design
 * better than independent uniform draws.
 */
export function latinHypercube(count: number, dim: number, random: Random): Float64Array[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`latinHypercube: count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`latinHypercube: dim must be a positive integer, got ${dim}`);
  const points = Array.from({ length: count }, () => new Float64Array(dim));
  for (let k = 0; k < dim; k++) {
    const strata = random.shuffle(Array.from({ length: count }, (_, i) => i));
    for (let i = 0; i < count; i++) points[i][k] = (strata[i] + random.next()) / count;
  }
  return points;
}
