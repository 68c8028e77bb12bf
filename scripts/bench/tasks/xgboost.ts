/**
 * Training, batch scoring and TreeSHAP with our engines on the shared inputs. Hist training
 * (the TypeScript hist booster), scoring and SHAP run on a worker pool with one worker per core
 * (the reference uses nthread=2), started in the warm-up run; exact training runs on the
 * single-threaded wasm XGBoost. Scoring and SHAP write their outputs next to the model, so the
 * orchestrator can check that ours and the reference computed the same numbers (same model
 * bytes, same matrix).
 */
import * as fs from 'node:fs';
import { parseXGBoostBinaryModel } from '../../../shared/ml/xgboost/xgb-binary-model';
import { predictProbaParallel, shapValuesParallel } from '../../../shared/ml/xgboost/parallel-predict';
import { availableCores, WorkerPool } from '../../../shared/core/parallel/worker-pool';
import { chooseLocalEngine, trainLocalBooster } from '../../../shared/ml/training/local-booster';
import type { XGBoostParams } from '../../../shared/ml/xgboost/xgboost-params';
import {
  countingKernels,
  emptyTraffic,
  KERNEL_NAMES,
  measureCopyBandwidth,
  trafficBytes,
} from '../../lib/bench/kernel-traffic';
import { timeRuns } from '../../lib/bench/timing';
import { FeatureSetFiles, readMatrix } from '../inputs';
import type { Measurement, RepeatConfig } from '../task-protocol';

export interface TrainConfig extends RepeatConfig {
  data: FeatureSetFiles;
  rounds: number;
  depth: number;
  treeMethod: 'exact' | 'hist';
}

export interface ScoreConfig extends RepeatConfig {
  data: FeatureSetFiles;
  model: string;
  /** Where the last run's output goes (float64, row-major). */
  output: string;
}

export async function runTrainTask(config: TrainConfig): Promise<Measurement[]> {
  const { data, labels } = readMatrix(config.data);
  const labels32 = Float32Array.from(labels);
  const matrix = { data, rows: config.data.rows, cols: config.data.cols };
  const params: XGBoostParams = {
    objective: 'binary:logistic',
    eta: 0.1,
    max_depth: config.depth,
    tree_method: config.treeMethod,
    seed: 1,
  };
  const { engine } = chooseLocalEngine(params);
  const workers = engine === 'hist-booster' ? availableCores() : 1;
  const pool = workers > 1 ? new WorkerPool({ size: workers }) : undefined;
  let modelBytes = 0;
  try {
    const samplesMs = await timeRuns(async () => {
      const trained = await trainLocalBooster(matrix, labels32, params, config.rounds, { workers, pool });
      modelBytes = trained.modelBytes.length;
    }, config);
    const traffic =
      engine === 'hist-booster' ? await memoryTraffic(matrix, labels32, params, config, { workers, pool }) : {};
    return [
      {
        label: config.treeMethod,
        samplesMs,
        details: { treeMethod: config.treeMethod, engine, workers, modelBytes, ...traffic },
      },
    ];
  } finally {
    await pool?.close();
  }
}

/** Rounds of the (untimed) run whose memory traffic is counted. */
const TRAFFIC_ROUNDS = 10;

/**
 * The cache lines the kernels touch per round and the time their calls take (counted in a run of
 * its own over the first rounds), and the floor the lines set at this machine's copy bandwidth
 * (see kernel-traffic.ts).
 */
async function memoryTraffic(
  matrix: { data: Float64Array; rows: number; cols: number },
  labels: Float32Array,
  params: XGBoostParams,
  config: TrainConfig,
  options: { workers: number; pool: WorkerPool | undefined },
): Promise<Record<string, number>> {
  const traffic = emptyTraffic();
  const rounds = Math.min(config.rounds, TRAFFIC_ROUNDS);
  await trainLocalBooster(matrix, labels, params, rounds, {
    ...options,
    instrument: (kernels) => countingKernels(kernels, traffic),
  });
  const bytesPerRound = trafficBytes(traffic) / rounds;
  const copyBytesPerSecond = measureCopyBandwidth();
  const perKernel = Object.fromEntries(
    KERNEL_NAMES.flatMap((name) => [
      [`trafficMBPerRound_${name}`, (traffic.lines[name] * 64) / rounds / 1e6],
      [`kernelMsPerRound_${name}`, traffic.ms[name] / rounds],
    ]),
  );
  return {
    trafficMBPerRound: bytesPerRound / 1e6,
    ...perKernel,
    copyGBPerSecond: copyBytesPerSecond / 1e9,
    trafficFloorMsPerRound: (1000 * bytesPerRound) / copyBytesPerSecond,
  };
}

function writeFloat64(file: string, values: Float64Array): void {
  fs.writeFileSync(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

async function timeOutput(
  config: ScoreConfig,
  compute: (x: Float64Array, pool: WorkerPool) => Promise<Float64Array>,
): Promise<Measurement[]> {
  const { data } = readMatrix(config.data);
  const pool = new WorkerPool();
  let output: Float64Array = new Float64Array(0);
  try {
    const samplesMs = await timeRuns(async () => {
      output = await compute(data, pool);
    }, config);
    writeFloat64(config.output, output);
    return [{ label: '', samplesMs, details: { outputs: output.length, workers: pool.size } }];
  } finally {
    await pool.close();
  }
}

export function runScoreTask(config: ScoreConfig): Promise<Measurement[]> {
  const ensemble = parseXGBoostBinaryModel(fs.readFileSync(config.model));
  return timeOutput(config, (x, pool) =>
    predictProbaParallel(ensemble, x, config.data.rows, config.data.cols, { pool }),
  );
}

export function runShapTask(config: ScoreConfig): Promise<Measurement[]> {
  const ensemble = parseXGBoostBinaryModel(fs.readFileSync(config.model));
  return timeOutput(config, (x, pool) => shapValuesParallel(ensemble, x, config.data.rows, config.data.cols, { pool }));
}
