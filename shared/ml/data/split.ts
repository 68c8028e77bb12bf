/**
 * Stratified train/validation/test split.
 *
 * Rounding, so that both the split sizes and every class's share are as exact as integers allow:
 *  1. Split sizes: n·fraction rounded by largest remainder (floor everything, then hand the rows
 *     left over to the largest fractional parts, ties to the earlier split). Each size is the
 *     floor or ceiling of n·fraction and the sizes sum to n.
 *  2. Class counts per split: the target n_class·size/n is rounded to its floor or ceiling so that
 *     every class total and every split size is met exactly (a "controlled rounding" of the
 *     class × split table, found by greedy largest-remainder assignment completed with
 *     augmenting paths; a solution always exists because the fractional parts themselves form a
 *     feasible fractional flow). Hence within every split each class's count differs from its
 *     proportional share by less than one row.
 * Rows of each class are then shuffled with a seeded Random and dealt to the splits in order.
 * Each returned index array is sorted ascending.
 */
import { Random } from '../../core/util/random';

export interface StratifiedSplitOptions {
  /** Positive fractions summing to 1, e.g. [0.6, 0.2, 0.2]. */
  fractions: readonly number[];
  seed: number;
}

export function stratifiedSplit(labels: ArrayLike<number>, options: StratifiedSplitOptions): Int32Array[] {
  const { fractions, seed } = options;
  checkFractions(fractions);
  const n = labels.length;
  const rowsByClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (typeof label !== 'number' || !Number.isFinite(label)) {
      throw new Error(`stratifiedSplit: label at row ${i} is ${String(label)}; expected a finite number`);
    }
    const rows = rowsByClass.get(label);
    if (rows === undefined) rowsByClass.set(label, [i]);
    else rows.push(i);
  }
  const classes = [...rowsByClass.keys()].sort((a, b) => a - b);
  const classSizes = classes.map((c) => (rowsByClass.get(c) as number[]).length);
  const splitSizes = largestRemainder(n, fractions);
  const counts = controlledRounding(classSizes, splitSizes, n);

  const random = new Random(seed);
  const splits: number[][] = fractions.map(() => []);
  classes.forEach((label, c) => {
    const rows = random.shuffle((rowsByClass.get(label) as number[]).slice());
    let next = 0;
    counts[c].forEach((count, s) => {
      for (let taken = 0; taken < count; taken++) splits[s].push(rows[next++]);
    });
  });
  return splits.map((rows) => Int32Array.from(rows).sort());
}

function checkFractions(fractions: readonly number[]): void {
  if (fractions.length === 0) throw new Error('stratifiedSplit: fractions is empty');
  let sum = 0;
  fractions.forEach((f, s) => {
    if (typeof f !== 'number' || !(f > 0 && f <= 1)) {
      throw new Error(`stratifiedSplit: fractions[${s}] is ${String(f)}; expected a number in (0, 1]`);
    }
    sum += f;
  });
  if (Math.abs(sum - 1) > 1e-9) throw new Error(`stratifiedSplit: fractions sum to ${sum}; expected 1`);
}

/** Sizes floor(total·f) topped up, one row each, for the largest fractional parts. */
function largestRemainder(total: number, fractions: readonly number[]): number[] {
  const sum = fractions.reduce((a, b) => a + b, 0);
  const exact = fractions.map((f) => (total * f) / sum);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((_, s) => s).sort((a, b) => exact[b] - sizes[b] - (exact[a] - sizes[a]) || a - b);
  for (const s of byRemainder) {
    if (left <= 0) break;
    sizes[s]++;
    left--;
  }
  return sizes;
}

/**
 * Integer class × split table with row sums `classSizes`, column sums `splitSizes`, and every
 * cell the floor or ceiling of classSize·splitSize/total. Integer arithmetic throughout.
 */
function controlledRounding(classSizes: number[], splitSizes: number[], total: number): number[][] {
  const K = classSizes.length;
  const S = splitSizes.length;
  const counts = classSizes.map((nc) => splitSizes.map((size) => Math.floor((nc * size) / total)));
  const remainder = classSizes.map((nc) => splitSizes.map((size) => (nc * size) % total));
  const rowNeed = classSizes.map((nc, c) => nc - counts[c].reduce((a, b) => a + b, 0));
  const colNeed = splitSizes.map((size, s) => size - counts.reduce((sum, row) => sum + row[s], 0));
  const raised = classSizes.map(() => new Uint8Array(S));

  const cells: [number, number][] = [];
  for (let c = 0; c < K; c++) for (let s = 0; s < S; s++) if (remainder[c][s] > 0) cells.push([c, s]);
  cells.sort(([c1, s1], [c2, s2]) => remainder[c2][s2] - remainder[c1][s1] || c1 - c2 || s1 - s2);
  for (const [c, s] of cells) {
    if (rowNeed[c] > 0 && colNeed[s] > 0) {
      raised[c][s] = 1;
      rowNeed[c]--;
      colNeed[s]--;
    }
  }

  // Alternating path: class c takes split s, evicting a class that can move to another split.
  const augment = (c: number, visited: Uint8Array): boolean => {
    for (let s = 0; s < S; s++) {
      if (remainder[c][s] === 0 || raised[c][s] || visited[s]) continue;
      visited[s] = 1;
      if (colNeed[s] > 0) {
        colNeed[s]--;
        raised[c][s] = 1;
        return true;
      }
      for (let other = 0; other < K; other++) {
        if (other !== c && raised[other][s] && augment(other, visited)) {
          raised[other][s] = 0;
          raised[c][s] = 1;
          return true;
        }
      }
    }
    return false;
  };
  for (let c = 0; c < K; c++) {
    while (rowNeed[c] > 0) {
      if (!augment(c, new Uint8Array(S))) {
        throw new Error(`stratifiedSplit: internal error, no controlled rounding found for class #${c}`);
      }
      rowNeed[c]--;
    }
  }
  return counts.map((row, c) => row.map((count, s) => count + raised[c][s]));
}
