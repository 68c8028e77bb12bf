/**
 * XGBoost's second-order split arithmetic (no L1 term, no max_delta_step): a node's score is
 * G²/(H+λ), its weight −G/(H+λ), and a split's loss change is score(L) + score(R) − score(parent),
 * the quantity XGBoost stores as loss_chg and compares with gamma when pruning.
 */

/** XGBoost's kRtEps: a split must improve the loss by more than this. */
const MIN_LOSS_CHANGE = 1e-6;

export function nodeWeight(g: number, h: number, lambda: number): number {
  return -g / (h + lambda);
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

/**
 * The best split of a node over `features`, trying for each bin boundary missing-right and (when
 * the node has missing values of that feature) missing-left; null when none beats MIN_LOSS_CHANGE
 * with both children's hessian >= minChildWeight. Ties keep the first (lowest feature, bin).
 */
export function bestSplit(
  hist: Float64Array,
  slotOffset: number,
  features: Int32Array,
  featureOffset: Int32Array,
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
    const offset = slotOffset + 2 * featureOffset[feature];
    const last = featureOffset[feature + 1] - featureOffset[feature] - 2;
    const missingG = hist[offset + 2 * (last + 1)];
    const missingH = hist[offset + 2 * (last + 1) + 1];
    const tryMissingLeft = missingH > 0;
    let gl = 0;
    let hl = 0;
    for (let bin = 0; bin < last; bin++) {
      const binH = hist[offset + 2 * bin + 1];
      // An empty bin repeats the previous boundary's split, which already won any tie.
      if (binH === 0) continue;
      gl += hist[offset + 2 * bin];
      hl += binH;
      for (let side = 0; side < (tryMissingLeft ? 2 : 1); side++) {
        const leftG = side === 0 ? gl : gl + missingG;
        const leftH = side === 0 ? hl : hl + missingH;
        const rightH = h - leftH;
        if (leftH < minChildWeight || rightH < minChildWeight) continue;
        const rightG = g - leftG;
        const loss = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentScore;
        if (loss > bestLoss) {
          bestLoss = loss;
          best = {
            feature,
            splitBin: bin,
            defaultLeft: side === 1,
            lossChange: loss,
            leftGradient: leftG,
            leftHessian: leftH,
          };
        }
      }
    }
  }
  return best;
}
