import { cooperativePause } from '../util/abort';
import { Random } from '../util/random';
import { quantileSorted } from '../stats/quantile';
import { checkBinaryInputs } from './validate';

/**
 * Percentile bootstrap confidence interval for any (labels, scores) metric.
 */

export type PairedMetric = (labels: Float64Array, scores: Float64Array) => number;

export interface BootstrapOptions {
  /** Resamples to draw (default 1000). */
  iterations?: number;
  seed: number;
  /** Two-sided coverage (default 0.95). */
  confidence?: number;
  /** Kernel > Interrupt: the resampling yields now and then and rejects with an AbortError once it fires. */
  signal?: AbortSignal;
}

export interface BootstrapInterval {
  /** Metric on the full data. */
  estimate: number;
  /** numpy-linear percentile (1 - confidence)/2 of the resampled metric values. */
  lower: number;
  upper: number;
  /** Resamples whose metric was computed. */
  used: number;
  /** Resamples drawn with only one class present, for which ranking metrics are undefined. */
  skippedSingleClass: number;
}

/**
 * Draws `iterations` resamples of n rows with replacement (row indices from Random(seed)),
 * skips any resample containing a single class and throws if every resample was skipped.
 * Asynchronous only so that an interrupt can stop it (`signal`): the resamples are the same.
 */
export async function bootstrapInterval(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  metric: PairedMetric,
  options: BootstrapOptions,
): Promise<BootstrapInterval> {
  const iterations = options.iterations ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new Error(`bootstrapInterval: iterations must be a positive integer, got ${iterations}`);
  if (!(confidence > 0 && confidence < 1))
    throw new Error(`bootstrapInterval: confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isFinite(options.seed))
    throw new Error(`bootstrapInterval: seed must be a finite number, got ${options.seed}`);
  checkBinaryInputs(labels, scores, 'bootstrapInterval');
  const n = labels.length;
  const allLabels = Float64Array.from(labels);
  const allScores = Float64Array.from(scores);
  const estimate = metric(allLabels, allScores);

  const random = new Random(options.seed);
  const sampleLabels = new Float64Array(n);
  const sampleScores = new Float64Array(n);
  const values: number[] = [];
  let skippedSingleClass = 0;
  const pause = cooperativePause(options.signal, 'the bootstrap');
  for (let iteration = 0; iteration < iterations; iteration++) {
    await pause();
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const row = random.int(n);
      sampleLabels[i] = allLabels[row];
      sampleScores[i] = allScores[row];
      positives += allLabels[row];
    }
    if (positives === 0 || positives === n) {
      skippedSingleClass++;
      continue;
    }
    const value = metric(sampleLabels, sampleScores);
    if (Number.isNaN(value)) throw new Error(`bootstrapInterval: metric returned NaN on resample ${iteration}`);
    values.push(value);
  }
  if (values.length === 0) {
    throw new Error(`bootstrapInterval: all ${iterations} resamples had a single class; the interval is undefined`);
  }
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantileSorted(sorted, tail),
    upper: quantileSorted(sorted, 1 - tail),
    used: values.length,
    skippedSingleClass,
  };
}
