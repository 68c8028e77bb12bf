/**
 * One benchmark task of ours in a fresh process, so its peak RSS is its own:
 *   node --import tsx scripts/bench/run-task.ts <task> <config.json>
 * Prints `BENCH_RESULT {measurements, peakRssBytes}` (see task-protocol.ts).
 */
import * as fs from 'node:fs';
import { peakRssBytes } from '../lib/bench/timing';
import { Measurement, RESULT_PREFIX, TaskOutput } from './task-protocol';
import { runEndpointTask, EndpointConfig } from './tasks/endpoint';
import { runEtlTask, EtlConfig } from './tasks/etl';
import { runEtlStreamTask, EtlStreamConfig } from './tasks/etl-stream';
import { runTuningTask, TuningConfig } from './tasks/tuning';
import { runScoreTask, runShapTask, runTrainTask, ScoreConfig, TrainConfig } from './tasks/xgboost';

const RUNNERS: Record<string, (config: unknown) => Promise<Measurement[]>> = {
  etl: (c) => runEtlTask(c as EtlConfig),
  'etl-10m': (c) => runEtlStreamTask(c as EtlStreamConfig),
  tuning: (c) => runTuningTask(c as TuningConfig),
  train: (c) => runTrainTask(c as TrainConfig),
  score: (c) => runScoreTask(c as ScoreConfig),
  shap: (c) => runShapTask(c as ScoreConfig),
  endpoint: (c) => runEndpointTask(c as EndpointConfig),
};

async function main(): Promise<void> {
  const [task, configFile] = process.argv.slice(2);
  const runner = RUNNERS[task];
  if (runner === undefined || configFile === undefined) {
    throw new Error(
      `usage: node --import tsx scripts/bench/run-task.ts <${Object.keys(RUNNERS).join('|')}> <config.json>; got task ${JSON.stringify(task)}`,
    );
  }
  const measurements = await runner(JSON.parse(fs.readFileSync(configFile, 'utf8')));
  const output: TaskOutput = { measurements, peakRssBytes: peakRssBytes() };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
