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
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaptureOptions, CaptureStats, CaptureWriter } from './capture';
import { checkDeclaredLength, decodeUtf8, invocationFormat, readBody } from './http-body';
import { ModelBundle } from '../model-store/model-bundle';
import { explainMatrix, scoreMatrix } from './predict';
import { RequestError, badRequest } from './request-error';
import { parseFeatureCsv, parseFeatureLibsvm, validatePatientRecords } from './request-validation';

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

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const CLOSE_GRACE_MS = 5000;

function checkBundle(bundle: ModelBundle): ModelBundle {
  const ok = bundle !== null && typeof bundle === 'object' && typeof bundle.version === 'string' &&
    bundle.ensemble !== undefined && bundle.preprocessor !== undefined && Number.isFinite(bundle.threshold);
  if (!ok) throw new Error('startEndpoint/swapModel: expected a ModelBundle from loadModelBundle or assembleModelBundle');
  if (bundle.featureNames.length !== bundle.ensemble.numFeature) {
    throw new Error(`model bundle ${bundle.version}: ${bundle.featureNames.length} feature names for a model of ${bundle.ensemble.numFeature} features`);
  }
  return bundle;
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`startEndpoint: ${name} is ${value}; expected a positive integer`);
  return value;
}

export async function startEndpoint(options: EndpointOptions): Promise<Endpoint> {
  let current = checkBundle(options.bundle);
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = positive(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const maxJsonRecords = positive(options.maxJsonRecords ?? 1000, 'maxJsonRecords');
  const maxCsvRows = positive(options.maxCsvRows ?? 100_000, 'maxCsvRows');
  const capture = options.capture === undefined ? undefined : new CaptureWriter(options.capture);
  const counters = { requests: 0, swaps: 0, byStatus: {} as Record<string, number> };
  let closing = false;

  const send = (res: http.ServerResponse, status: number, contentType: string, body: string, version: string): void => {
    res.statusCode = status;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.setHeader('X-Model-Version', version);
    if (closing) res.setHeader('Connection', 'close');
    res.end(body);
  };

  const sendError = (req: http.IncomingMessage, res: http.ServerResponse, error: unknown, version: string): void => {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const known = error instanceof RequestError;
    const status = known ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    const payload: { error: string; field?: string } = { error: known ? message : `internal error while handling the request: ${message}` };
    if (known && error.field !== undefined) payload.field = error.field;
    if (known) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    if (status === 413) {
      // The rest of the body is not wanted: close once answered instead of reading it all.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.end());
    }
    send(res, status, 'application/json', JSON.stringify(payload), version);
  };

  const invoke = async (req: http.IncomingMessage, res: http.ServerResponse, bundle: ModelBundle): Promise<void> => {
    const inputContentType = req.headers['content-type'] ?? '';
    const format = invocationFormat(req.headers['content-type']);
    checkDeclaredLength(req, maxBodyBytes);
    const text = decodeUtf8(await readBody(req, maxBodyBytes));
    let output: string;
    let outputContentType: string;
    if (format === 'csv' || format === 'libsvm') {
      const parse = format === 'csv' ? parseFeatureCsv : parseFeatureLibsvm;
      const features = parse(text, bundle.featureNames, maxCsvRows);
      output = Array.from(scoreMatrix(bundle, features), (p) => String(p)).join('\n') + '\n';
      outputContentType = 'text/csv; charset=utf-8';
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw badRequest(`malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
      }
      const records = validatePatientRecords(parsed, bundle.preprocessor, maxJsonRecords);
      const predictions = explainMatrix(bundle, bundle.preprocessor.transform(records));
      output = JSON.stringify({ predictions });
      outputContentType = 'application/json';
    }
    send(res, 200, outputContentType, output, bundle.version);
    if (capture !== undefined) {
      // As SageMaker's capture does for a content type that is neither CSV nor JSON, libsvm input is kept as base64.
      const input = format === 'libsvm' ? { inputData: Buffer.from(text, 'utf8').toString('base64'), inputEncoding: 'BASE64' as const } : { inputData: text };
      capture.offer({ inputContentType, ...input, outputContentType, outputData: output, encoding: format === 'json' ? 'JSON' : 'CSV' });
    }
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, bundle: ModelBundle): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/ping') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new RequestError(405, `${req.method} /ping is not allowed; use GET`, 'method', { Allow: 'GET, HEAD' });
      send(res, 200, 'application/json', JSON.stringify({ status: 'healthy', modelVersion: bundle.version }), bundle.version);
      return;
    }
    if (path === '/invocations') {
      if (req.method !== 'POST') throw new RequestError(405, `${req.method} /invocations is not allowed; use POST`, 'method', { Allow: 'POST' });
      await invoke(req, res, bundle);
      return;
    }
    throw new RequestError(404, `no route ${JSON.stringify(path)}; the endpoint serves GET /ping and POST /invocations`);
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
    route(req, res, bundle).catch((error: unknown) => sendError(req, res, error, bundle.version));
  };

  const server = http.createServer(handle);
  // Expect: 100-continue lets an oversized upload be refused before the client sends it.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      checkDeclaredLength(req, maxBodyBytes);
      res.writeContinue();
    } catch {
      // handle() repeats the check and answers 413 without the body ever being sent.
    }
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
