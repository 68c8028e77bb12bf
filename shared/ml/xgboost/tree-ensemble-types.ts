/** The in-memory form of a parsed XGBoost gbtree model (binary logistic / regression, one output). */

export interface RegressionTree {
  numNodes: number;
  /** Index of the left child, -1 for a leaf. */
  leftChild: Int32Array;
  /** Index of the right child, -1 for a leaf. */
  rightChild: Int32Array;
  /** Index of the parent, -1 for the root. */
  parent: Int32Array;
  /** Feature index tested at a split node (0 at leaves). */
  splitFeature: Int32Array;
  /** Go left when feature < threshold (float32 comparison). 0 at leaves. */
  splitThreshold: Float32Array;
  /** 1 when a missing value goes to the left child. */
  defaultLeft: Uint8Array;
  /** Output of a leaf (already scaled by eta); 0 at split nodes. */
  leafValue: Float32Array;
  /** Gain of the split (0 at leaves). */
  lossChange: Float32Array;
  /** Sum of hessians of the training rows reaching the node ("cover"). */
  cover: Float32Array;
  /** Weight the node would have as a leaf. */
  baseWeight: Float32Array;
  /** 1 for nodes pruned away (unreachable from the root). */
  deleted: Uint8Array;
  /** Depth of the deepest leaf reachable from the root (root alone = 0). */
  maxDepth: number;
}

export interface TreeEnsemble {
  /** XGBoost major.minor version recorded in the model; 0.0 for pre-1.0 engines (the wasm one). */
  version: { major: number; minor: number };
  objective: string;
  booster: 'gbtree';
  /** base_score exactly as stored: a margin before XGBoost 1.0, a probability-space value after. */
  storedBaseScore: number;
  /** The value every prediction starts from, in margin space. */
  baseMargin: number;
  numFeature: number;
  trees: RegressionTree[];
  /** Learner attributes (e.g. best_iteration), when the model stores any. */
  attributes: Record<string, string>;
}
