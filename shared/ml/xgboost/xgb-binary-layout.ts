/**
 * Sizes of the fixed-size records in XGBoost's binary model format (the parameter structs are
 * padded with reserved bytes), shared by the parser (xgb-binary-model.ts) and the writer
 * (hist-booster/model-writer.ts) so both read and write the same layout.
 */
export const LEARNER_PARAM_BYTES = 136;
export const GBTREE_PARAM_BYTES = 160;
export const TREE_PARAM_BYTES = 148;
export const NODE_BYTES = 20;
export const STAT_BYTES = 16;
