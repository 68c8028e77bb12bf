/**
 * Runs tuning trials with at most `maxParallelJobs` objectives in flight and proposals that do
 * not depend on completion order.
 *
 * Schedule (P = maxParallelJobs): trial i starts once every trial with index ≤ i − P has
 * finished. Its proposal sees exactly the results of trials 0 … i − P and the points of trials
 * i − P + 1 … i − 1 as pending — even if some of those already finished. So a seed and the
 * objective's values fix every proposal, whatever the timing; the price is that a slow trial can
 * hold back the start of later ones (never more than P − 1 trials ahead of the slowest).
 */
import { HyperParameters, TuningParameterRanges } from './parameter-ranges';
import { SearchSpace } from './search-space';
import { abortErrorFor, isAbortError } from '../util/abort';

export type Direction = 'Maximize' | 'Minimize';

export interface Trial {
  index: number;
  params: HyperParameters;
  value: number;
  startedAt: Date;
  finishedAt: Date;
  /** Best value among trials 0 … index (by index, not by finishing time). */
  bestSoFar: number;
}

export interface SearchResult {
  trials: Trial[];
  best: Trial;
}

export interface SearchOptions {
  ranges: TuningParameterRanges;
  /** Trains and scores one setting; may run concurrently with up to maxParallelJobs − 1 others. */
  objective: (params: HyperParameters, trial: { index: number }) => Promise<number>;
  maxJobs: number;
  maxParallelJobs: number;
  seed: number;
  direction?: Direction;
  /** Source of startedAt/finishedAt; default `() => new Date()`. */
  clock?: () => Date;
  /**
   * Stops the search: no trial starts after it fired, the running ones are awaited (the objective
   * should take the same signal and end its work), and the search rejects with an AbortError.
   */
  signal?: AbortSignal;
}

/** A finished trial as the proposer sees it: the snapped unit-cube point and the value. */
export interface Observation {
  index: number;
  point: Float64Array;
  value: number;
}

/** Chooses the unit-cube point of trial `index`; `observations` are in index order. */
export type Proposer = (
  index: number,
  observations: readonly Observation[],
  pending: readonly Float64Array[],
) => Float64Array;

export async function runTrials(options: SearchOptions, space: SearchSpace, propose: Proposer): Promise<SearchResult> {
  const { maxJobs, maxParallelJobs, objective } = options;
  checkPositiveInteger(maxJobs, 'maxJobs');
  checkPositiveInteger(maxParallelJobs, 'maxParallelJobs');
  if (typeof objective !== 'function')
    throw new Error('search: objective must be a function returning a Promise<number>');
  const direction = options.direction ?? 'Maximize';
  if (direction !== 'Maximize' && direction !== 'Minimize')
    throw new Error(`search: direction must be Maximize or Minimize, got ${JSON.stringify(direction)}`);
  const clock = options.clock ?? (() => new Date());

  const points: Float64Array[] = [];
  const finished: ({ params: HyperParameters; value: number; startedAt: Date; finishedAt: Date } | undefined)[] = [];
  const settled: Promise<void>[] = [];
  let failure: Error | undefined;
  const { signal } = options;

  for (let index = 0; index < maxJobs; index++) {
    if (index >= maxParallelJobs) await settled[index - maxParallelJobs];
    if (failure || signal?.aborted) break;
    const known = index - maxParallelJobs + 1;
    const observations: Observation[] = [];
    for (let j = 0; j < known; j++)
      observations.push({ index: j, point: points[j], value: (finished[j] as { value: number }).value });
    const pending = points.slice(Math.max(0, known), index);
    const params = space.decode(propose(index, observations, pending));
    points.push(space.encode(params));
    const startedAt = clock();
    settled.push(
      Promise.resolve()
        .then(() => objective(params, { index }))
        .then((value) => {
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            throw new Error(`objective returned ${String(value)}, expected a finite number`);
          }
          finished[index] = { params, value, startedAt, finishedAt: clock() };
        })
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (failure) return;
          if (isAbortError(error) || signal?.aborted)
            failure = signal ? abortErrorFor(signal, 'tuning') : (error as Error);
          else failure = new TrialFailedError(index, params, message, error);
        }),
    );
  }
  await Promise.all(settled);
  if (signal?.aborted && !failure) failure = abortErrorFor(signal, 'tuning');
  if (failure) throw failure;

  const sign = direction === 'Maximize' ? 1 : -1;
  const trials: Trial[] = [];
  let best: Trial | undefined;
  for (let index = 0; index < finished.length; index++) {
    const done = finished[index] as NonNullable<(typeof finished)[number]>;
    const improves = best === undefined || sign * done.value > sign * best.value;
    const bestSoFar = improves || best === undefined ? done.value : best.value;
    const trial: Trial = { index, ...done, bestSoFar };
    if (improves) best = trial;
    trials.push(trial);
  }
  return { trials, best: best as Trial };
}

/** The first failing trial of a search; running trials were awaited before it was thrown. */
export class TrialFailedError extends Error {
  constructor(
    readonly trialIndex: number,
    readonly params: HyperParameters,
    reason: string,
    readonly underlyingError: unknown,
  ) {
    super(`search: trial ${trialIndex} with ${JSON.stringify(params)} failed: ${reason}`);
    this.name = 'TrialFailedError';
  }
}

function checkPositiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`search: ${field} must be a positive integer, got ${value}`);
}
