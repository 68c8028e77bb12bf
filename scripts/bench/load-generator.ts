/**
 * HTTP load from a separate process (so the endpoint's event loop has its own core):
 *   node --import tsx scripts/bench/load-generator.ts <plan.json>
 * Runs each scenario once as warm-up, then `runs` times, with autocannon against 127.0.0.1,
 * bounded by duration and by a request cap. Prints `BENCH_RESULT {scenarios: [...]}`.
 */
import * as fs from 'node:fs';
import autocannon from 'autocannon';
import { RESULT_PREFIX } from './task-protocol';

export interface LoadRequest {
  body: string;
  contentType: string;
}

export interface LoadScenario {
  name: string;
  /** Cycled through in order by every connection. */
  requests: LoadRequest[];
  seconds: number;
  runs: number;
  connections: number;
}

export interface LoadPlan {
  url: string;
  scenarios: LoadScenario[];
}

export interface LoadRun {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  total: number;
  byStatus: Record<string, number>;
  connectionErrors: number;
  timeouts: number;
}

/** A generous cap on requests per run; the duration normally ends the run first. */
const MAX_REQUESTS_PER_SECOND = 100_000;

async function loadOnce(url: string, scenario: LoadScenario): Promise<LoadRun> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load generator: refusing ${url}; it only loads 127.0.0.1`);
  const result = await autocannon({
    url: `${url}/invocations`,
    method: 'POST',
    connections: scenario.connections,
    duration: scenario.seconds,
    maxOverallRequests: Math.ceil(scenario.seconds * MAX_REQUESTS_PER_SECOND),
    requests: scenario.requests.map((r) => ({
      method: 'POST',
      body: r.body,
      headers: { 'content-type': r.contentType },
    })),
  });
  const byStatus: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) byStatus[status] = stats.count ?? 0;
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.average,
    total,
    byStatus,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
  };
}

async function main(): Promise<void> {
  const planFile = process.argv[2];
  if (planFile === undefined) throw new Error('usage: node --import tsx scripts/bench/load-generator.ts <plan.json>');
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as LoadPlan;
  const scenarios: { name: string; runs: LoadRun[] }[] = [];
  for (const scenario of plan.scenarios) {
    await loadOnce(plan.url, { ...scenario, seconds: Math.min(1, scenario.seconds) });
    const runs: LoadRun[] = [];
    for (let i = 0; i < scenario.runs; i++) runs.push(await loadOnce(plan.url, scenario));
    scenarios.push({ name: scenario.name, runs });
  }
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ scenarios })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
