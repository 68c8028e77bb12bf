/**
 * Summary statistics of benchmark samples. A benchmark figure is the median of several timed
 * runs: robust to one run disturbed by GC or a busy neighbour, unlike the mean.
 */

export interface TimingSummary {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

function checkSamples(samples: readonly number[], what: string): void {
  if (samples.length === 0) throw new Error(`${what}: no samples; expected at least one timed run`);
  samples.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${what}: sample ${i} is ${String(value)}; expected a finite non-negative number`);
    }
  });
}

/** The middle value; for an even count the mean of the two middle values. */
export function median(samples: readonly number[]): number {
  checkSamples(samples, 'median');
  const sorted = Float64Array.from(samples).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(samplesMs: readonly number[]): TimingSummary {
  checkSamples(samplesMs, 'summarize');
  return {
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    runs: samplesMs.length,
  };
}

/**
 * ours / reference, or null when either side is missing or the reference took no measurable
 * time (a ratio against zero means nothing).
 */
export function ratio(ours: number | null, reference: number | null): number | null {
  if (ours === null || reference === null) return null;
  if (!Number.isFinite(ours) || !Number.isFinite(reference) || ours < 0 || reference <= 0) return null;
  return ours / reference;
}

/** Items per second for `count` items done in `ms` milliseconds. */
export function ratePerSecond(count: number, ms: number): number {
  if (!(ms > 0)) throw new Error(`ratePerSecond: duration is ${ms} ms; expected a positive number`);
  return (count * 1000) / ms;
}
