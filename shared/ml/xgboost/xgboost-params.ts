/**
 * Booster parameters for the wasm XGBoost (0.7x) trainer, validated in TypeScript because the
 * wasm build cannot report a bad value as an error: it aborts and leaks what it held.
 */

export type XGBoostObjective =
  | 'binary:logistic'
  | 'binary:logitraw'
  | 'reg:logistic'
  | 'reg:linear'
  /** Newer name of reg:linear; sent to the 0.7x engine as reg:linear. */
  | 'reg:squarederror';

export interface XGBoostParams {
  objective?: XGBoostObjective;
  eta?: number;
  max_depth?: number;
  min_child_weight?: number;
  subsample?: number;
  colsample_bytree?: number;
  colsample_bylevel?: number;
  gamma?: number;
  lambda?: number;
  alpha?: number;
  scale_pos_weight?: number;
  max_delta_step?: number;
  tree_method?: 'exact' | 'approx' | 'hist';
  /** Histogram bins per feature (tree_method 'hist'). */
  max_bin?: number;
  grow_policy?: 'depthwise' | 'lossguide';
  max_leaves?: number;
  seed?: number;
  /** Initial prediction, in probability space for the logistic objectives. */
  base_score?: number;
}

type NumericKey = Exclude<keyof XGBoostParams, 'objective' | 'tree_method' | 'grow_policy'>;

interface NumericRule {
  integer: boolean;
  min: number;
  max: number;
  /** Whether `min` / `max` themselves are allowed. */
  minInclusive: boolean;
  maxInclusive: boolean;
}

const rule = (integer: boolean, min: number, max: number, minInclusive = true, maxInclusive = true): NumericRule => ({
  integer,
  min,
  max,
  minInclusive,
  maxInclusive,
});

const NUMERIC_RULES: Record<NumericKey, NumericRule> = {
  eta: rule(false, 0, Infinity),
  max_depth: rule(true, 1, 64),
  min_child_weight: rule(false, 0, Infinity),
  subsample: rule(false, 0, 1, false),
  colsample_bytree: rule(false, 0, 1, false),
  colsample_bylevel: rule(false, 0, 1, false),
  gamma: rule(false, 0, Infinity),
  lambda: rule(false, 0, Infinity),
  alpha: rule(false, 0, Infinity),
  scale_pos_weight: rule(false, 0, Infinity, false),
  max_delta_step: rule(false, 0, Infinity),
  max_bin: rule(true, 2, 65536),
  max_leaves: rule(true, 0, 2 ** 31 - 1),
  seed: rule(true, -(2 ** 31), 2 ** 31 - 1),
  base_score: rule(false, -Infinity, Infinity),
};

const CHOICES: Record<'objective' | 'tree_method' | 'grow_policy', readonly string[]> = {
  objective: ['binary:logistic', 'binary:logitraw', 'reg:logistic', 'reg:linear', 'reg:squarederror'],
  tree_method: ['exact', 'approx', 'hist'],
  grow_policy: ['depthwise', 'lossguide'],
};

const LOGISTIC_OBJECTIVES = new Set(['binary:logistic', 'binary:logitraw', 'reg:logistic']);

function describeRange(r: NumericRule): string {
  const low = `${r.minInclusive ? '[' : '('}${r.min}`;
  const high = `${r.max}${r.maxInclusive ? ']' : ')'}`;
  return `${r.integer ? 'an integer' : 'a number'} in ${low}, ${high}`;
}

/**
 * Checks every parameter and returns the (name, value) strings to hand to XGBoost, in a fixed
 * order. Throws naming the first offending parameter.
 */
export function toXGBoostParamStrings(params: XGBoostParams): Array<[string, string]> {
  const out: Array<[string, string]> = [['silent', '1']];
  const objective = params.objective ?? 'binary:logistic';
  for (const key of Object.keys(params).sort()) {
    const value: unknown = (params as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'objective' || key === 'tree_method' || key === 'grow_policy') {
      const choices = CHOICES[key];
      if (typeof value !== 'string' || !choices.includes(value)) {
        throw new Error(`XGBoost parameter ${key} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
      }
      if (key !== 'objective') out.push([key, value]);
      continue;
    }
    if (!(key in NUMERIC_RULES)) {
      throw new Error(
        `unknown XGBoost parameter "${key}"; supported: ${[...Object.keys(CHOICES), ...Object.keys(NUMERIC_RULES)].join(', ')}`,
      );
    }
    const r = NUMERIC_RULES[key as NumericKey];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!r.integer || Number.isInteger(value)) &&
      (r.minInclusive ? value >= r.min : value > r.min) &&
      (r.maxInclusive ? value <= r.max : value < r.max);
    if (!ok) throw new Error(`XGBoost parameter ${key} must be ${describeRange(r)}; got ${JSON.stringify(value)}`);
    out.push([key, String(value)]);
  }
  if (LOGISTIC_OBJECTIVES.has(objective) && params.base_score !== undefined) {
    if (!(params.base_score > 0 && params.base_score < 1)) {
      throw new Error(`XGBoost parameter base_score must be in (0, 1) for ${objective}; got ${params.base_score}`);
    }
  }
  out.unshift(['objective', objective === 'reg:squarederror' ? 'reg:linear' : objective]);
  return out;
}

/** Whether labels for this objective must lie in [0, 1]. */
export function needsUnitIntervalLabels(objective: XGBoostObjective | undefined): boolean {
  return LOGISTIC_OBJECTIVES.has(objective ?? 'binary:logistic');
}
