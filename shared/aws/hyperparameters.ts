/**
 * Hyperparameters of SageMaker's built-in XGBoost, given as numbers or as the strings the API
 * carries. The AWS backend sends them as strings (any name the container knows passes through);
 * the local backend maps them onto the wasm trainer's parameters and refuses the ones it cannot
 * honour, so a run never silently ignores a setting.
 */
import { toXGBoostParamStrings, type XGBoostParams } from '../ml/xgboost/xgboost-params';

export type HyperparameterValue = number | string;

export interface XGBoostHyperparameters {
  /** Boosting rounds (required, like the built-in algorithm). */
  num_round: HyperparameterValue;
  objective?: string;
  /** Metric(s) the container evaluates; the tuning objective validation:aucpr needs 'aucpr'. */
  eval_metric?: string;
  eta?: HyperparameterValue;
  max_depth?: HyperparameterValue;
  min_child_weight?: HyperparameterValue;
  subsample?: HyperparameterValue;
  colsample_bytree?: HyperparameterValue;
  [name: string]: HyperparameterValue | undefined;
}

const DEFAULT_OBJECTIVE = 'binary:logistic';
const DEFAULT_EVAL_METRIC = 'aucpr';

/**
 * Built-in XGBoost hyperparameters that take numbers; their values are checked to parse as
 * finite numbers. Any other name (objective, tree_method, booleans, ...) passes through as text.
 */
const NUMERIC_HYPERPARAMETERS = new Set([
  'num_round',
  'eta',
  'learning_rate',
  'gamma',
  'min_split_loss',
  'max_depth',
  'min_child_weight',
  'max_delta_step',
  'subsample',
  'colsample_bytree',
  'colsample_bylevel',
  'colsample_bynode',
  'lambda',
  'reg_lambda',
  'alpha',
  'reg_alpha',
  'scale_pos_weight',
  'max_bin',
  'max_leaves',
  'seed',
  'base_score',
  'num_parallel_tree',
  'early_stopping_rounds',
  'csv_weights',
  'nthread',
  'verbosity',
  'tweedie_variance_power',
  'lambda_bias',
  'rate_drop',
  'skip_drop',
  'one_drop',
  'sketch_eps',
]);

function checkValue(name: string, value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`hyperparameter ${name}: expected a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new Error(`hyperparameter ${name}: expected a number or a non-empty string, got ${JSON.stringify(value)}`);
}

function parseNumeric(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new Error(`hyperparameter ${name}: expected a number, got ${JSON.stringify(text)}`);
  return value;
}

/** The number of boosting rounds; throws unless num_round is a positive integer. */
export function numRoundOf(hyperparameters: XGBoostHyperparameters): number {
  if (hyperparameters.num_round === undefined)
    throw new Error('hyperparameter num_round is required (a positive integer)');
  const rounds = parseNumeric('num_round', checkValue('num_round', hyperparameters.num_round));
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`hyperparameter num_round must be a positive integer, got ${hyperparameters.num_round}`);
  return rounds;
}

/**
 * The `HyperParameters` map of CreateTrainingJob: every value a string, objective and
 * eval_metric defaulted to binary:logistic and aucpr. Names in `omit` are left out (the tuned
 * ones, which a tuning job's static hyperparameters must not repeat).
 */
export function toSageMakerHyperParameters(
  hyperparameters: XGBoostHyperparameters,
  omit: ReadonlySet<string> = new Set(),
): Record<string, string> {
  numRoundOf(hyperparameters);
  const merged: Record<string, HyperparameterValue | undefined> = {
    objective: DEFAULT_OBJECTIVE,
    eval_metric: DEFAULT_EVAL_METRIC,
    ...hyperparameters,
  };
  const out: Record<string, string> = {};
  for (const name of Object.keys(merged).sort()) {
    const value = merged[name];
    if (value === undefined || omit.has(name)) continue;
    const text = checkValue(name, value);
    if (NUMERIC_HYPERPARAMETERS.has(name)) parseNumeric(name, text);
    out[name] = text;
  }
  return out;
}

const LOCAL_NUMERIC: ReadonlyArray<keyof XGBoostParams> = [
  'eta',
  'max_depth',
  'min_child_weight',
  'subsample',
  'colsample_bytree',
  'colsample_bylevel',
  'gamma',
  'lambda',
  'alpha',
  'scale_pos_weight',
  'max_delta_step',
  'max_bin',
  'max_leaves',
  'seed',
  'base_score',
];
/** SageMaker's synonyms for XGBoost names (the container accepts both spellings). */
const ALIASES: Readonly<Record<string, keyof XGBoostParams>> = {
  learning_rate: 'eta',
  reg_lambda: 'lambda',
  reg_alpha: 'alpha',
  min_split_loss: 'gamma',
};

export interface LocalTrainingParams {
  params: XGBoostParams;
  numRound: number;
}

/**
 * The wasm trainer's parameters for these hyperparameters. Throws for a hyperparameter the local
 * backend cannot honour (naming it and listing what is supported) and for an eval_metric other
 * than aucpr, the only metric it reports.
 */
export function toLocalTrainingParams(hyperparameters: XGBoostHyperparameters): LocalTrainingParams {
  const strings = toSageMakerHyperParameters(hyperparameters);
  const params: XGBoostParams = {};
  const record = params as Record<string, number | string>;
  for (const [rawName, text] of Object.entries(strings)) {
    if (rawName === 'num_round') continue;
    if (rawName === 'eval_metric') {
      if (text !== DEFAULT_EVAL_METRIC) {
        throw new Error(
          `hyperparameter eval_metric=${text}: the local backend reports only aucpr (validation:aucpr); set eval_metric to aucpr`,
        );
      }
      continue;
    }
    const name = ALIASES[rawName] ?? rawName;
    if (name === 'objective' || name === 'tree_method' || name === 'grow_policy') {
      record[name] = text;
    } else if ((LOCAL_NUMERIC as readonly string[]).includes(name)) {
      record[name] = parseNumeric(rawName, text);
    } else {
      throw new Error(
        `hyperparameter ${rawName} is not supported by the local backend; supported: num_round, eval_metric, objective, ` +
          `tree_method, grow_policy, ${LOCAL_NUMERIC.join(', ')} (and aliases ${Object.keys(ALIASES).join(', ')})`,
      );
    }
  }
  // Fail here, in the caller's thread, rather than inside the training worker.
  toXGBoostParamStrings(params);
  return { params, numRound: numRoundOf(hyperparameters) };
}
