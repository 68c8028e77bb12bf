/**
 * Expected improvement for maximisation and a derivative-free maximiser of any acquisition over
 * the unit cube: seeded uniform candidates (plus caller-supplied ones, e.g. around the incumbent),
 * then compass search from the best few.
 */
import { Random } from '../util/random';
import { normalCdf, normalLowerTailRatio, normalPdf } from '../stats/normal';

/**
 * EI(x) = E[max(f(x) − best − xi, 0)] for f(x) ~ N(mean, std²):
 * (mean − best − xi)·Φ(z) + std·φ(z) with z = (mean − best − xi)/std; max(mean − best − xi, 0) when std = 0.
 */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  if (!Number.isFinite(mean) || !Number.isFinite(best) || !Number.isFinite(xi) || !(std >= 0)) {
    throw new Error(
      `expectedImprovement: needs finite mean/best/xi and std >= 0, got mean=${mean} std=${std} best=${best} xi=${xi}`,
    );
  }
  const improvement = mean - best - xi;
  if (std === 0) return Math.max(improvement, 0);
  const z = improvement / std;
  if (z >= -5) return Math.max(improvement * normalCdf(z) + std * normalPdf(z), 0);
  // Far below the incumbent φ(z) + zΦ(z) cancels to ~φ(z)/z²; factoring out φ keeps the
  // exponentials (whose arguments carry rounding error) out of the subtraction.
  return Math.max(std * normalPdf(z) * (1 + z * normalLowerTailRatio(-z)), 0);
}

export interface MaximizeAcquisitionOptions {
  /** Uniform random candidates; default 2000. */
  candidates?: number;
  /** Additional candidate points (inside the cube) evaluated before local refinement. */
  extraCandidates?: readonly ArrayLike<number>[];
  /** How many of the best candidates get compass-search refinement; default 5. */
  refine?: number;
  /** First compass step; default 0.05. */
  initialStep?: number;
  /** Refinement stops when the step falls below this; default 1e-4. */
  minStep?: number;
}

export interface AcquisitionMaximum {
  point: Float64Array;
  value: number;
}

/** Approximate argmax of `acquisition` over [0, 1]^dim; deterministic given `random`'s state. */
export function maximizeOverUnitCube(
  acquisition: (point: Float64Array) => number,
  dim: number,
  random: Random,
  options: MaximizeAcquisitionOptions = {},
): AcquisitionMaximum {
  const candidateCount = options.candidates ?? 2000;
  const refineCount = options.refine ?? 5;
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`maximizeOverUnitCube: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(candidateCount) || candidateCount < 0) {
    throw new Error(`maximizeOverUnitCube: candidates must be a non-negative integer, got ${candidateCount}`);
  }
  const scored: AcquisitionMaximum[] = [];
  const score = (point: Float64Array): void => {
    scored.push({ point, value: safeValue(acquisition, point) });
  };
  (options.extraCandidates ?? []).forEach((extra, i) => {
    if (extra.length !== dim)
      throw new Error(`maximizeOverUnitCube: extra candidate ${i} has ${extra.length} coordinates, expected ${dim}`);
    const point = new Float64Array(dim);
    for (let k = 0; k < dim; k++) {
      if (!(extra[k] >= 0 && extra[k] <= 1))
        throw new Error(`maximizeOverUnitCube: extra candidate ${i} coordinate ${k} is outside [0, 1] (${extra[k]})`);
      point[k] = extra[k];
    }
    score(point);
  });
  for (let c = 0; c < candidateCount; c++) {
    const point = new Float64Array(dim);
    for (let k = 0; k < dim; k++) point[k] = random.next();
    score(point);
  }
  if (scored.length === 0)
    throw new Error('maximizeOverUnitCube: no candidates (candidates = 0 and no extraCandidates)');
  // Stable order: ties keep candidate order, so results do not depend on sort implementation details.
  const ranked = scored.map((entry, order) => ({ entry, order }));
  ranked.sort((a, b) => b.entry.value - a.entry.value || a.order - b.order);
  let best = ranked[0].entry;
  for (let r = 0; r < Math.min(refineCount, ranked.length); r++) {
    const refined = compassSearch(acquisition, ranked[r].entry, options.initialStep ?? 0.05, options.minStep ?? 1e-4);
    if (refined.value > best.value) best = refined;
  }
  return best;
}

function compassSearch(
  acquisition: (point: Float64Array) => number,
  start: AcquisitionMaximum,
  initialStep: number,
  minStep: number,
): AcquisitionMaximum {
  let point = Float64Array.from(start.point);
  let value = start.value;
  let step = initialStep;
  let evaluations = 0;
  while (step >= minStep && evaluations < 400) {
    let improved = false;
    for (let k = 0; k < point.length; k++) {
      for (const sign of [1, -1]) {
        const trial = Float64Array.from(point);
        trial[k] = Math.min(1, Math.max(0, trial[k] + sign * step));
        if (trial[k] === point[k]) continue;
        const trialValue = safeValue(acquisition, trial);
        evaluations++;
        if (trialValue > value) {
          point = trial;
          value = trialValue;
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return { point, value };
}

function safeValue(acquisition: (point: Float64Array) => number, point: Float64Array): number {
  const value = acquisition(point);
  if (Number.isNaN(value))
    throw new Error(`maximizeOverUnitCube: acquisition returned NaN at [${Array.from(point).join(', ')}]`);
  return value;
}
