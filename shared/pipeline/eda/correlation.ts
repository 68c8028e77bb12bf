/**
 * Pearson correlation matrix over numeric columns (0/1 flags and the target included), with
 * pairwise-complete observations like pandas `DataFrame.corr()`: each pair uses the rows where
 * both values are present. A pair with fewer than two rows or zero variance gets `null`
 * (pandas: NaN) so the result stays JSON-serialisable.
 */
import { Table } from 'apache-arrow';
import { NumericColumn, readNumericColumn } from '../../core/profile/columns';

export interface CorrelationMatrix {
  columns: string[];
  /** matrix[i][j] = corr(columns[i], columns[j]). */
  matrix: (number | null)[][];
}

export function correlationMatrix(table: Table, columns: readonly string[]): CorrelationMatrix {
  const data = columns.map((name) => readNumericColumn(table, name, 'correlationMatrix'));
  const k = columns.length;
  const matrix: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const r = pairwisePearson(data[i], data[j]);
      matrix[i][j] = r;
      matrix[j][i] = r;
    }
  }
  return { columns: [...columns], matrix };
}

/** Two-pass Pearson over rows where both columns are present. */
function pairwisePearson(x: NumericColumn, y: NumericColumn): number | null {
  const n = x.values.length;
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    if (x.valid[i] === 1 && y.valid[i] === 1) {
      count++;
      sumX += x.values[i];
      sumY += y.values[i];
    }
  }
  if (count < 2) return null;
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    if (x.valid[i] === 1 && y.valid[i] === 1) {
      const dx = x.values[i] - meanX;
      const dy = y.values[i] - meanY;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  }
  const denominator = Math.sqrt(sxx * syy);
  if (denominator === 0) return null;
  // Rounding can push |r| a hair past 1; clip as numpy.corrcoef does.
  return Math.max(-1, Math.min(1, sxy / denominator));
}
