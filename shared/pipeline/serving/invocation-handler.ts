/**
 * What the endpoint answers, without sockets: a request (method, target, headers, body bytes) in,
 * a response (status, headers, body) out. This is the whole of SageMaker's inference-container
 * contract as server.ts serves it: the routes (`GET /ping`, `POST /invocations`), the content
 * types (text/csv, text/libsvm, application/json), validation, scoring, SHAP reasons, what data
 * capture is offered, and the mapping of every error to a status: 4xx for a refused request
 * (RequestError), 500 for anything else. It never throws, so no request can bring a server down.
 * server.ts is the HTTP shell around it (listen, read the body within its limit, write the
 * answer, shut down).
 */
import type { CapturedExchange } from './capture';
import { bodyTooLarge, checkDeclaredLength, decodeUtf8, invocationFormat, InvocationFormat } from './http-body';
import { ModelBundle } from '../model-store/model-bundle';
import { explainMatrix, scoreMatrix } from './predict';
import { RequestError, badRequest } from './request-error';
import { parseFeatureCsv, parseFeatureLibsvm, validatePatientRecords } from './request-validation';

/** A request before its body is read. */
export interface InvocationHead {
  method: string;
  /** The request target: a path, with or without a query. */
  target: string;
  /** Header names in lower case (as node:http gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface InvocationRequest extends InvocationHead {
  body: Uint8Array;
}

export interface InvocationResponse {
  status: number;
  /** Content-Type, X-Model-Version and any header the status calls for (Allow on a 405); not Content-Length. */
  headers: Record<string, string>;
  body: string;
  /** What to offer to data capture: only answered (200) invocations, the traffic the model really scored. */
  captured?: CapturedExchange;
}

export interface InvocationLimits {
  /** Largest accepted request body in bytes. */
  maxBodyBytes: number;
  /** Most patient records per JSON request. */
  maxJsonRecords: number;
  /** Most rows per CSV or libsvm request. */
  maxCsvRows: number;
}

function header(head: InvocationHead, name: string): string | undefined {
  const value = head.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function answer(status: number, contentType: string, body: string, bundle: ModelBundle): InvocationResponse {
  return { status, headers: { 'Content-Type': contentType, 'X-Model-Version': bundle.version }, body };
}

/** The response to an error: its RequestError status, field and headers, or 500 with the message. */
export function errorResponse(error: unknown, bundle: ModelBundle): InvocationResponse {
  const known = error instanceof RequestError;
  const message = error instanceof Error ? error.message : String(error);
  const payload: { error: string; field?: string } = {
    error: known ? message : `internal error while handling the request: ${message}`,
  };
  if (known && error.field !== undefined) payload.field = error.field;
  const response = answer(known ? error.status : 500, 'application/json', JSON.stringify(payload), bundle);
  if (known) Object.assign(response.headers, error.headers);
  return response;
}

/** The answer decided by the head alone (a response), or the format of the body to read; throws RequestError. */
function route(
  bundle: ModelBundle,
  head: InvocationHead,
  limits: InvocationLimits,
): InvocationResponse | InvocationFormat {
  const path = head.target.split('?')[0];
  if (path === '/ping') {
    if (head.method !== 'GET' && head.method !== 'HEAD') {
      throw new RequestError(405, `${head.method} /ping is not allowed; use GET`, 'method', { Allow: 'GET, HEAD' });
    }
    return answer(200, 'application/json', JSON.stringify({ status: 'healthy', modelVersion: bundle.version }), bundle);
  }
  if (path === '/invocations') {
    if (head.method !== 'POST') {
      throw new RequestError(405, `${head.method} /invocations is not allowed; use POST`, 'method', { Allow: 'POST' });
    }
    const format = invocationFormat(header(head, 'content-type'));
    checkDeclaredLength(header(head, 'content-length'), limits.maxBodyBytes);
    return format;
  }
  throw new RequestError(404, `no route ${JSON.stringify(path)}; the endpoint serves GET /ping and POST /invocations`);
}

/**
 * The answer that needs no body (ping, 404, 405, 415, a declared Content-Length over the limit),
 * or undefined when the body is to be read and passed to handleInvocation.
 */
export function answerBeforeBody(
  bundle: ModelBundle,
  head: InvocationHead,
  limits: InvocationLimits,
): InvocationResponse | undefined {
  try {
    const routed = route(bundle, head, limits);
    return typeof routed === 'string' ? undefined : routed;
  } catch (error) {
    return errorResponse(error, bundle);
  }
}

function invoke(
  bundle: ModelBundle,
  request: InvocationRequest,
  format: InvocationFormat,
  limits: InvocationLimits,
): InvocationResponse {
  if (request.body.length > limits.maxBodyBytes)
    throw bodyTooLarge(`has ${request.body.length} bytes`, limits.maxBodyBytes);
  const text = decodeUtf8(request.body);
  let response: InvocationResponse;
  if (format === 'csv' || format === 'libsvm') {
    const parse = format === 'csv' ? parseFeatureCsv : parseFeatureLibsvm;
    const features = parse(text, bundle.featureNames, limits.maxCsvRows);
    response = answer(
      200,
      'text/csv; charset=utf-8',
      Array.from(scoreMatrix(bundle, features), (p) => String(p)).join('\n') + '\n',
      bundle,
    );
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw badRequest(`malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
    }
    const records = validatePatientRecords(parsed, bundle.preprocessor, limits.maxJsonRecords);
    const predictions = explainMatrix(bundle, bundle.preprocessor.transform(records));
    response = answer(200, 'application/json', JSON.stringify({ predictions }), bundle);
  }
  // As SageMaker's capture does for a content type that is neither CSV nor JSON, libsvm input is kept as base64.
  const input =
    format === 'libsvm'
      ? { inputData: Buffer.from(text, 'utf8').toString('base64'), inputEncoding: 'BASE64' as const }
      : { inputData: text };
  response.captured = {
    inputContentType: header(request, 'content-type') ?? '',
    ...input,
    outputContentType: response.headers['Content-Type'],
    outputData: response.body,
    encoding: format === 'json' ? 'JSON' : 'CSV',
  };
  return response;
}

/** The endpoint's answer to one request, served with `bundle`. Never throws. */
export function handleInvocation(
  bundle: ModelBundle,
  request: InvocationRequest,
  limits: InvocationLimits,
): InvocationResponse {
  try {
    const routed = route(bundle, request, limits);
    return typeof routed === 'string' ? invoke(bundle, request, routed, limits) : routed;
  } catch (error) {
    return errorResponse(error, bundle);
  }
}
