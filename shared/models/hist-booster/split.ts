/**
 * XGBoost's second-order split arithmetic (no L1 term, no max_delta_step): a node's score is
 * G²/(H+λ), its weight −G/(H+λ), and a split's loss change is score(L) + score(R) − score(parent),
 * the quantity XGBoost stores as loss_chg and compares with gamma when pruning.
 */
import { FEATURE_STRIDE } from './kernels';
import { MISSING_BIN } from './params';

/** XGBoost's kRtEps: a split must improve the loss by more than this. */
export const MIN_LOSS_CHANGE = 1e-6;

export function nodeScore(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

export function nodeWeight(g: number, h: number, lambda: number): number {
  return -g / (h + lambda);
}

export function lossChange(gl: number, hl: number, gr: number, hr: number, lambda: number): number {
  return nodeScore(gl, hl, lambda) + nodeScore(gr, hr, lambda) - nodeScore(gl + gr, hl + hr, lambda);
}

export interface SplitCandidate {
  feature: number;
  /** Rows with bin <= splitBin go left. */
  splitBin: number;
  defaultLeft: boolean;
  lossChange: number;
  leftGradient: number;
  leftHessian: number;
}

/** Totals (G, H) of a node from one feature's histogram (every row lands in exactly one bin). */
export function nodeTotals(hist: Float64Array, slotOffset: number): [number, number] {
  let g = 0;
  let h = 0;
  for (let k = 0; k < FEATURE_STRIDE; k += 2) {
    g += hist[slotOffset + k];
    h += hist[slotOffset + k + 1];
  }
  return [g, h];
}

/**
 * The best split of a node over `features`, trying for each bin boundary missing-right and (when
 * the node has missing values of that feature) missing-left; null when none beats MIN_LOSS_CHANGE
 * with both children's hessian >= minChildWeight. Ties keep the first (lowest feature, bin).
 */
export function bestSplit(
  hist: Float64Array,
  slotOffset: number,
  features: Int32Array,
  binCounts: Int32Array,
  g: number,
  h: number,
  lambda: number,
  minChildWeight: number,
): SplitCandidate | null {
  const parentScore = (g * g) / (h + lambda);
  let best: SplitCandidate | null = null;
  let bestLoss = MIN_LOSS_CHANGE;
  for (let k = 0; k < features.length; k++) {
    const feature = features[k];
    const offset = slotOffset + feature * FEATURE_STRIDE;
    const missingG = hist[offset + 2 * MISSING_BIN];
    const missingH = hist[offset + 2 * MISSING_BIN + 1];
    const tryMissingLeft = missingH > 0;
    let gl = 0;
    let hl = 0;
    const last = binCounts[feature] - 1;
    for (let bin = 0; bin < last; bin++) {
      gl += hist[offset + 2 * bin];
      hl += hist[offset + 2 * bin + 1];
      for (let side = 0; side < (tryMissingLeft ? 2 : 1); side++) {
        const leftG = side === 0 ? gl : gl + missingG;
        const leftH = side === 0 ? hl : hl + missingH;
        const rightH = h - leftH;
        if (leftH < minChildWeight || rightH < minChildWeight) continue;
        const rightG = g - leftG;
        const loss = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentScore;
        if (loss > bestLoss) {
          bestLoss = loss;
          best = { feature, splitBin: bin, defaultLeft: side === 1, lossChange: loss, leftGradient: leftG, leftHessian: leftH };
        }
      }
    }
  }
  return best;
}
