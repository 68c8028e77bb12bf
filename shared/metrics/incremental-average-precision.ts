/**
 * Average precision of a sequence of score vectors over the same labels, each close to the one
 * before (the margins of a model's tree prefixes, as early stopping scores them): each class's
 * row order is carried over and repaired by insertion sort, which costs little when few rows
 * change places, instead of sorting every vector anew. Each value equals averagePrecision's bit
 * for bit: the same curve, summed in the same order.
 */
import { checkBinaryInputs } from './validate';

/** Insertion-sort moves per row beyond which a vector is sorted from scratch instead. */
const MOVES_PER_ROW = 16;

/** Sorts `order` (row indices) by ascending score: insertion sort while cheap, else a full sort. */
function repairOrder(order: Int32Array, scores: ArrayLike<number>): void {
  const budget = MOVES_PER_ROW * order.length;
  let moves = 0;
  for (let i = 1; i < order.length; i++) {
    const row = order[i];
    const score = scores[row];
    let j = i - 1;
    while (j >= 0 && scores[order[j]] > score) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = row;
    moves += i - 1 - j;
    if (moves > budget) {
      order.sort((a, b) => scores[a] - scores[b]);
      return;
    }
  }
}

export class IncrementalAveragePrecision {
  private readonly labels: ArrayLike<number>;
  private readonly positives: Int32Array;
  private readonly negatives: Int32Array;
  private readonly truePositives: Float64Array;
  private readonly falsePositives: Float64Array;

  constructor(labels: ArrayLike<number>) {
    const counts = checkBinaryInputs(labels, new Float64Array(labels.length), 'averagePrecision');
    if (counts.positives === 0) throw new Error('averagePrecision: labels contain no positive (1); recall is undefined');
    this.labels = labels;
    this.positives = new Int32Array(counts.positives);
    this.negatives = new Int32Array(counts.negatives);
    let p = 0;
    let n = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === 1) this.positives[p++] = i;
      else this.negatives[n++] = i;
    }
    this.truePositives = new Float64Array(labels.length);
    this.falsePositives = new Float64Array(labels.length);
  }

  /** The average precision of `scores` (one per label), as averagePrecision(labels, scores). */
  next(scores: ArrayLike<number>): number {
    checkBinaryInputs(this.labels, scores, 'averagePrecision');
    const { positives, negatives, truePositives, falsePositives } = this;
    repairOrder(positives, scores);
    repairOrder(negatives, scores);
    // Both classes walked from the top score down; every distinct score takes all its ties.
    let p = positives.length - 1;
    let q = negatives.length - 1;
    let tp = 0;
    let fp = 0;
    let count = 0;
    while (p >= 0 || q >= 0) {
      const top = p < 0 ? scores[negatives[q]] : q < 0 ? scores[positives[p]] : Math.max(scores[positives[p]], scores[negatives[q]]);
      while (p >= 0 && scores[positives[p]] === top) {
        tp++;
        p--;
      }
      while (q >= 0 && scores[negatives[q]] === top) {
        fp++;
        q--;
      }
      truePositives[count] = tp;
      falsePositives[count] = fp;
      count++;
    }
    // averagePrecision's sum: thresholds ascending, sum -= (R[i+1] - R[i]) * P[i], R = 0 past the top.
    const total = positives.length;
    let sum = 0;
    for (let d = count - 1; d >= 0; d--) {
      const predicted = truePositives[d] + falsePositives[d];
      const precision = predicted === 0 ? 0 : truePositives[d] / predicted;
      const recallNext = d === 0 ? 0 : truePositives[d - 1] / total;
      sum -= (recallNext - truePositives[d] / total) * precision;
    }
    return sum;
  }
}
