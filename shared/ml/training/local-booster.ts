/**
 * The one entry point for local XGBoost training. Parameters that ask for exactly what the
 * TypeScript hist booster implements (tree_method hist, binary:logistic, its parameter set)
 * train there, on any number of threads; everything else trains on the wasm XGBoost 0.7x engine,
 * single-threaded. The choice comes with a reason naming the parameter that decided it, so a run
 * that falls back to the slower engine says why.
 */
import type { WorkerPool } from '../../core/parallel/worker-pool';
import type { FeatureMatrix } from '../xgboost/feature-matrix';
import type { HistBoosterParams } from './hist-booster/params';
import { trainHistBooster, type HistBoosterOptions } from './hist-booster/train';
import type { XGBoostParams } from '../xgboost/xgboost-params';
import { trainBooster } from '../xgboost/xgboost-wasm';

export type LocalEngine = 'hist-booster' | 'wasm-xgboost';

export interface LocalEngineChoice {
  engine: LocalEngine;
  reason: string;
}

export interface LocalBoosterOptions {
  /** Threads for the hist booster (default 1: this thread); the wasm engine always uses one. */
  workers?: number;
  /** Pool the hist booster runs on when workers > 1; default: a private pool closed at the end. */
  pool?: WorkerPool;
  /** Wraps the hist booster's kernels (see HistBoosterOptions.instrument); the wasm engine ignores it. */
  instrument?: HistBoosterOptions['instrument'];
  /** The hist booster's binning (see HistBoosterOptions.quantize); the wasm engine ignores it. */
  quantize?: HistBoosterOptions['quantize'];
}

export interface LocalBoosterResult extends LocalEngineChoice {
  /** The model in XGBoost's binary model format, whichever engine trained it. */
  modelBytes: Uint8Array;
}

/** Typed as a record of HistBoosterParams' keys, so a parameter added there must be listed here. */
const HIST_BOOSTER_PARAMS: Readonly<Record<keyof HistBoosterParams, true>> = {
  eta: true,
  max_depth: true,
  min_child_weight: true,
  lambda: true,
  gamma: true,
  subsample: true,
  colsample_bytree: true,
  scale_pos_weight: true,
  max_bin: true,
  seed: true,
  base_score: true,
};

/** Parameters the hist booster does not implement, at the values where XGBoost ignores them. */
const NO_OP_VALUES: Readonly<Partial<XGBoostParams>> = {
  alpha: 0,
  max_delta_step: 0,
  colsample_bylevel: 1,
  grow_policy: 'depthwise',
  // 0 means "no limit"; any other value would cap the leaves of a depthwise tree.
  max_leaves: 0,
};

/** Routing keys: settled before the per-parameter checks. */
const ROUTING_KEYS = new Set(['objective', 'tree_method']);

/** Most bins per feature routed to the hist booster (XGBoost's default); wider settings stay on the wasm engine. */
const HIST_MAX_BIN = 256;

function isHistBoosterParam(key: string): key is keyof HistBoosterParams {
  return Object.prototype.hasOwnProperty.call(HIST_BOOSTER_PARAMS, key);
}

function isNoOpParam(key: string): key is keyof typeof NO_OP_VALUES {
  return Object.prototype.hasOwnProperty.call(NO_OP_VALUES, key);
}

const wasmEngine = (reason: string): LocalEngineChoice => ({ engine: 'wasm-xgboost', reason });

/** Which engine trains `params` locally, and why. Does not validate values: the chosen engine does. */
export function chooseLocalEngine(params: XGBoostParams): LocalEngineChoice {
  if (params.tree_method !== 'hist') {
    const method =
      params.tree_method === undefined ? 'not set (the default, auto, means exact or approx)' : params.tree_method;
    return wasmEngine(`tree_method is ${method}; the TypeScript booster implements hist only`);
  }
  const objective = params.objective ?? 'binary:logistic';
  if (objective !== 'binary:logistic') {
    return wasmEngine(`objective is ${objective}; the TypeScript hist booster implements binary:logistic only`);
  }
  const values = params as Record<string, unknown>;
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (value === undefined || ROUTING_KEYS.has(key)) continue;
    if (key === 'max_bin' && typeof value === 'number' && value > HIST_MAX_BIN) {
      return wasmEngine(
        `max_bin is ${value}; the TypeScript hist booster keeps at most ${HIST_MAX_BIN} bins per feature`,
      );
    }
    if (isHistBoosterParam(key)) continue;
    if (isNoOpParam(key)) {
      const noOp = NO_OP_VALUES[key];
      if (value === noOp) continue;
      return wasmEngine(
        `${key} is ${JSON.stringify(value)}; the TypeScript hist booster implements only ${key} = ${JSON.stringify(noOp)}`,
      );
    }
    return wasmEngine(`parameter ${key} is not one the TypeScript hist booster implements`);
  }
  return {
    engine: 'hist-booster',
    reason: 'tree_method hist with binary:logistic and only parameters the TypeScript hist booster implements',
  };
}

/** The hist booster's share of `params`: the no-op and routing parameters dropped. */
function toHistBoosterParams(params: XGBoostParams): HistBoosterParams {
  const mapped: HistBoosterParams = {};
  for (const key of Object.keys(HIST_BOOSTER_PARAMS) as Array<keyof HistBoosterParams>) {
    const value = params[key];
    if (value !== undefined) mapped[key] = value;
  }
  return mapped;
}

/** Trains `numRound` rounds on the engine chooseLocalEngine picks; same inputs and errors as trainBooster. */
export async function trainLocalBooster(
  matrix: FeatureMatrix,
  labels: Float32Array,
  params: XGBoostParams,
  numRound: number,
  options: LocalBoosterOptions = {},
): Promise<LocalBoosterResult> {
  const choice = chooseLocalEngine(params);
  if (choice.engine === 'hist-booster') {
    const trained = await trainHistBooster(matrix, labels, toHistBoosterParams(params), numRound, options);
    return { ...choice, modelBytes: trained.modelBytes };
  }
  return { ...choice, modelBytes: await trainBooster(matrix, labels, params, numRound) };
}
