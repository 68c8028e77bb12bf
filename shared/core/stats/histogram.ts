/**
 * Histogram helpers over inner bin edges e_1 < ... < e_{k-1} with open outer bins:
 * bin 0 = (-inf, e_1], bin i = (e_i, e_{i+1}], bin k-1 = (e_{k-1}, +inf).
 * A value equal to an edge falls in the bin that edge closes (numpy.searchsorted side='left').
 */

/** Bin of `value`: the number of inner edges strictly below it (binary search). */
export function binIndex(value: number, innerEdges: ArrayLike<number>): number {
  let lo = 0;
  let hi = innerEdges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (innerEdges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts of `values` per bin (length innerEdges.length + 1); NaN values are rejected. */
export function countIntoBins(values: ArrayLike<number>, innerEdges: ArrayLike<number>, what = 'values'): Float64Array {
  for (let i = 1; i < innerEdges.length; i++) {
    if (!(innerEdges[i] > innerEdges[i - 1])) {
      throw new Error(
        `bin edges must be strictly increasing, edge ${i} (${innerEdges[i]}) <= edge ${i - 1} (${innerEdges[i - 1]})`,
      );
    }
  }
  const counts = new Float64Array(innerEdges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`${what}[${i}] must be a number, got ${String(v)}`);
    counts[binIndex(v, innerEdges)]++;
  }
  return counts;
}

/** Counts divided by their total; throws if the total is not positive. */
export function normalizeCounts(counts: ArrayLike<number>, what = 'counts'): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c >= 0) || !Number.isFinite(c)) throw new Error(`${what}[${i}] must be a finite count >= 0, got ${c}`);
    total += c;
  }
  if (!(total > 0)) throw new Error(`${what} sum to ${total}; cannot normalize an empty distribution`);
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / total;
  return out;
}

/** Sorted distinct values (removes repeated edges that ties in the data produce). */
export function distinctSorted(sortedValues: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < sortedValues.length; i++) {
    if (i === 0 || sortedValues[i] !== sortedValues[i - 1]) out.push(sortedValues[i]);
  }
  return Float64Array.from(out);
}
