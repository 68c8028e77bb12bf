import { checkBinaryInputs, LabelCounts } from './validate';

/**
 * Cumulative true/false positive counts at every distinct score, scanning from the highest
 * score down (sklearn's _binary_clf_curve): entry i counts the samples with score >= thresholds[i].
 * Tied scores share one entry, so ties are never split between predicted classes.
 */
export interface BinaryCurve extends LabelCounts {
  /** Distinct scores, strictly decreasing. */
  thresholds: Float64Array;
  truePositives: Float64Array;
  falsePositives: Float64Array;
}

/** The scores of one class, sorted ascending (a native typed-array sort: no comparator calls). */
function sortedScoresOf(labels: ArrayLike<number>, scores: ArrayLike<number>, label: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) out[at++] = scores[i];
  return out.sort();
}

export function binaryCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, metric = 'binaryCurve'): BinaryCurve {
  const counts = checkBinaryInputs(labels, scores, metric);
  // Each class sorted on its own, then both walked from the top: every distinct score takes all
  // of its ties from both classes at once. The tuner computes this for every tree prefix.
  const positive = sortedScoresOf(labels, scores, 1, counts.positives);
  const negative = sortedScoresOf(labels, scores, 0, counts.negatives);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let p = positive.length - 1;
  let n = negative.length - 1;
  let tp = 0;
  let fp = 0;
  while (p >= 0 || n >= 0) {
    const threshold = p < 0 ? negative[n] : n < 0 ? positive[p] : Math.max(positive[p], negative[n]);
    while (p >= 0 && positive[p] === threshold) {
      tp++;
      p--;
    }
    while (n >= 0 && negative[n] === threshold) {
      fp++;
      n--;
    }
    thresholds.push(threshold);
    truePositives.push(tp);
    falsePositives.push(fp);
  }
  return {
    ...counts,
    thresholds: Float64Array.from(thresholds),
    truePositives: Float64Array.from(truePositives),
    falsePositives: Float64Array.from(falsePositives),
  };
}
