/**
 * Average precision of a sequence of score vectors over the same labels, each close to the one
 * before (the margins of a model's tree prefixes, as early stopping scores them): each class's
 * row order is carried over and repaired by insertion sort, which costs little when few rows
 * change places, instead of sorting every vector anew. Each value equals averagePrecision's bit
 * for bit: the same curve, summed by the same function.
 */
import { averagePrecisionOfCounts } from './average-precision';
import { countFromTop } from './binary-curve';
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
  private readonly positiveScores: Float64Array;
  private readonly negativeScores: Float64Array;
  private readonly thresholds: Float64Array;
  private readonly truePositives: Float64Array;
  private readonly falsePositives: Float64Array;

  constructor(labels: ArrayLike<number>) {
    const counts = checkBinaryInputs(labels, new Float64Array(labels.length), 'averagePrecision');
    if (counts.positives === 0)
      throw new Error('averagePrecision: labels contain no positive (1); recall is undefined');
    this.labels = labels;
    this.positives = new Int32Array(counts.positives);
    this.negatives = new Int32Array(counts.negatives);
    let p = 0;
    let n = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === 1) this.positives[p++] = i;
      else this.negatives[n++] = i;
    }
    this.positiveScores = new Float64Array(counts.positives);
    this.negativeScores = new Float64Array(counts.negatives);
    this.thresholds = new Float64Array(labels.length);
    this.truePositives = new Float64Array(labels.length);
    this.falsePositives = new Float64Array(labels.length);
  }

  /** The average precision of `scores` (one per label), as averagePrecision(labels, scores). */
  next(scores: ArrayLike<number>): number {
    checkBinaryInputs(this.labels, scores, 'averagePrecision');
    const { positives, negatives, positiveScores, negativeScores, truePositives, falsePositives } = this;
    repairOrder(positives, scores);
    repairOrder(negatives, scores);
    for (let k = 0; k < positives.length; k++) positiveScores[k] = scores[positives[k]];
    for (let k = 0; k < negatives.length; k++) negativeScores[k] = scores[negatives[k]];
    const count = countFromTop(positiveScores, negativeScores, this.thresholds, truePositives, falsePositives);
    return averagePrecisionOfCounts(truePositives, falsePositives, count, positives.length);
  }
}
