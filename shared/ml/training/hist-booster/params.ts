/** Parameters of the histogram booster: the XGBoost names and defaults, validated like the wasm trainer's. */
import { toXGBoostParamStrings } from '../../xgboost/xgboost-params';

export interface HistBoosterParams {
  eta?: number;
  max_depth?: number;
  min_child_weight?: number;
  lambda?: number;
  gamma?: number;
  subsample?: number;
  colsample_bytree?: number;
  scale_pos_weight?: number;
  /** Bins per feature (all features' bins together must stay below quantize's MAX_TOTAL_CODES). */
  max_bin?: number;
  seed?: number;
  /** Initial probability of every row (XGBoost's base_score); the trees start from its log-odds. */
  base_score?: number;
}

export type ResolvedParams = Required<HistBoosterParams>;

const DEFAULTS: ResolvedParams = {
  eta: 0.3,
  max_depth: 6,
  min_child_weight: 1,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsample_bytree: 1,
  scale_pos_weight: 1,
  max_bin: 256,
  seed: 0,
  base_score: 0.5,
};

/** Checks every parameter (throwing on the first bad one) and fills XGBoost's defaults. */
export function resolveParams(params: HistBoosterParams): ResolvedParams {
  for (const key of Object.keys(params)) {
    if (!(key in DEFAULTS))
      throw new Error(`unknown hist-booster parameter "${key}"; supported: ${Object.keys(DEFAULTS).join(', ')}`);
  }
  toXGBoostParamStrings({ ...params, objective: 'binary:logistic' });
  const resolved: ResolvedParams = { ...DEFAULTS };
  for (const key of Object.keys(params) as Array<keyof HistBoosterParams>) {
    const value = params[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}
