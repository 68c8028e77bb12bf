/**
 * Bayesian hyperparameter search: a seeded Latin-hypercube design, then each trial maximises
 * expected improvement under a Gaussian process fitted to the finished trials. Trials that are
 * still running enter the GP as constant-liar observations (the best value so far, or the mean),
 * which pushes concurrent proposals apart. Scheduling and its determinism: ./trial-scheduler.
 */
import { Random } from '../util/random';
import { expectedImprovement, maximizeOverUnitCube } from './acquisition';
import { GaussianProcess, GpBounds, GpHyperparameters, LengthScaleMode } from './gaussian-process';
import { latinHypercube } from './latin-hypercube';
import { SearchSpace } from './search-space';
import { Observation, SearchOptions, SearchResult, runTrials } from './trial-scheduler';
import { sumOfSquares } from '../stats/mean-sd';

export interface BayesianSearchOptions extends SearchOptions {
  /** Trials taken from the Latin-hypercube design before the GP steers; default max(maxParallelJobs, min(5, maxJobs)). */
  initialRandom?: number;
  /** EI margin in units of the observed values' standard deviation; default 0.01. */
  xi?: number;
  /** Fake value for pending trials: the best finished value (default) or their mean. */
  liar?: 'best' | 'mean';
  /**
   * Default 'isotropic'. Per-dimension (ARD) scales fitted to a dozen points overfit and send the
   * search to the corners of the cube (on the 5-D bowl of the tests ARD search was no better than
   * random search at 16 trials, isotropic twice as close to the optimum). 'auto' uses one shared
   * scale until `ardFrom` observations, then ARD.
   */
  lengthScaleMode?: LengthScaleMode | 'auto';
  /** Observations needed before 'auto' switches to ARD; default 2·dimension + 1. */
  ardFrom?: number;
  gpBounds?: GpBounds;
  /** GP restarts per proposal besides the warm start; default 3. */
  gpRestarts?: number;
  /** Uniform EI candidates per proposal (plus 10% around the incumbent); default 2000. */
  candidates?: number;
}

export async function runBayesianSearch(options: BayesianSearchOptions): Promise<SearchResult> {
  const space = new SearchSpace(options.ranges);
  const maxJobs = options.maxJobs;
  const initialRandom = options.initialRandom ?? Math.max(options.maxParallelJobs, Math.min(5, maxJobs));
  if (!Number.isInteger(initialRandom) || initialRandom < 1) {
    throw new Error(`runBayesianSearch: initialRandom must be a positive integer, got ${initialRandom}`);
  }
  const xi = options.xi ?? 0.01;
  if (!(xi >= 0)) throw new Error(`runBayesianSearch: xi must be >= 0, got ${xi}`);
  const liar = options.liar ?? 'best';
  if (liar !== 'best' && liar !== 'mean')
    throw new Error(`runBayesianSearch: liar must be 'best' or 'mean', got ${JSON.stringify(liar)}`);
  const sign = (options.direction ?? 'Maximize') === 'Minimize' ? -1 : 1;
  const candidates = options.candidates ?? 2000;

  const root = new Random(options.seed);
  // An invalid maxJobs is reported by runTrials; the design must not fail on it first.
  const designSize = Number.isInteger(maxJobs) && maxJobs > 0 ? Math.min(initialRandom, maxJobs) : initialRandom;
  const design = latinHypercube(designSize, space.dimension, root.fork());
  const proposalRandom = root.fork();
  let warmStart: GpHyperparameters | undefined;

  const propose = (
    index: number,
    observations: readonly Observation[],
    pending: readonly Float64Array[],
  ): Float64Array => {
    if (index < design.length) return design[index];
    if (observations.length === 0) return uniformPoint(space.dimension, proposalRandom);
    // Internally always maximise.
    const values = observations.map((o) => sign * o.value);
    const points = observations.map((o) => o.point);
    const mode = chooseLengthScaleMode(
      options.lengthScaleMode ?? 'isotropic',
      observations.length,
      options.ardFrom ?? 2 * space.dimension + 1,
    );
    if (warmStart) warmStart = reshapeLengthScales(warmStart, mode === 'ard' ? space.dimension : 1);
    const fitted = GaussianProcess.fit(points, values, {
      lengthScaleMode: mode,
      bounds: options.gpBounds,
      restarts: options.gpRestarts ?? 3,
      seed: proposalRandom.nextUint32(),
      initial: warmStart,
    });
    warmStart = fitted.hyperparameters;
    const incumbent = Math.max(...values);
    const lie = liar === 'best' ? incumbent : values.reduce((a, b) => a + b, 0) / values.length;
    const model =
      pending.length === 0
        ? fitted
        : new GaussianProcess([...points, ...pending], [...values, ...pending.map(() => lie)], fitted.hyperparameters);
    const margin = xi * standardDeviation(values);
    const acquisition = (x: Float64Array): number => {
      const { mean, std } = model.predict(space.snap(x));
      return expectedImprovement(mean, std, incumbent, margin);
    };
    const best = points[values.indexOf(incumbent)];
    const nearIncumbent: Float64Array[] = [];
    for (let c = 0; c < Math.ceil(candidates / 10); c++) {
      nearIncumbent.push(best.map((u) => Math.min(1, Math.max(0, u + proposalRandom.normal(0, 0.05)))));
    }
    const choice = maximizeOverUnitCube(acquisition, space.dimension, proposalRandom, {
      candidates,
      extraCandidates: nearIncumbent,
    });
    const snapped = space.snap(choice.point);
    // A repeat of a finished or running setting (EI flat, or integer snapping) teaches nothing: explore instead.
    const taken = [...points, ...pending];
    return taken.some((p) => samePoint(p, snapped)) ? uniformPoint(space.dimension, proposalRandom) : snapped;
  };
  return runTrials(options, space, propose);
}

function chooseLengthScaleMode(
  requested: LengthScaleMode | 'auto',
  observations: number,
  ardFrom: number,
): LengthScaleMode {
  if (requested === 'auto') return observations >= ardFrom ? 'ard' : 'isotropic';
  if (requested !== 'ard' && requested !== 'isotropic') {
    throw new Error(
      `runBayesianSearch: lengthScaleMode must be 'auto', 'ard' or 'isotropic', got ${JSON.stringify(requested)}`,
    );
  }
  return requested;
}

/** Carries a warm start across a switch between shared and per-dimension length scales. */
function reshapeLengthScales(hyper: GpHyperparameters, count: number): GpHyperparameters {
  if (hyper.lengthScales.length === count) return hyper;
  const logMean = hyper.lengthScales.reduce((a, l) => a + Math.log(l), 0) / hyper.lengthScales.length;
  return { ...hyper, lengthScales: new Array<number>(count).fill(Math.exp(logMean)) };
}

function uniformPoint(dim: number, random: Random): Float64Array {
  const point = new Float64Array(dim);
  for (let k = 0; k < dim; k++) point[k] = random.next();
  return point;
}

function standardDeviation(values: readonly number[]): number {
  return Math.sqrt(sumOfSquares(values).squares / values.length) || 1;
}

function samePoint(a: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (Math.abs(a[k] - b[k]) > 1e-9) return false;
  return true;
}
