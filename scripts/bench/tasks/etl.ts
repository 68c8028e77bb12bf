/**
 * ETL of the generated PII CSV: read → typed columns + validation + quarantine (runEtl) → MICE
 * bmi → Arrow table (buildSilverTable), then the silver Delta table (Parquet) on local disk.
 * The figure compared with pandas is the part before writing, because the reference cannot
 * write Parquet here; the write is timed separately, and ETL + write per run is a second
 * measurement, compared with the reference's ETL alone (issue 14's goal: at most 1.0×).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSilverTable, publishSilver } from '../../../shared/pipeline/etl/silver-job';
import { FsObjectStore } from '../../../shared/core/storage/fs-store';
import { median } from '../../lib/bench/stats';
import { msSince, timeRuns } from '../../lib/bench/timing';
import type { Measurement, RepeatConfig } from '../task-protocol';

export interface EtlConfig extends RepeatConfig {
  csv: string;
}

export async function runEtlTask(config: EtlConfig): Promise<Measurement[]> {
  const writeMs: number[] = [];
  const totalMs: number[] = [];
  let rowsValid = 0;
  let imputed = 0;
  const samplesMs = await timeRuns(async (run) => {
    const started = process.hrtime.bigint();
    const build = await buildSilverTable(await fs.promises.readFile(config.csv), path.basename(config.csv));
    const buildMs = msSince(started);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-etl-'));
    const writeStarted = process.hrtime.bigint();
    try {
      await publishSilver(new FsObjectStore(root), build, {
        sourceFile: config.csv,
        inputSha256: '0'.repeat(64),
        rowsRead: build.etl.counts.rowsRead,
      });
      if (run >= config.warmup) {
        writeMs.push(msSince(writeStarted));
        totalMs.push(buildMs + msSince(writeStarted));
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    rowsValid = build.etl.counts.rowsValid;
    imputed = build.imputation.imputed;
    return buildMs;
  }, config);
  const writeMedian = median(writeMs);
  return [
    {
      label: '',
      samplesMs,
      details: { rowsValid, bmiImputed: imputed, parquetWriteMs: writeMedian, totalWithWriteMs: median(totalMs) },
    },
    { label: 'with write', samplesMs: totalMs, details: { parquetWriteMs: writeMedian } },
  ];
}
