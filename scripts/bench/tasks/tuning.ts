/**
 * The stroke tuning job (12 trials, 3 in parallel, Bayesian GP + EI) on a 5k-row gold-like
 * table: 80 % train, 20 % validation. Trials train on a pool of worker threads, one per core
 * (trainBoosterInWorker), started in the warm-up run and reused. Each trial trains on its
 * worker's thread with the engine chooseLocalEngine picks: the TypeScript hist booster for
 * hist (what the suite runs), the wasm XGBoost (compiled once per worker) for exact. The same
 * worker then scores every tree prefix on validation (AUC-PR, as trainAndValidate does). The
 * chosen parameter sets are written out so the Python reference trains the same 12 settings.
 */
import * as fs from 'node:fs';
import type { XGBoostParams } from '../../../shared/ml/xgboost/xgboost-params';
import { availableCores, WorkerPool } from '../../../shared/core/parallel/worker-pool';
import { trainBoosterInWorker } from '../../../shared/ml/training/worker-training';
import { runBayesianSearch } from '../../../shared/core/tuning/bayesian-search';
import type { HyperParameters } from '../../../shared/core/tuning/parameter-ranges';
import { STROKE_XGBOOST_TUNING } from '../../../shared/pipeline/modeling/stroke-tuning-config';
import { timeRuns } from '../../lib/bench/timing';
import { FeatureSetFiles, readMatrix } from '../inputs';
import type { Measurement, RepeatConfig } from '../task-protocol';

export interface TuningConfig extends RepeatConfig {
  data: FeatureSetFiles;
  trainRows: number;
  trials: number;
  parallel: number;
  rounds: number;
  treeMethod: 'exact' | 'hist';
  /** Where to write the trials' parameter sets (JSON array of XGBoost params). */
  paramsOut: string;
}

export const TUNING_SEED = 42;

/** A trial's hyperparameters on top of the fixed ones, as both sides train them. */
export function trialParams(hyper: HyperParameters, treeMethod: 'exact' | 'hist'): XGBoostParams {
  const number = (name: string): number => {
    const value = hyper[name];
    if (typeof value !== 'number')
      throw new Error(`tuning trial: hyperparameter ${name} is ${JSON.stringify(value)}; expected a number`);
    return value;
  };
  return {
    objective: 'binary:logistic',
    eta: number('eta'),
    max_depth: number('max_depth'),
    min_child_weight: number('min_child_weight'),
    subsample: number('subsample'),
    colsample_bytree: number('colsample_bytree'),
    tree_method: treeMethod,
    seed: TUNING_SEED,
  };
}

export async function runTuningTask(config: TuningConfig): Promise<Measurement[]> {
  const { data, labels } = readMatrix(config.data);
  const cols = config.data.cols;
  const trainRows = config.trainRows;
  const validationRows = config.data.rows - trainRows;
  const train = { data: Float32Array.from(data.subarray(0, trainRows * cols)), rows: trainRows, cols };
  const trainLabels = Float32Array.from(labels.subarray(0, trainRows));
  const validation = { matrix: data.subarray(trainRows * cols), rows: validationRows, cols };
  const validationSet = { matrix: validation, labels: labels.slice(trainRows) };

  let lastParams: XGBoostParams[] = [];
  let bestValue = NaN;
  const engines = new Set<string>();
  // One worker per core, as notebook 03's shared pool: a third thread on two cores would only
  // slow the other two down, so the third proposal of a batch waits for a free worker.
  const workers = Math.min(config.parallel, availableCores());
  const pool = new WorkerPool({ size: workers });
  const samplesMs = await timeRuns(async () => {
    const result = await runBayesianSearch({
      ranges: STROKE_XGBOOST_TUNING.ranges,
      maxJobs: config.trials,
      maxParallelJobs: config.parallel,
      seed: TUNING_SEED,
      objective: async (hyper) => {
        const trained = await trainBoosterInWorker(
          train,
          trainLabels,
          trialParams(hyper, config.treeMethod),
          config.rounds,
          { pool, validation: validationSet },
        );
        engines.add(trained.engine);
        if (trained.validation === undefined) throw new Error('tuning trial: the worker returned no validation curve');
        return trained.validation.bestAveragePrecision;
      },
    });
    lastParams = result.trials.map((t) => trialParams(t.params, config.treeMethod));
    bestValue = result.best.value;
  }, config).finally(() => pool.close());
  fs.writeFileSync(config.paramsOut, JSON.stringify(lastParams, null, 1));
  return [
    {
      label: '',
      samplesMs,
      details: {
        trials: lastParams.length,
        workers,
        bestValidationAucPr: bestValue,
        engine: [...engines].sort().join(', '),
      },
    },
  ];
}
