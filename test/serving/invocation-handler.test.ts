/**
 * The endpoint's answers without sockets: handleInvocation and answerBeforeBody driven with
 * (method, target, headers, body bytes), one test per status the server returns. Scores are
 * checked against predictProba on the fixture's own transform of the requests (not the serving
 * code's), reasons against TreeSHAP's largest |values|. An internal failure is a 500 answer,
 * never a throw.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { loadModelBundle, type ModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import {
  answerBeforeBody,
  handleInvocation,
  type InvocationLimits,
  type InvocationRequest,
  type InvocationResponse,
} from '../../shared/pipeline/serving/invocation-handler';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import {
  drawPatients,
  patientRequest,
  storeVersion,
  topAbsolute,
  trainVersion,
  transformRequests,
  type TrainedVersion,
} from './fixture-bundle';

let trained: TrainedVersion;
let bundle: ModelBundle;
const LIMITS: InvocationLimits = { maxBodyBytes: 4096, maxJsonRecords: 5, maxCsvRows: 3 };
const requests = drawPatients(3, 5).map(patientRequest);

before(async () => {
  trained = await trainVersion('v7', { eta: 0.3, max_depth: 3 }, 8, 0.1);
  const store = new MemoryObjectStore();
  await storeVersion(store, trained);
  bundle = await loadModelBundle(store);
});

function call(
  method: string,
  target: string,
  contentType: string | undefined,
  body: string | Uint8Array,
  limits = LIMITS,
): InvocationResponse {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  const request: InvocationRequest = {
    method,
    target,
    headers,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  };
  return handleInvocation(bundle, request, limits);
}

const post = (contentType: string | undefined, body: string | Uint8Array, limits = LIMITS) =>
  call('POST', '/invocations', contentType, body, limits);

function errorOf(response: InvocationResponse): { error: string; field?: string } {
  assert.equal(response.headers['Content-Type'], 'application/json');
  assert.equal(response.captured, undefined, 'a refusal is not offered to capture');
  return JSON.parse(response.body) as { error: string; field?: string };
}

const featureRows = () => transformRequests(trained, requests);
const csvOf = (rows: number) => {
  const x = featureRows();
  return Array.from({ length: rows }, (_, r) =>
    Array.from(x.matrix.subarray(r * x.cols, (r + 1) * x.cols)).join(','),
  ).join('\n');
};

describe('200', () => {
  test('GET /ping (and HEAD, and with a query) answers healthy with the model version', () => {
    for (const [method, target] of [
      ['GET', '/ping'],
      ['HEAD', '/ping'],
      ['GET', '/ping?probe=1'],
    ]) {
      const response = call(method, target, undefined, '');
      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(response.body), { status: 'healthy', modelVersion: 'v7' });
      assert.equal(response.headers['X-Model-Version'], 'v7');
      assert.equal(response.captured, undefined, 'a ping is not an invocation');
    }
  });

  test('text/csv: one probability per line, equal to predictProba; the exchange is offered to capture as CSV', () => {
    const body = csvOf(2);
    const response = post('text/csv', body);
    assert.equal(response.status, 200, response.body);
    assert.equal(response.headers['Content-Type'], 'text/csv; charset=utf-8');
    const x = featureRows();
    const expected = predictProba(bundle.ensemble, x.matrix.subarray(0, 2 * x.cols), 2, x.cols);
    assert.deepEqual(response.body.trimEnd().split('\n').map(Number), Array.from(expected));
    assert.deepEqual(response.captured, {
      inputContentType: 'text/csv',
      inputData: body,
      outputContentType: 'text/csv; charset=utf-8',
      outputData: response.body,
      encoding: 'CSV',
    });
  });

  test('text/libsvm: the same scores; capture keeps the input as base64', () => {
    const x = featureRows();
    const line = Array.from(x.matrix.subarray(0, x.cols), (v, c) => `${c}:${v}`).join(' ');
    const response = post('text/libsvm', line);
    assert.equal(response.status, 200, response.body);
    assert.equal(
      Number(response.body.trim()),
      predictProba(bundle.ensemble, x.matrix.subarray(0, x.cols), 1, x.cols)[0],
    );
    assert.equal(response.captured?.inputEncoding, 'BASE64');
    assert.equal(Buffer.from(response.captured?.inputData ?? '', 'base64').toString('utf8'), line);
  });

  test('application/json: probability, label at the threshold and the top-3 |SHAP| reasons', () => {
    const body = JSON.stringify(requests);
    const response = post('application/json; charset=utf-8', body);
    assert.equal(response.status, 200, response.body);
    const { predictions } = JSON.parse(response.body) as {
      predictions: { probability: number; label: number; reasons: { feature: string; contribution: number }[] }[];
    };
    const x = featureRows();
    const probabilities = predictProba(bundle.ensemble, x.matrix, x.rows, x.cols);
    const phi = shapValues(bundle.ensemble, x.matrix, x.rows, x.cols);
    predictions.forEach((p, r) => {
      assert.equal(p.probability, probabilities[r]);
      assert.equal(p.label, probabilities[r] >= trained.threshold ? 1 : 0);
      const row = phi.subarray(r * (x.cols + 1), r * (x.cols + 1) + x.cols);
      assert.deepEqual(
        p.reasons.map((reason) => reason.feature),
        topAbsolute(row, 3).map((c) => trained.preprocessor.featureNames[c]),
      );
    });
    assert.equal(response.captured?.encoding, 'JSON');
    assert.equal(response.captured?.inputData, body);
  });
});

describe('refusals', () => {
  test('400: malformed JSON, invalid UTF-8, a bad record, a Content-Length that is not a number', () => {
    const refused = (response: InvocationResponse) => {
      assert.equal(response.status, 400, response.body);
      return errorOf(response);
    };
    assert.match(refused(post('application/json', '{"age":')).error, /^malformed JSON body/);
    assert.match(refused(post('text/csv', new Uint8Array([0x31, 0xff]))).error, /not valid UTF-8/);
    const bad = refused(post('application/json', JSON.stringify({ ...requests[0], age: '67' })));
    assert.equal(bad.field, 'age');
    assert.match(bad.error, /field 'age' is "67"; expected a number/);
    const head = {
      method: 'POST',
      target: '/invocations',
      headers: { 'content-type': 'text/csv', 'content-length': '12abc' },
    };
    const early = answerBeforeBody(bundle, head, LIMITS);
    assert.ok(early !== undefined, 'a malformed Content-Length is refused before the body is read');
    assert.equal(refused(early).field, 'Content-Length');
  });

  test('404 for an unknown path, 405 with Allow for a wrong method', () => {
    const unknown = call('POST', '/predict', 'text/csv', '1');
    assert.equal(unknown.status, 404);
    assert.match(errorOf(unknown).error, /no route "\/predict"; the endpoint serves GET \/ping and POST \/invocations/);
    const getInvocations = call('GET', '/invocations', undefined, '');
    assert.deepEqual([getInvocations.status, getInvocations.headers.Allow], [405, 'POST']);
    const postPing = call('POST', '/ping', 'text/csv', '1');
    assert.deepEqual([postPing.status, postPing.headers.Allow], [405, 'GET, HEAD']);
    assert.match(errorOf(postPing).error, /POST \/ping is not allowed; use GET/);
  });

  test('413: more rows or records than allowed, a body over the byte limit, a declared length over it', () => {
    assert.equal(post('text/csv', csvOf(3)).status, 200, 'the row limit itself is allowed');
    const rows = post('text/csv', csvOf(3), { ...LIMITS, maxCsvRows: 2 });
    assert.equal(rows.status, 413);
    const records = post('application/json', JSON.stringify([...requests, ...requests]), {
      ...LIMITS,
      maxJsonRecords: 5,
    });
    assert.equal(records.status, 413, records.body);
    const bytes = post('text/csv', 'x'.repeat(LIMITS.maxBodyBytes + 1));
    assert.equal(bytes.status, 413);
    assert.match(errorOf(bytes).error, new RegExp(`limit is ${LIMITS.maxBodyBytes} bytes`));
    const head = {
      method: 'POST',
      target: '/invocations',
      headers: { 'content-type': 'text/csv', 'content-length': String(LIMITS.maxBodyBytes + 1) },
    };
    assert.equal(answerBeforeBody(bundle, head, LIMITS)?.status, 413);
  });

  test('415: another content type, none, or a charset other than UTF-8, decided before the body', () => {
    for (const contentType of ['text/plain', undefined, 'text/csv; charset=latin1']) {
      const response = post(contentType, '1');
      assert.equal(response.status, 415);
      assert.equal(errorOf(response).field, 'Content-Type');
      const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
      assert.equal(answerBeforeBody(bundle, { method: 'POST', target: '/invocations', headers }, LIMITS)?.status, 415);
    }
  });

  test('a request that passes the head checks needs its body: answerBeforeBody leaves it to handleInvocation', () => {
    const head = {
      method: 'POST',
      target: '/invocations',
      headers: { 'content-type': 'text/csv', 'content-length': '10' },
    };
    assert.equal(answerBeforeBody(bundle, head, LIMITS), undefined);
  });
});

describe('500', () => {
  test('an internal failure is a 500 answer naming it, not a throw', () => {
    // A bundle whose ensemble has lost its trees: scoring fails inside the model code, not on the request.
    const broken: ModelBundle = {
      ...bundle,
      ensemble: { ...bundle.ensemble, trees: null as unknown as ModelBundle['ensemble']['trees'] },
    };
    const response = handleInvocation(
      broken,
      { method: 'POST', target: '/invocations', headers: { 'content-type': 'text/csv' }, body: Buffer.from(csvOf(1)) },
      LIMITS,
    );
    assert.equal(response.status, 500);
    assert.equal(response.headers['X-Model-Version'], 'v7');
    assert.match(errorOf(response).error, /^internal error while handling the request: /);
  });
});
