/**
 * The 10M-row ETL in bounded memory: times `streamSilverToDelta` (shared/pipeline/etl/silver-stream.ts: one
 * read of the CSV, its silver batches spilled and read back) writing the silver Delta table to a temporary folder.
 */
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streamSilverToDelta as streamSilver } from '../../../shared/pipeline/etl/silver-stream';
import { FsObjectStore } from '../../../shared/core/storage/fs-store';
import type { ObjectStore } from '../../../shared/core/storage/object-store';
import { median, ratePerSecond } from '../../lib/bench/stats';
import { msSince, peakRssBytes, timeRuns } from '../../lib/bench/timing';
import type { Measurement, RepeatConfig } from '../task-protocol';

export interface EtlStreamConfig extends RepeatConfig {
  csv: string;
  /** Data rows in the file (an upper bound on valid rows; sizes the MICE columns). */
  rows: number;
}

export interface StreamSilverResult {
  rows: number;
  missing: number;
  filesAdded: number;
  passOneMs: number;
  peakRssAfterPassOneBytes: number;
}

/** Both passes over `csv`, with the time and peak memory at the end of pass 1. */
export async function streamSilverToDelta(
  csv: string,
  capacity: number,
  store: ObjectStore,
): Promise<StreamSilverResult> {
  const started = process.hrtime.bigint();
  let passOneMs = 0;
  let peakRssAfterPassOneBytes = 0;
  const result = await streamSilver(createReadStream(csv, { highWaterMark: 1 << 20 }), store, {
    fileName: path.basename(csv),
    maxRows: capacity,
    onFirstPassDone: () => {
      passOneMs = msSince(started);
      peakRssAfterPassOneBytes = peakRssBytes();
    },
  });
  return {
    rows: result.rows,
    missing: result.imputed,
    filesAdded: result.write.filesAdded,
    passOneMs,
    peakRssAfterPassOneBytes,
  };
}

export async function runEtlStreamTask(config: EtlStreamConfig): Promise<Measurement[]> {
  let last: StreamSilverResult | undefined;
  const samplesMs = await timeRuns(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-etl-stream-'));
    try {
      last = await streamSilverToDelta(config.csv, config.rows, new FsObjectStore(root));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, config);
  const result = last as StreamSilverResult;
  return [
    {
      label: '',
      samplesMs,
      details: {
        rowsValid: result.rows,
        bmiImputed: result.missing,
        parquetFiles: result.filesAdded,
        rowsPerSecond: Math.round(ratePerSecond(result.rows, median(samplesMs))),
        passOneMs: Math.round(result.passOneMs),
        peakRssAfterPassOneBytes: result.peakRssAfterPassOneBytes,
      },
    },
  ];
}
