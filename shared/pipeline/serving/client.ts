/** A minimal client of the local endpoint, as a notebook or a test calls it. */
import { sleep } from '../../core/util/abort';

export interface InvokeResult {
  status: number;
  contentType: string;
  body: string;
  modelVersion: string | null;
}

async function invokeEndpoint(
  url: string,
  body: string,
  contentType: 'application/json' | 'text/csv' | string,
): Promise<InvokeResult> {
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
    modelVersion: response.headers.get('x-model-version'),
  };
}

export async function pingEndpoint(url: string): Promise<number> {
  return (await fetch(`${url}/ping`)).status;
}

interface JsonPredictions {
  predictions: Array<{ probability: number }>;
}

/** Sends records in JSON batches; returns one probability per record, in order. */
export async function scoreRecords(url: string, records: readonly object[], batchSize = 100): Promise<Float64Array> {
  const probabilities = new Float64Array(records.length);
  for (let start = 0; start < records.length; start += batchSize) {
    const answer = await invokeEndpoint(
      url,
      JSON.stringify(records.slice(start, start + batchSize)),
      'application/json',
    );
    if (answer.status !== 200)
      throw new Error(
        `records ${start}..${start + batchSize - 1}: HTTP ${answer.status}: ${answer.body.slice(0, 300)}`,
      );
    (JSON.parse(answer.body) as JsonPredictions).predictions.forEach(
      (p, i) => (probabilities[start + i] = p.probability),
    );
  }
  return probabilities;
}

export interface NamedAnswer {
  request: string;
  status: number;
  answer: string;
}

/** Sends each named record as one JSON request, in order; one row per request: its name, status and answer. */
export async function invokeEach(url: string, requests: Readonly<Record<string, object>>): Promise<NamedAnswer[]> {
  const answers: NamedAnswer[] = [];
  for (const [request, record] of Object.entries(requests)) {
    const answer = await invokeEndpoint(url, JSON.stringify(record), 'application/json');
    answers.push({ request, status: answer.status, answer: answer.body });
  }
  return answers;
}

export interface TrafficReport {
  requests: number;
  failures: number;
  /** Responses per model version (X-Model-Version). */
  versions: Record<string, number>;
}

/**
 * Keeps `clients` concurrent callers sending single-record requests while `action` runs, and
 * until `settleMs` after it finished, so requests in flight across the action are observed.
 * When `signal` fires, the callers stop and the call rejects with an AbortError.
 */
export async function trafficDuring(
  url: string,
  records: readonly object[],
  clients: number,
  action: () => Promise<void>,
  settleMs = 300,
  signal?: AbortSignal,
): Promise<TrafficReport> {
  const report: TrafficReport = { requests: 0, failures: 0, versions: {} };
  let running = true;
  const client = async (offset: number) => {
    for (let i = offset; running; i += clients) {
      const answer = await invokeEndpoint(url, JSON.stringify(records[i % records.length]), 'application/json').catch(
        () => undefined,
      );
      report.requests++;
      if (!answer || answer.status !== 200) report.failures++;
      else
        report.versions[answer.modelVersion ?? 'unknown'] =
          (report.versions[answer.modelVersion ?? 'unknown'] ?? 0) + 1;
    }
  };
  const callers = Array.from({ length: clients }, (_, c) => client(c));
  try {
    await sleep(settleMs, signal, 'the traffic');
    await action();
    await sleep(settleMs, signal, 'the traffic');
  } finally {
    running = false;
    await Promise.all(callers);
  }
  return report;
}
