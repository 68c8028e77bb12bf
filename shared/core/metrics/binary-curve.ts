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

/** The scores of each class, each sorted ascending (native typed-array sorts: no comparator calls). */
function scoresByClass(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  counts: LabelCounts,
): { positive: Float64Array; negative: Float64Array } {
  const positive = new Float64Array(counts.positives);
  const negative = new Float64Array(counts.negatives);
  let p = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positive[p++] = scores[i];
    else negative[n++] = scores[i];
  }
  return { positive: positive.sort(), negative: negative.sort() };
}

/**
 * Walks both classes' ascending scores from the top down: for every distinct score (taking all
 * its ties from both classes at once) writes the score and the cumulative true and false
 * positives at that threshold. Returns how many distinct scores there were.
 */
export function countFromTop(
  positive: Float64Array,
  negative: Float64Array,
  thresholds: Float64Array,
  truePositives: Float64Array,
  falsePositives: Float64Array,
): number {
  let p = positive.length - 1;
  let q = negative.length - 1;
  let tp = 0;
  let fp = 0;
  let distinct = 0;
  while (p >= 0 || q >= 0) {
    const threshold = p < 0 ? negative[q] : q < 0 ? positive[p] : Math.max(positive[p], negative[q]);
    while (p >= 0 && positive[p] === threshold) {
      tp++;
      p--;
    }
    while (q >= 0 && negative[q] === threshold) {
      fp++;
      q--;
    }
    thresholds[distinct] = threshold;
    truePositives[distinct] = tp;
    falsePositives[distinct] = fp;
    distinct++;
  }
  return distinct;
}

export function binaryCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, metric = 'binaryCurve'): BinaryCurve {
  const counts = checkBinaryInputs(labels, scores, metric);
  // Each class sorted on its own (the tuner computes this for every tree prefix), then counted from the top.
  const { positive, negative } = scoresByClass(labels, scores, counts);
  const n = labels.length;
  const thresholds = new Float64Array(n);
  const truePositives = new Float64Array(n);
  const falsePositives = new Float64Array(n);
  const distinct = countFromTop(positive, negative, thresholds, truePositives, falsePositives);
  return {
    ...counts,
    thresholds: thresholds.slice(0, distinct),
    truePositives: truePositives.slice(0, distinct),
    falsePositives: falsePositives.slice(0, distinct),
  };
}
