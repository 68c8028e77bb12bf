/** Category frequencies (pandas `value_counts`, nulls reported separately rather than dropped). */

export interface CategoryFrequency {
  value: string;
  count: number;
  /** count / number of non-null values. */
  proportion: number;
}

export interface ValueCounts {
  frequencies: CategoryFrequency[];
  nulls: number;
}

/** Frequencies ordered by count descending, ties by value ascending (code-unit order). */
export function valueCounts(values: ArrayLike<string | null>): ValueCounts {
  const counts = new Map<string, number>();
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) nulls++;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const present = values.length - nulls;
  const frequencies = Array.from(counts, ([value, count]) => ({ value, count, proportion: count / present }));
  frequencies.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { frequencies, nulls };
}
