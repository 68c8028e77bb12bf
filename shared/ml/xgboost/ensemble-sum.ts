/**
 * Arithmetic on tree ensembles in margin space: a model scaled by a factor (every leaf and node
 * weight times it), and a weighted sum of models over the same features (their trees side by
 * side, base margins summed with the weights). The results are plain pre-1.0-layout XGBoost models.
 */
import type { RegressionTree, TreeEnsemble } from './tree-ensemble-types';

export function scaleTree(tree: RegressionTree, factor: number): RegressionTree {
  const scale = (values: Float32Array): Float32Array => values.map((v) => Math.fround(v * factor));
  return { ...tree, leafValue: scale(tree.leafValue), baseWeight: scale(tree.baseWeight) };
}

/** The model whose margin is Σ weight_k · margin_k (each up to float32 rounding, as XGBoost stores it). */
export function weightedSum(parts: ReadonlyArray<{ ensemble: TreeEnsemble; weight: number }>): TreeEnsemble {
  if (parts.length === 0) throw new Error('weightedSum: no models');
  const first = parts[0].ensemble;
  for (const { ensemble, weight } of parts) {
    if (!Number.isFinite(weight) || weight < 0)
      throw new Error(`weightedSum: weights must be finite and >= 0, got ${weight}`);
    if (ensemble.objective !== first.objective || ensemble.numFeature !== first.numFeature) {
      throw new Error(
        `weightedSum: models differ (${ensemble.objective}/${ensemble.numFeature} features vs ${first.objective}/${first.numFeature})`,
      );
    }
    if (ensemble.version.major !== 0)
      throw new Error('weightedSum: only the pre-1.0 layout (base_score stored as a margin) is supported');
  }
  const used = parts.filter((p) => p.weight > 0);
  const baseMargin = Math.fround(used.reduce((sum, p) => sum + p.weight * p.ensemble.baseMargin, 0));
  return {
    ...first,
    attributes: {},
    baseMargin,
    storedBaseScore: baseMargin,
    trees: used.flatMap((p) =>
      p.weight === 1 ? p.ensemble.trees : p.ensemble.trees.map((t) => scaleTree(t, p.weight)),
    ),
  };
}
