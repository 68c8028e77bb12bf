/**
 * text/libsvm at /invocations, as SageMaker's built-in XGBoost container reads it: an optional
 * label, zero-based index:value pairs in any order, absent features missing (not 0). Oracle:
 * python-xgboost 1.7.4 scoring the same body through a sparse matrix, as the container's
 * algorithm mode does (scripts/fixtures/make_libsvm_golden.py). Bad bodies are 400s naming the
 * line and token, never 500s, and are refused at the first bad token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import type { CaptureRecord } from '../../shared/pipeline/serving/capture';
import { parseFeatureLibsvm } from '../../shared/pipeline/serving/request-validation';
import { Endpoint } from '../../shared/pipeline/serving/server';
import {
  TrainedVersion,
  drawPatients,
  patientRequest,
  refusal,
  serveVersion,
  trainVersion,
  transformRequests,
} from './fixture-bundle';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
interface LibsvmGolden {
  xgboostVersion: string;
  model: string;
  cols: number;
  body: string;
  probabilities: number[];
}
const golden = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'serving', 'libsvm-golden.json'), 'utf8'),
) as LibsvmGolden;
const names = Array.from({ length: golden.cols }, (_, i) => `f${i}`);

describe('parseFeatureLibsvm', () => {
  test('scores the golden body as python-xgboost does (labels ignored, absent features missing)', () => {
    assert.equal(golden.xgboostVersion, '1.7.4');
    const ensemble = parseXGBoostBinaryModel(new Uint8Array(fs.readFileSync(path.join(FIXTURES, golden.model))));
    const x = parseFeatureLibsvm(golden.body, names, 1000);
    assert.equal(x.rows, golden.probabilities.length);
    const got = predictProba(ensemble, x.matrix, x.rows, x.cols);
    got.forEach((p, r) =>
      assert.ok(Math.abs(p - golden.probabilities[r]) < 1e-6, `row ${r}: ${p} vs python ${golden.probabilities[r]}`),
    );
  });

  test('an absent feature is NaN, an explicit 0 is 0, and the label is not a feature', () => {
    const x = parseFeatureLibsvm('1 3:0 0:0.5\n2:7\r\n', names.slice(0, 4), 10);
    assert.deepEqual(Array.from(x.matrix), [0.5, NaN, NaN, 0, NaN, NaN, 7, NaN]);
  });

  const refused: [string, string, RegExp][] = [
    [
      'a second bare token',
      '0:1\n1 2 0:1',
      /^libsvm line 2 token 2 \("2"\) is not an index:value pair; only the first token may be a label$/,
    ],
    ['a non-numeric label', 'yes 0:1', /^libsvm line 1 token 1 \("yes"\): the label "yes" is not a number$/],
    ['a bad index', '1 a:0.5', /^libsvm line 1 token 2 \("a:0.5"\): the feature index must be a non-negative integer$/],
    [
      'a negative index',
      '-1:3',
      /^libsvm line 1 token 1 \("-1:3"\): the feature index must be a non-negative integer$/,
    ],
    [
      'an index past the features',
      '1 0:1 4:2',
      /^libsvm line 1 token 3 \("4:2"\): feature index 4 is beyond the model's 4 features \(indices 0\.\.3, zero-based\)$/,
    ],
    [
      'a bad value',
      '0:1\n0:1 1:x',
      /^libsvm line 2 token 2 \("1:x"\): the value of feature 1 \('f1'\) "x" is not a number$/,
    ],
    [
      'an empty value',
      '0:',
      /^libsvm line 1 token 1 \("0:"\): the value of feature 0 \('f0'\) "" is empty; expected a number$/,
    ],
    [
      'an overflowing value',
      '2:1e39',
      /^libsvm line 1 token 1 \("2:1e39"\): the value of feature 2 \('f2'\) 1e39 overflows float32/,
    ],
    [
      'a repeated index',
      '1 2:1 2:1',
      /^libsvm line 1 token 3 \("2:1"\): feature 2 \('f2'\) is listed twice on the line$/,
    ],
    ['an empty line', '0:1\n\n0:2', /^libsvm line 2 is empty/],
    ['an empty body', '', /^the libsvm body is empty/],
  ];
  for (const [name, body, message] of refused) {
    test(`400 for ${name}, naming where it is`, () => {
      const error = refusal(() => parseFeatureLibsvm(body, names.slice(0, 4), 10));
      assert.equal(error.status, 400);
      assert.match(error.message, message);
    });
  }

  test('more rows than allowed is a 413 before any row is read', () => {
    const error = refusal(() => parseFeatureLibsvm('x\n'.repeat(11), names, 10));
    assert.equal(error.status, 413);
    assert.equal(error.message, 'the libsvm body holds 11 rows; at most 10 per request');
  });
});

describe('the endpoint accepts text/libsvm like the built-in container', () => {
  let trained: TrainedVersion;
  let endpoint: Endpoint;
  before(async () => {
    trained = await trainVersion('v-libsvm', { eta: 0.3, max_depth: 3 }, 12, 0.08);
    endpoint = await serveVersion(trained);
  });
  after(() => endpoint.close());

  const post = async (contentType: string, body: string) => {
    const response = await fetch(`${endpoint.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  test('text/libsvm and text/x-libsvm answer as text/csv does for the same rows', async () => {
    const x = transformRequests(trained, drawPatients(20, 5).map(patientRequest));
    const csv: string[] = [];
    const libsvm: string[] = [];
    for (let r = 0; r < x.rows; r++) {
      const row = Array.from(x.matrix.subarray(r * x.cols, (r + 1) * x.cols));
      csv.push(row.join(','));
      const pairs = row.map((v, c) => `${c}:${v}`);
      libsvm.push((r % 2 === 0 ? ['0', ...pairs] : pairs.reverse()).join(' '));
    }
    const fromCsv = await post('text/csv', csv.join('\n'));
    assert.equal(fromCsv.status, 200, fromCsv.text);
    for (const type of ['text/libsvm', 'text/x-libsvm; charset=utf-8']) {
      const answer = await post(type, libsvm.join('\n') + '\n');
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.type, /^text\/csv/);
      assert.equal(answer.text, fromCsv.text);
    }
  });

  test('a bad libsvm body is a JSON 400 naming line and token, and the endpoint keeps serving', async () => {
    const answer = await post('text/libsvm', '0 0:1\n0 0:1 0:abc');
    assert.equal(answer.status, 400);
    assert.match(JSON.parse(answer.text).error, /^libsvm line 2 token 3 \("0:abc"\)/);
    assert.equal((await post('text/libsvm', '0:1')).status, 200);
    assert.equal(endpoint.stats.byStatus['500'], undefined);
  });

  test('captured libsvm input is kept as base64, as SageMaker capture keeps a type that is neither CSV nor JSON', async () => {
    const store = new MemoryObjectStore();
    const capturing = await serveVersion(
      trained,
      {
        capture: { store, prefix: 'datacapture', samplingPercentage: 100, endpointName: 'libsvm', flushIntervalMs: 0 },
      },
      store,
    );
    const body = '1 0:0.5 3:-1\n2:0.25\n';
    const response = await fetch(`${capturing.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/libsvm' },
      body,
    });
    const answer = await response.text();
    assert.equal(response.status, 200, answer);
    await capturing.close();
    const [file] = await store.list('datacapture/');
    const [record] = new TextDecoder()
      .decode((await store.get(file.key)).body)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as CaptureRecord);
    const { endpointInput, endpointOutput } = record.captureData;
    assert.deepEqual(
      { ...endpointInput, data: Buffer.from(endpointInput.data, 'base64').toString('utf8') },
      { observedContentType: 'text/libsvm', mode: 'INPUT', data: body, encoding: 'BASE64' },
    );
    assert.deepEqual(endpointOutput, {
      observedContentType: 'text/csv; charset=utf-8',
      mode: 'OUTPUT',
      data: answer,
      encoding: 'CSV',
    });
  });
});
