/**
 * Each benchmark task end to end: prepare its inputs (untimed, cached), run ours in a child
 * process, run the Python reference on the same files, and turn both into table rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes, formatCount, formatSize } from '../lib/bench/format';
import type { BenchRow, SideResult } from '../lib/bench/report';
import { median } from '../lib/bench/stats';
import { maxAbsDifference } from '../../shared/core/stats/difference';
import { csvInput, featureSet, readFloat64, scoringModel } from './inputs';
import { runPipelineTask } from './pipeline';
import type { BenchSizes, TaskName } from './plan';
import { ReferenceOutput, runOurs, runReference, writeConfig } from './processes';
import type { Measurement, TaskOutput } from './task-protocol';

export interface SuiteContext {
  sizes: BenchSizes;
  workDir: string;
}

/** Issue 14: ETL plus the silver write may take at most the reference's ETL time alone. */
const ETL_WITH_WRITE_GOAL = 1.0;
const NO_REFERENCE: SideResult = { status: 'unavailable', reason: '— (no reference)' };

function oursSide(measurement: Measurement, output: TaskOutput): SideResult {
  return {
    status: 'measured',
    medianMs: median(measurement.samplesMs),
    samplesMs: measurement.samplesMs,
    peakRssBytes: output.peakRssBytes,
  };
}

function failedRow(task: string, size: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return {
    task,
    size,
    ours: { status: 'unavailable', reason: 'failed' },
    reference: NO_REFERENCE,
    notes: [message.slice(0, 300)],
    details: {},
  };
}

/** Largest |a − b| over two float64 output files, or undefined when a file is missing or the sizes differ. */
function maxFileDifference(fileA: string, fileB: string): number | undefined {
  if (!fs.existsSync(fileA) || !fs.existsSync(fileB)) return undefined;
  const a = readFloat64(fileA);
  const b = readFloat64(fileB);
  return a.length === b.length ? maxAbsDifference(a, b) : undefined;
}

async function etlRows({ sizes, workDir }: SuiteContext): Promise<BenchRow[]> {
  const csv = await csvInput(sizes.etlRows);
  const config = writeConfig(workDir, 'etl', { csv, warmup: sizes.warmup, runs: sizes.runs });
  const ours = await runOurs('etl', config);
  const reference = await runReference('etl_reference.py', config);
  const m = ours.measurements[0];
  const notes = [
    `+ Parquet/Delta write ${formatCount(m.details.parquetWriteMs as number)} ms (reference has no Parquet engine: stops before writing)`,
  ];
  if (reference.side.status === 'measured' && reference.details.rowsValid !== m.details.rowsValid) {
    notes.push(
      `valid rows differ: ours ${String(m.details.rowsValid)}, reference ${String(reference.details.rowsValid)}`,
    );
  }
  const withWrite = ours.measurements[1];
  return [
    {
      task: 'etl',
      size: formatSize(sizes.etlRows),
      ours: oursSide(m, ours),
      reference: reference.side,
      notes,
      details: { ...m.details, ...prefixed('reference', reference) },
    },
    {
      task: 'etl + write',
      size: formatSize(sizes.etlRows),
      ours: oursSide(withWrite, ours),
      reference: reference.side,
      notes: [
        'ETL + Delta/Parquet write against the reference ETL alone (no Parquet writer there)',
        `goal ≤ ${ETL_WITH_WRITE_GOAL.toFixed(1)}×`,
      ],
      details: withWrite.details,
    },
  ];
}

async function etlStreamRows({ sizes, workDir }: SuiteContext): Promise<BenchRow[]> {
  const csv = await csvInput(sizes.streamRows);
  const config = writeConfig(workDir, 'etl-10m', { csv, rows: sizes.streamRows, warmup: 0, runs: 1 });
  const ours = await runOurs('etl-10m', config);
  const m = ours.measurements[0];
  const notes = [
    `${formatCount(m.details.rowsPerSecond as number)} rows/s (goal ≥ 250k)`,
    `peak RSS ${formatBytes(ours.peakRssBytes)} (goal ≤ 1.5 GB; after pass 1 + MICE ${formatBytes(m.details.peakRssAfterPassOneBytes as number)})`,
    'one read of the CSV, its silver batches spilled to local disk; single run (no warm-up) at this size',
  ];
  return [
    {
      task: 'etl-10m',
      size: formatSize(sizes.streamRows),
      ours: oursSide(m, ours),
      reference: NO_REFERENCE,
      notes,
      details: m.details,
    },
  ];
}

async function tuningRows({ sizes, workDir }: SuiteContext): Promise<BenchRow[]> {
  const data = await featureSet('tuning', sizes.tuningRows, 17);
  const paramsFile = path.join(workDir, 'tuning-params.json');
  const common = {
    data,
    trainRows: Math.round(sizes.tuningRows * 0.8),
    rounds: sizes.tuningRounds,
    warmup: sizes.warmup,
    runs: sizes.runs,
  };
  const ours = await runOurs(
    'tuning',
    writeConfig(workDir, 'tuning', {
      ...common,
      trials: sizes.tuningTrials,
      parallel: sizes.tuningParallel,
      treeMethod: 'hist',
      paramsOut: paramsFile,
    }),
  );
  const reference = await runReference(
    'xgboost_reference.py',
    writeConfig(workDir, 'tuning-ref', { ...common, mode: 'tuning', paramsFile }),
  );
  const m = ours.measurements[0];
  const notes = [
    `${sizes.tuningTrials} trials × ${sizes.tuningRounds} rounds, ours ${sizes.tuningParallel} proposed at a time on one worker thread per core, reference sequential nthread=2`,
  ];
  if (reference.side.status === 'measured') {
    notes.push(
      `best AUC-PR ours ${(m.details.bestValidationAucPr as number).toFixed(4)}, xgboost ${(reference.details.bestValidationAucPr as number).toFixed(4)}`,
    );
  }
  return [
    {
      task: 'tuning',
      size: `${formatSize(sizes.tuningRows)} rows`,
      ours: oursSide(m, ours),
      reference: reference.side,
      notes,
      details: m.details,
    },
  ];
}

/** The hist booster's memory traffic per round against the floor it sets (details from kernel-traffic.ts). */
function trafficNotes(m: Measurement, rounds: number): string[] {
  const d = m.details as Record<string, number | undefined>;
  if (d.trafficMBPerRound === undefined) return [];
  const names = ['histograms', 'partitions', 'gradients', 'leaves'];
  const ms = (name: string) => d[`kernelMsPerRound_${name}`] ?? 0;
  const kernelMs = names.reduce((sum, name) => sum + ms(name), 0);
  const each = names.map((name) => {
    const mb = d[`trafficMBPerRound_${name}`] ?? 0;
    return `${name} ${mb.toFixed(0)} MB in ${ms(name).toFixed(1)} ms (${(mb / ms(name)).toFixed(1)} GB/s)`;
  });
  return [
    `per round ${(median(m.samplesMs) / rounds).toFixed(0)} ms with set-up, ${kernelMs.toFixed(0)} ms in kernels; ` +
      `they touch ${d.trafficMBPerRound.toFixed(0)} MB (${each.join(', ')}), ` +
      `≥ ${(d.trafficFloorMsPerRound ?? 0).toFixed(1)} ms at the ${(d.copyGBPerSecond ?? 0).toFixed(1)} GB/s a large copy moves here`,
  ];
}

async function trainRows({ sizes, workDir }: SuiteContext): Promise<BenchRow[]> {
  const runs: { treeMethod: 'hist' | 'exact'; rows: number }[] = [{ treeMethod: 'hist', rows: sizes.trainRows }];
  if (sizes.trainExactRows > 0) runs.push({ treeMethod: 'exact', rows: sizes.trainExactRows });
  const rows: BenchRow[] = [];
  for (const { treeMethod, rows: count } of runs) {
    const data = await featureSet('train', count, 19);
    const common = { data, rounds: sizes.trainRounds, depth: sizes.trainDepth, warmup: sizes.warmup, runs: sizes.runs };
    const ours = await runOurs('train', writeConfig(workDir, `train-${treeMethod}`, { ...common, treeMethod }));
    const reference = await runReference(
      'xgboost_reference.py',
      writeConfig(workDir, `train-${treeMethod}-ref`, { ...common, mode: 'train', treeMethod }),
    );
    const m = ours.measurements[0];
    const workers = m.details.workers as number;
    const threads = workers === 1 ? 'single-thread' : `${workers} worker threads`;
    rows.push({
      task: `train (${treeMethod})`,
      size: `${formatSize(count)} × ${data.cols}`,
      ours: oursSide(m, ours),
      reference: reference.side,
      notes: [
        `${sizes.trainRounds} rounds, depth ${sizes.trainDepth}; ours ${treeMethod} on ${String(m.details.engine)}, ${threads}; reference ${treeMethod} nthread=2`,
        ...trafficNotes(m, sizes.trainRounds),
      ],
      details: m.details,
    });
  }
  return rows;
}

async function predictionRows(
  task: 'score' | 'shap',
  rowsCount: number,
  { sizes, workDir }: SuiteContext,
): Promise<BenchRow[]> {
  const data = await featureSet(task, rowsCount, task === 'score' ? 23 : 29);
  const model = await scoringModel(sizes.modelTrees);
  const common = { data, model: model.model, warmup: sizes.warmup, runs: sizes.runs };
  const ourOutput = path.join(workDir, `${task}-ours.f64`);
  const referenceOutput = path.join(workDir, `${task}-reference.f64`);
  const ours = await runOurs(task, writeConfig(workDir, task, { ...common, output: ourOutput }));
  const reference: ReferenceOutput = await runReference(
    'xgboost_reference.py',
    writeConfig(workDir, `${task}-ref`, { ...common, mode: task, output: referenceOutput }),
  );
  const m = ours.measurements[0];
  const notes = [`${model.trees} trees, same model bytes and matrix`];
  const difference = maxFileDifference(ourOutput, referenceOutput);
  if (difference !== undefined) notes.push(`max |ours − xgboost| = ${difference.toExponential(1)}`);
  return [
    {
      task,
      size: formatSize(rowsCount),
      ours: oursSide(m, ours),
      reference: reference.side,
      notes,
      details: { ...m.details, ...(difference === undefined ? {} : { maxAbsDifference: difference }) },
    },
  ];
}

async function endpointRows({ sizes, workDir }: SuiteContext): Promise<BenchRow[]> {
  const ours = await runOurs(
    'endpoint',
    writeConfig(workDir, 'endpoint', { seconds: sizes.endpointSeconds, runs: sizes.runs, connections: 10 }),
  );
  return ours.measurements.map((m) => {
    const d = m.details;
    const notes = [
      `${formatCount(d.requestsPerSecond as number)} req/s`,
      `p50 ${String(d.latencyP50Ms)} ms, p99 ${String(d.latencyP99Ms)} ms`,
      `${formatCount(d.status2xx as number)}×2xx ${formatCount(d.status4xx as number)}×4xx ${formatCount(d.status5xx as number)}×5xx`,
    ];
    if (m.label === 'csv x100') notes.splice(1, 0, `${formatCount(d.rowsPerSecond as number)} rows/s`);
    if (m.label === 'json 20% bad')
      notes.push(
        `refused ${((d.invalidShareRefused as number) * 100).toFixed(1)}% (sent ${((d.invalidShareSent as number) * 100).toFixed(0)}% invalid)`,
      );
    return {
      task: `endpoint ${m.label}`,
      size: `${sizes.endpointSeconds} s × ${sizes.runs}`,
      ours: oursSide(m, ours),
      reference: NO_REFERENCE,
      notes,
      details: d,
    };
  });
}

function prefixed(prefix: string, reference: ReferenceOutput): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(reference.details)) out[`${prefix}.${key}`] = value;
  return out;
}

const BUILDERS: Record<TaskName, (context: SuiteContext) => Promise<BenchRow[]>> = {
  etl: etlRows,
  'etl-10m': etlStreamRows,
  tuning: tuningRows,
  train: trainRows,
  score: (c) => predictionRows('score', c.sizes.scoreRows, c),
  shap: (c) => predictionRows('shap', c.sizes.shapRows, c),
  endpoint: endpointRows,
  pipeline: (c) => runPipelineTask(c.sizes.pipelineRows),
};

/** Rows of one task; a failure becomes a row saying so (benchmarks report, they do not abort). */
export async function runTask(task: TaskName, context: SuiteContext): Promise<BenchRow[]> {
  try {
    return await BUILDERS[task](context);
  } catch (error) {
    return [failedRow(task, '-', error)];
  }
}
