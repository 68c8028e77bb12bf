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

/** Indices of `scores` ordered by decreasing score. */
export function indicesByDescendingScore(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}

export function binaryCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, metric = 'binaryCurve'): BinaryCurve {
  const counts = checkBinaryInputs(labels, scores, metric);
  const order = indicesByDescendingScore(scores);
  const n = order.length;
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  for (let rank = 0; rank < n; rank++) {
    const index = order[rank];
    tp += labels[index];
    const isLastOfTie = rank === n - 1 || scores[order[rank + 1]] !== scores[index];
    if (isLastOfTie) {
      thresholds.push(scores[index]);
      truePositives.push(tp);
      falsePositives.push(rank + 1 - tp);
    }
  }
  return {
    ...counts,
    thresholds: Float64Array.from(thresholds),
    truePositives: Float64Array.from(truePositives),
    falsePositives: Float64Array.from(falsePositives),
  };
}
