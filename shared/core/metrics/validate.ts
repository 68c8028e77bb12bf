/**
 * Input checks shared by the binary-classification metrics. Labels must be exactly 0 or 1 and
 * scores finite numbers; errors name the offending index so bad rows can be traced.
 */

export interface LabelCounts {
  positives: number;
  negatives: number;
}

/** Validates paired labels/scores and returns the class counts. */
export function checkBinaryInputs(labels: ArrayLike<number>, scores: ArrayLike<number>, metric: string): LabelCounts {
  if (labels.length !== scores.length) {
    throw new Error(`${metric}: labels has ${labels.length} entries but scores has ${scores.length}`);
  }
  if (labels.length === 0) throw new Error(`${metric}: labels and scores are empty`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === 1) positives++;
    else if (label !== 0) throw new Error(`${metric}: labels[${i}] must be 0 or 1, got ${String(label)}`);
    const score = scores[i];
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new Error(`${metric}: scores[${i}] must be a finite number, got ${String(score)}`);
    }
  }
  return { positives, negatives: labels.length - positives };
}

/** As checkBinaryInputs, and additionally requires every score to be a probability in [0, 1]. */
export function checkProbabilityInputs(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  metric: string,
): LabelCounts {
  const counts = checkBinaryInputs(labels, probabilities, metric);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (p < 0 || p > 1) throw new Error(`${metric}: probabilities[${i}] must be in [0, 1], got ${p}`);
  }
  return counts;
}

/** Throws unless both classes are present (ranking metrics are undefined otherwise). */
export function requireBothClasses(counts: LabelCounts, metric: string): void {
  if (counts.positives === 0 || counts.negatives === 0) {
    const present = counts.positives === 0 ? 'only negatives (0)' : 'only positives (1)';
    throw new Error(`${metric}: labels contain ${present}; the metric needs both classes`);
  }
}
