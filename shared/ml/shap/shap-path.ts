/**
 * TreeSHAP's "unique path" (Lundberg, Erion & Lee 2018, Algorithm 2): the features met on the
 * way from the root, each with the fraction of zero-paths (cover share when the feature is left
 * out) and one-paths (1 if the row follows this way, else 0) and the permutation weights.
 * Stored as parallel typed arrays; `start` selects a segment, so a recursion can keep one
 * segment per level and a single walk down one path can use one segment in place. Both do the
 * same arithmetic in the same order, so they give bit-identical results.
 */
export class ShapPath {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.zero = new Float64Array(capacity);
    this.one = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
  }

  /** Appends element `depth` (feature, zero and one fractions) and updates the weights. */
  extend(start: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.weight;
    const at = start + depth;
    this.feature[at] = feature;
    this.zero[at] = zero;
    this.one[at] = one;
    w[at] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[start + i + 1] += (one * w[start + i] * (i + 1)) / (depth + 1);
      w[start + i] = (zero * w[start + i] * (depth - i)) / (depth + 1);
    }
  }

  /** Removes element `pathIndex` (undoing its extend) from a path of `depth` + 1 elements. */
  unwind(start: number, depth: number, pathIndex: number): void {
    const w = this.weight;
    const one = this.one[start + pathIndex];
    const zero = this.zero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const previous = w[start + i];
        w[start + i] = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        nextOnePortion = previous - (w[start + i] * zero * (depth - i)) / (depth + 1);
      } else {
        w[start + i] = (w[start + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = pathIndex; i < depth; i++) {
      this.feature[start + i] = this.feature[start + i + 1];
      this.zero[start + i] = this.zero[start + i + 1];
      this.one[start + i] = this.one[start + i + 1];
    }
  }

  /** Total weight of the path with element `pathIndex` unwound, without modifying the path. */
  unwoundSum(start: number, depth: number, pathIndex: number): number {
    const w = this.weight;
    const one = this.one[start + pathIndex];
    const zero = this.zero[start + pathIndex];
    let nextOnePortion = w[start + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const t = (nextOnePortion * (depth + 1)) / ((i + 1) * one);
        total += t;
        nextOnePortion = w[start + i] - (t * zero * (depth - i)) / (depth + 1);
      } else if (zero !== 0) {
        total += w[start + i] / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  /** Where `feature` sits among elements 0..depth, or -1. */
  indexOf(start: number, depth: number, feature: number): number {
    for (let i = 0; i <= depth; i++) if (this.feature[start + i] === feature) return i;
    return -1;
  }

  /** The contribution a leaf of output `value` makes to element i's feature: unwound weight x (one - zero) x value. */
  contribution(start: number, depth: number, i: number, value: number): number {
    return this.unwoundSum(start, depth, i) * (this.one[start + i] - this.zero[start + i]) * value;
  }
}
