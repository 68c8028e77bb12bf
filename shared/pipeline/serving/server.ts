/**
 * The local inference endpoint, honouring SageMaker's inference-container contract on node:http:
 * - `GET /ping`: 200 while a model is loaded;
 * - `POST /invocations` with `text/csv` (preprocessed feature rows, no header) or `text/libsvm`
 *   (the same rows as zero-based `index:value` pairs, absent features missing): one probability
 *   per line, like the built-in XGBoost container;
 * - `POST /invocations` with `application/json` (raw patient records, see request-validation.ts):
 *   `{predictions: [{probability, label, reasons: [{feature, contribution}]}]}`.
 * Every answer carries `X-Model-Version`. Refusals are JSON `{error, field?}` with a 4xx status
 * (400 invalid input, 404 unknown path, 405 method, 413 too large, 415 content type); headers
 * past node's 16 KiB limit get an empty 431 and unparseable requests an empty 400. Anything
 * unexpected is a 500 with its message, and the server keeps serving. Only answered (200)
 * invocations are offered to data capture: the monitors read capture as the traffic the model
 * really scored.
 * `swapModel` replaces the bundle atomically: each request takes the bundle current when it
 * arrives and uses it from start to end, so a swap never mixes two models in one answer.
 * What a request gets is decided by invocation-handler.ts, without sockets; this file is the HTTP
 * shell around it: listen, refuse on the head alone when it can, read the body within its limit,
 * write the answer, hand it to capture, count statuses, shut down.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaptureOptions, CaptureStats, CaptureWriter } from './capture';
import { readBody } from './http-body';
import { ModelBundle } from '../model-store/model-bundle';
import {
  answerBeforeBody,
  errorResponse,
  handleInvocation,
  InvocationHead,
  InvocationLimits,
  InvocationResponse,
} from './invocation-handler';

export interface EndpointOptions {
  bundle: ModelBundle;
  /** Interface to bind (default 127.0.0.1: the endpoint is not meant to face a network). */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest accepted request body (default 1 MiB). */
  maxBodyBytes?: number;
  /** Most patient records per JSON request (default 1000; each is explained with TreeSHAP). */
  maxJsonRecords?: number;
  /** Most rows per CSV or libsvm request (default 100,000). */
  maxCsvRows?: number;
  capture?: CaptureOptions;
}

export interface EndpointStats {
  requests: number;
  /** Answers by HTTP status. */
  byStatus: Record<string, number>;
  swaps: number;
  modelVersion: string;
  capture: CaptureStats | undefined;
}

export interface Endpoint {
  url: string;
  host: string;
  port: number;
  server: http.Server;
  capture: CaptureWriter | undefined;
  /** Serves `bundle` from the next request on; returns the version it replaced. */
  swapModel(bundle: ModelBundle): string;
  /** Stops accepting, lets in-flight requests finish, flushes capture. */
  close(): Promise<void>;
  readonly stats: EndpointStats;
}

/** What a deployment shows of the endpoint it started: where it listens, what it serves, and its /ping status. */
export function endpointSummary(
  url: string,
  bundle: ModelBundle,
  ping: number,
): { endpoint: string; 'model version': string; threshold: number; features: number; '/ping': number } {
  return {
    endpoint: url,
    'model version': bundle.version,
    threshold: bundle.threshold,
    features: bundle.featureNames.length,
    '/ping': ping,
  };
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const CLOSE_GRACE_MS = 5000;

function checkBundle(bundle: ModelBundle): ModelBundle {
  const ok =
    bundle !== null &&
    typeof bundle === 'object' &&
    typeof bundle.version === 'string' &&
    bundle.ensemble !== undefined &&
    bundle.preprocessor !== undefined &&
    Number.isFinite(bundle.threshold);
  if (!ok)
    throw new Error('startEndpoint/swapModel: expected a ModelBundle from loadModelBundle or assembleModelBundle');
  if (bundle.featureNames.length !== bundle.ensemble.numFeature) {
    throw new Error(
      `model bundle ${bundle.version}: ${bundle.featureNames.length} feature names for a model of ${bundle.ensemble.numFeature} features`,
    );
  }
  return bundle;
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`startEndpoint: ${name} is ${value}; expected a positive integer`);
  return value;
}

function headOf(req: http.IncomingMessage): InvocationHead {
  return { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers };
}

export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  let current = checkBundle(options.bundle);
  const host = options.host ?? '127.0.0.1';
  const limits: InvocationLimits = {
    maxBodyBytes: positive(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
    maxJsonRecords: positive(options.maxJsonRecords ?? 1000, 'maxJsonRecords'),
    maxCsvRows: positive(options.maxCsvRows ?? 100_000, 'maxCsvRows'),
  };
  const capture = options.capture === undefined ? undefined : new CaptureWriter(options.capture);
  const counters = { requests: 0, swaps: 0, byStatus: {} as Record<string, number> };
  let closing = false;

  const respond = (req: http.IncomingMessage, res: http.ServerResponse, response: InvocationResponse): void => {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('Content-Length', Buffer.byteLength(response.body));
    if (closing || response.status === 413) res.setHeader('Connection', 'close');
    // After a 413 the rest of the body is not wanted: close once answered instead of reading it all.
    if (response.status === 413) res.once('finish', () => req.socket.end());
    res.end(response.body);
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse, bundle: ModelBundle): Promise<void> => {
    const head = headOf(req);
    const early = answerBeforeBody(bundle, head, limits);
    if (early !== undefined) {
      respond(req, res, early);
      return;
    }
    const response = handleInvocation(bundle, { ...head, body: await readBody(req, limits.maxBodyBytes) }, limits);
    respond(req, res, response);
    if (capture !== undefined && response.captured !== undefined) capture.offer(response.captured);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const bundle = current;
    counters.requests++;
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    res.once('finish', () => {
      const key = String(res.statusCode);
      counters.byStatus[key] = (counters.byStatus[key] ?? 0) + 1;
    });
    serve(req, res, bundle).catch((error: unknown) => respond(req, res, errorResponse(error, bundle)));
  };

  const server = http.createServer(handle);
  // Expect: 100-continue lets a request refused on its head alone (e.g. an oversized length) be
  // answered before the client sends the body.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (answerBeforeBody(current, headOf(req), limits) === undefined) res.writeContinue();
    handle(req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Headers past node's --max-http-header-size (16 KiB) are 431, as node itself would answer.
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    server,
    capture,
    swapModel(bundle: ModelBundle): string {
      const next = checkBundle(bundle);
      const previous = current.version;
      current = next;
      counters.swaps++;
      return previous;
    },
    async close(): Promise<void> {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      await closed;
      clearTimeout(force);
      if (capture !== undefined) await capture.close();
    },
    get stats(): EndpointStats {
      return {
        requests: counters.requests,
        byStatus: { ...counters.byStatus },
        swaps: counters.swaps,
        modelVersion: current.version,
        capture: capture === undefined ? undefined : capture.stats,
      };
    },
  };
}
