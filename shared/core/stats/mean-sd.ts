/**
 * Mean and spread of a sample: the one two-pass computation (sum in index order, then the squared
 * deviations from the mean) behind every mean, variance and standard deviation that does not
 * need sklearn's compensated form (shared/ml/data/preprocess.ts has that one).
 */
export interface MeanSd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  sd: number;
}

export interface SumOfSquares {
  sum: number;
  mean: number;
  /** Σ (x − mean)²: divide by n for the population variance, by n − 1 for the sample one. */
  squares: number;
}

/** Sum, mean and sum of squared deviations of `values` (at least one). */
export function sumOfSquares(values: ArrayLike<number>): SumOfSquares {
  if (values.length === 0) throw new Error('sumOfSquares: no values');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) * (values[i] - mean);
  return { sum, mean, squares };
}

export function meanSd(values: ArrayLike<number>): MeanSd {
  if (values.length === 0) throw new Error('meanSd: no values');
  const { mean, squares } = sumOfSquares(values);
  return { mean, sd: values.length < 2 ? 0 : Math.sqrt(squares / (values.length - 1)) };
}
