/** Parameters of the histogram booster: the XGBoost names and defaults, validated like the wasm trainer's. */
import { toXGBoostParamStrings } from '../xgboost-params';

export interface HistBoosterParams {
  eta?: number;
  max_depth?: number;
  min_child_weight?: number;
  lambda?: number;
  gamma?: number;
  subsample?: number;
  colsample_bytree?: number;
  scale_pos_weight?: number;
  /** Bins per feature, at most MAX_BINS (one byte per value, one code kept for missing). */
  max_bin?: number;
  seed?: number;
}

export type ResolvedParams = Required<HistBoosterParams>;

/** Real bins a feature may have: byte codes 0..254; 255 marks a missing value. */
export const MAX_BINS = 255;
export const MISSING_BIN = 255;

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
};

/** Checks every parameter (throwing on the first bad one) and fills XGBoost's defaults. */
export function resolveParams(params: HistBoosterParams): ResolvedParams {
  for (const key of Object.keys(params)) {
    if (!(key in DEFAULTS)) throw new Error(`unknown hist-booster parameter "${key}"; supported: ${Object.keys(DEFAULTS).join(', ')}`);
  }
  toXGBoostParamStrings({ ...params, objective: 'binary:logistic' });
  if (params.max_bin !== undefined && params.max_bin > MAX_BINS + 1) {
    throw new Error(`hist-booster parameter max_bin must be at most ${MAX_BINS + 1}; got ${params.max_bin}`);
  }
  const resolved: ResolvedParams = { ...DEFAULTS };
  for (const key of Object.keys(params) as Array<keyof HistBoosterParams>) {
    const value = params[key];
    if (value !== undefined) resolved[key] = value;
  }
  resolved.max_bin = Math.min(resolved.max_bin, MAX_BINS);
  return resolved;
}
