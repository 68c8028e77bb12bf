/**
 * The local inference endpoint under load: single-patient JSON requests (validated, scored and
 * explained with TreeSHAP), 100-row CSV batches, and a JSON mix in which 1 request in 5 is
 * malformed. The load comes from another process (load-generator.ts) over 127.0.0.1; the
 * server's own status counters confirm that every valid request got a 200 and every invalid
 * one a 4xx.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assembleModelBundle } from '../../../shared/pipeline/model-store/model-bundle';
import { startEndpoint } from '../../../shared/pipeline/serving/server';
import { median } from '../../lib/bench/stats';
import { benchPreprocessor, goldRecordOf, patientRecords, servingModelBytes } from '../inputs';
import type { LoadPlan, LoadRequest, LoadRun, LoadScenario } from '../load-generator';
import { Details, Measurement, RESULT_PREFIX } from '../task-protocol';

export interface EndpointConfig {
  seconds: number;
  runs: number;
  connections: number;
}

const JSON_TYPE = 'application/json';

function csvBatch(rows: number, seed: number): LoadRequest {
  const preprocessor = benchPreprocessor();
  const records = patientRecords(rows, seed).map(goldRecordOf);
  const x = preprocessor.transform(records);
  const lines: string[] = [];
  for (let r = 0; r < x.rows; r++) lines.push(Array.from(x.matrix.subarray(r * x.cols, (r + 1) * x.cols)).join(','));
  return { body: `${lines.join('\n')}\n`, contentType: 'text/csv' };
}

/** 8 valid single-patient requests and 2 invalid ones (broken JSON, impossible age): 20 % bad. */
function mixedRequests(): { requests: LoadRequest[]; invalidShare: number } {
  const valid = patientRecords(8, 31).map((r) => ({ body: JSON.stringify(r), contentType: JSON_TYPE }));
  const impossibleAge = { ...patientRecords(1, 32)[0], age: -4 };
  const requests = [
    ...valid.slice(0, 4),
    { body: '{"gender": "Male", "age": ', contentType: JSON_TYPE },
    ...valid.slice(4),
    { body: JSON.stringify(impossibleAge), contentType: JSON_TYPE },
  ];
  return { requests, invalidShare: 2 / requests.length };
}

function runLoad(plan: LoadPlan): Promise<{ name: string; runs: LoadRun[] }[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  const planFile = path.join(dir, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', 'load-generator.ts'), planFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`load generator exited with code ${code}`));
      try {
        const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
        if (line === undefined) throw new Error('load generator printed no result');
        resolve(
          (JSON.parse(line.slice(RESULT_PREFIX.length)) as { scenarios: { name: string; runs: LoadRun[] }[] })
            .scenarios,
        );
      } catch (error) {
        reject(error);
      }
    });
  });
}

function statusCount(byStatus: Record<string, number>, predicate: (status: number) => boolean): number {
  return Object.entries(byStatus).reduce((sum, [status, count]) => sum + (predicate(Number(status)) ? count : 0), 0);
}

function summarizeScenario(runs: LoadRun[], rowsPerRequest: number): { samplesMs: number[]; details: Details } {
  const sum = (pick: (r: LoadRun) => number) => runs.reduce((a, r) => a + pick(r), 0);
  const byStatus: Record<string, number> = {};
  for (const run of runs)
    for (const [status, count] of Object.entries(run.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + count;
  const requestsPerSecond = median(runs.map((r) => r.requestsPerSecond));
  return {
    samplesMs: runs.map((r) => r.latencyP50Ms),
    details: {
      requestsPerSecond: Math.round(requestsPerSecond),
      rowsPerSecond: Math.round(requestsPerSecond * rowsPerRequest),
      latencyP50Ms: median(runs.map((r) => r.latencyP50Ms)),
      latencyP99Ms: median(runs.map((r) => r.latencyP99Ms)),
      requests: sum((r) => r.total),
      status2xx: statusCount(byStatus, (s) => s >= 200 && s < 300),
      status4xx: statusCount(byStatus, (s) => s >= 400 && s < 500),
      status5xx: statusCount(byStatus, (s) => s >= 500),
      connectionErrors: sum((r) => r.connectionErrors + r.timeouts),
    },
  };
}

export async function runEndpointTask(config: EndpointConfig): Promise<Measurement[]> {
  const preprocessor = benchPreprocessor();
  const bundle = assembleModelBundle({
    version: 'bench',
    modelBytes: await servingModelBytes(),
    preprocessorJson: preprocessor.toJSON(),
    metricsJson: { threshold: 0.3 },
  });
  const endpoint = await startEndpoint({ bundle, host: '127.0.0.1', port: 0 });
  try {
    const base = { seconds: config.seconds, runs: config.runs, connections: config.connections };
    const mixed = mixedRequests();
    const scenarios: LoadScenario[] = [
      {
        ...base,
        name: 'json x1',
        requests: patientRecords(16, 30).map((r) => ({ body: JSON.stringify(r), contentType: JSON_TYPE })),
      },
      { ...base, name: 'csv x100', requests: [csvBatch(100, 33), csvBatch(100, 34)] },
      { ...base, name: 'json 20% bad', requests: mixed.requests },
    ];
    const before = { ...endpoint.stats.byStatus };
    const results = await runLoad({ url: `http://127.0.0.1:${endpoint.port}`, scenarios });
    const rowsPer: Record<string, number> = { 'json x1': 1, 'csv x100': 100, 'json 20% bad': 1 };
    const measurements = results.map((scenario) => ({
      label: scenario.name,
      ...summarizeScenario(scenario.runs, rowsPer[scenario.name] ?? 1),
    }));
    const mixedDetails = measurements[2].details;
    const mixedTotal = mixedDetails.requests as number;
    mixedDetails.invalidShareSent = mixed.invalidShare;
    mixedDetails.invalidShareRefused = mixedTotal > 0 ? (mixedDetails.status4xx as number) / mixedTotal : 0;
    const server5xx = statusCount(endpoint.stats.byStatus, (s) => s >= 500) - statusCount(before, (s) => s >= 500);
    for (const m of measurements) m.details.server5xxAllScenarios = server5xx;
    return measurements;
  } finally {
    await endpoint.close();
  }
}
