import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { Endpoint } from '../../shared/pipeline/serving/server';
import {
  PatientRequest,
  TrainedVersion,
  drawPatients,
  patientRequest,
  serveVersion,
  topAbsolute,
  trainVersion,
  transformRequests,
} from './fixture-bundle';

let trained: TrainedVersion;
let endpoint: Endpoint;
const MAX_BODY = 64 * 1024;

before(async () => {
  trained = await trainVersion('v1', { eta: 0.3, max_depth: 3 }, 12, 0.08);
  endpoint = await serveVersion(trained, { maxBodyBytes: MAX_BODY });
});

after(async () => {
  await endpoint.close();
});

async function post(
  contentType: string | undefined,
  body: string | Uint8Array,
  path = '/invocations',
): Promise<{ status: number; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  const response = await fetch(endpoint.url + path, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const requests: PatientRequest[] = drawPatients(40, 99).map(patientRequest);

describe('the SageMaker container contract', () => {
  test('binds 127.0.0.1 by default and answers GET /ping with 200', async () => {
    const address = endpoint.server.address();
    assert.ok(address !== null && typeof address === 'object');
    assert.equal(address.address, '127.0.0.1');
    assert.equal(endpoint.url, `http://127.0.0.1:${address.port}`);
    const response = await fetch(`${endpoint.url}/ping`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-model-version'), 'v1');
  });

  test('text/csv: one probability per line, equal to predictProba on the same matrix', async () => {
    const x = transformRequests(trained, requests);
    const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
    const expected = predictProba(ensemble, x.matrix, x.rows, x.cols);
    const lines: string[] = [];
    for (let r = 0; r < x.rows; r++)
      lines.push(Array.from(x.matrix.subarray(r * x.cols, (r + 1) * x.cols), String).join(','));
    const response = await post('text/csv', lines.join('\n'));
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    const got = response.text.trimEnd().split('\n').map(Number);
    assert.deepEqual(got, Array.from(expected));
    assert.ok(new Set(got).size > 5, 'the model separates the patients');
  });

  test('application/json: probability, label at the threshold and the top-3 |SHAP| reasons', async () => {
    const withNullBmi = requests.map((r, i) => (i % 7 === 0 ? { ...r, bmi: null } : r));
    const response = await post('application/json; charset=utf-8', JSON.stringify(withNullBmi));
    assert.equal(response.status, 200, response.text);
    const { predictions } = JSON.parse(response.text) as {
      predictions: { probability: number; label: number; reasons: { feature: string; contribution: number }[] }[];
    };
    const x = transformRequests(trained, withNullBmi);
    const ensemble = parseXGBoostBinaryModel(trained.modelBytes);
    const probabilities = predictProba(ensemble, x.matrix, x.rows, x.cols);
    const phi = shapValues(ensemble, x.matrix, x.rows, x.cols);
    const names = trained.preprocessor.featureNames;
    assert.equal(predictions.length, withNullBmi.length);
    let positives = 0;
    predictions.forEach((p, r) => {
      assert.equal(p.probability, probabilities[r], `record ${r} probability`);
      assert.equal(p.label, probabilities[r] >= trained.threshold ? 1 : 0, `record ${r} label`);
      positives += p.label;
      const row = phi.subarray(r * (x.cols + 1), r * (x.cols + 1) + x.cols);
      const top = topAbsolute(row, 3);
      assert.deepEqual(
        p.reasons,
        top.map((c) => ({ feature: names[c], contribution: row[c] })),
        `record ${r} reasons`,
      );
    });
    assert.ok(positives > 0 && positives < predictions.length, 'the threshold splits the patients');
  });

  test('a single JSON object is one record; categories are matched like the ETL (trimmed, any case)', async () => {
    const record = { ...requests[3], gender: ' male ', work_type: 'PRIVATE', id: 12 };
    const canonical = { ...requests[3], gender: 'Male', work_type: 'Private' };
    const response = await post('application/json', JSON.stringify(record));
    assert.equal(response.status, 200, response.text);
    const x = transformRequests(trained, [canonical]);
    const expected = predictProba(parseXGBoostBinaryModel(trained.modelBytes), x.matrix, 1, x.cols)[0];
    assert.equal(
      (JSON.parse(response.text) as { predictions: { probability: number }[] }).predictions[0].probability,
      expected,
    );
  });
});

describe('bad requests get a 4xx naming the field and the problem', () => {
  const valid = requests[0];
  const json = (value: unknown): string => JSON.stringify(value);
  const csvRow = (cells: string[]): string => cells.join(',');
  const goodCells = (): string[] => trained.preprocessor.featureNames.map(() => '0.5');
  const cases: {
    name: string;
    send: () => Promise<{ status: number; text: string; headers: Headers }>;
    status: number;
    field?: string;
    message: RegExp | (() => RegExp);
  }[] = [
    {
      name: 'text/plain body',
      send: () => post('text/plain', 'hello'),
      status: 415,
      field: 'Content-Type',
      message: /unsupported Content-Type "text\/plain"/,
    },
    {
      name: 'no Content-Type',
      send: () => post(undefined, new Uint8Array([1, 2])),
      status: 415,
      field: 'Content-Type',
      message: /missing Content-Type/,
    },
    {
      name: 'latin-1 charset',
      send: () => post('text/csv; charset=latin1', '1'),
      status: 415,
      message: /charset "latin1"/,
    },
    {
      name: 'GET /invocations',
      send: async () => {
        const r = await fetch(`${endpoint.url}/invocations`);
        return { status: r.status, text: await r.text(), headers: r.headers };
      },
      status: 405,
      message: /GET \/invocations is not allowed; use POST/,
    },
    {
      name: 'POST /ping',
      send: () => post('text/csv', '1', '/ping'),
      status: 405,
      message: /POST \/ping is not allowed/,
    },
    {
      name: 'unknown path',
      send: () => post('text/csv', '1', '/predict'),
      status: 404,
      message: /no route "\/predict"/,
    },
    {
      name: 'body over the size limit',
      send: () => post('text/csv', 'x'.repeat(MAX_BODY + 1)),
      status: 413,
      message: new RegExp(`limit is ${MAX_BODY} bytes`),
    },
    {
      name: 'malformed JSON',
      send: () => post('application/json', '{"age": 3,'),
      status: 400,
      message: /malformed JSON body/,
    },
    {
      name: 'JSON scalar',
      send: () => post('application/json', '42'),
      status: 400,
      message: /record 0 is 42; expected an object/,
    },
    { name: 'empty JSON array', send: () => post('application/json', '[]'), status: 400, message: /array is empty/ },
    {
      name: 'missing field',
      send: () => {
        const r: PatientRequest = { ...valid };
        delete r.age;
        return post('application/json', json(r));
      },
      status: 400,
      field: 'age',
      message: /record 0 is missing field 'age'/,
    },
    {
      name: 'number sent as a string',
      send: () => post('application/json', json({ ...valid, age: '67' })),
      status: 400,
      field: 'age',
      message: /field 'age' is "67"; expected a number/,
    },
    {
      name: 'unknown category',
      send: () => post('application/json', json({ ...valid, work_type: 'Astronaut' })),
      status: 400,
      field: 'work_type',
      message: /field 'work_type' "Astronaut" is not a known category/,
    },
    {
      name: 'category the model never saw',
      send: () => post('application/json', json({ ...valid, gender: 'Other' })),
      status: 400,
      field: 'gender',
      message: /'gender' is "Other", a category the served model was not trained on/,
    },
    {
      name: 'glucose out of range',
      send: () => post('application/json', json({ ...valid, avg_glucose_level: 900 })),
      status: 400,
      field: 'avg_glucose_level',
      message: /is 900, outside the accepted range 40\.\.500/,
    },
    {
      name: 'flag not 0/1',
      send: () => post('application/json', json({ ...valid, hypertension: 2 })),
      status: 400,
      field: 'hypertension',
      message: /'hypertension' is 2; expected the number 0 or 1/,
    },
    {
      name: 'null where not nullable',
      send: () => post('application/json', json({ ...valid, age: null })),
      status: 400,
      field: 'age',
      message: /'age' is null; expected a number/,
    },
    {
      name: 'unknown field',
      send: () => post('application/json', json({ ...valid, weight: 80 })),
      status: 400,
      field: 'weight',
      message: /unknown field 'weight'/,
    },
    {
      name: 'derived column sent by the client',
      send: () => post('application/json', json({ ...valid, log_glucose_level: 4 })),
      status: 400,
      field: 'log_glucose_level',
      message: /unknown field 'log_glucose_level'/,
    },
    {
      name: 'second record bad',
      send: () => post('application/json', json([valid, { ...valid, bmi: 5 }])),
      status: 400,
      field: 'bmi',
      message: /record 1 field 'bmi' is 5, outside the accepted range 10\.\.100/,
    },
    {
      name: 'CSV with too few columns',
      send: () => post('text/csv', csvRow(goodCells().slice(1))),
      status: 400,
      message: () =>
        new RegExp(
          `CSV line 1 has ${trained.preprocessor.cols - 1} value\\(s\\); the model expects ${trained.preprocessor.cols} features`,
        ),
    },
    {
      name: 'CSV header line',
      send: () => post('text/csv', trained.preprocessor.featureNames.join(',') + '\n' + csvRow(goodCells())),
      status: 400,
      field: 'age',
      message: /CSV line 1 column 1 \(feature 'age'\): "age" is not a number/,
    },
    {
      name: 'CSV NaN',
      send: () => post('text/csv', csvRow(goodCells()) + '\n' + csvRow(['NaN', ...goodCells().slice(1)])),
      status: 400,
      field: 'age',
      message: /CSV line 2 column 1 \(feature 'age'\): "NaN" is not a number/,
    },
    {
      name: 'CSV empty cell',
      send: () => post('text/csv', csvRow(['1', '', ...goodCells().slice(2)])),
      status: 400,
      field: 'log_glucose_level',
      message: /column 2 .*is empty/,
    },
    {
      name: 'CSV value beyond float32',
      send: () => post('text/csv', csvRow(['1e39', ...goodCells().slice(1)])),
      status: 400,
      message: /overflows float32/,
    },
    { name: 'empty CSV body', send: () => post('text/csv', ''), status: 400, message: /CSV body is empty/ },
    {
      name: 'invalid UTF-8',
      send: () => post('text/csv', new Uint8Array([0x31, 0xff, 0xfe])),
      status: 400,
      message: /not valid UTF-8/,
    },
  ];

  for (const c of cases) {
    test(`${c.name} → ${c.status}`, async () => {
      const response = await c.send();
      assert.equal(response.status, c.status, response.text);
      const body = JSON.parse(response.text) as { error: string; field?: string };
      assert.match(body.error, typeof c.message === 'function' ? c.message() : c.message);
      if (c.field !== undefined) assert.equal(body.field, c.field);
      if (c.status === 405)
        assert.ok((response.headers.get('allow') ?? '').length > 0, 'a 405 says which methods are allowed');
    });
  }

  test(`the table covers at least 12 distinct refusals (${cases.length})`, () => {
    assert.ok(cases.length >= 12);
  });
});

/** Writes raw HTTP and resolves with everything the server sends until it closes or times out. */
function rawExchange(head: string, bodyPart: string, waitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint.port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (received.length > 0) resolve(received);
      else reject(error);
    });
    socket.write(head + bodyPart);
  });
}

describe('oversized bodies are refused without reading them', () => {
  test('a declared Content-Length over the limit gets 413 before the body arrives', async () => {
    const head = `POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${50 * MAX_BODY}\r\n\r\n`;
    const reply = await rawExchange(head, '0.1,0.2', 2000);
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.match(reply, /Connection: close/i);
  });

  test('a chunked body is cut off with 413 as soon as it passes the limit', async () => {
    const chunk = 'y'.repeat(MAX_BODY + 10);
    const head =
      'POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n';
    // The terminating zero-length chunk is never sent: the answer cannot wait for the end.
    const reply = await rawExchange(head, `${chunk.length.toString(16)}\r\n${chunk}\r\n`, 2000);
    assert.match(reply, /^HTTP\/1\.1 413 /);
  });

  test('Expect: 100-continue with an oversized length is refused without a 100 Continue', async () => {
    const head = `POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${2 * MAX_BODY}\r\nExpect: 100-continue\r\n\r\n`;
    const reply = await rawExchange(head, '', 2000);
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(reply, /100 Continue/);
  });

  test('the server still answers after all of the above', async () => {
    assert.equal((await fetch(`${endpoint.url}/ping`)).status, 200);
    assert.equal(endpoint.stats.byStatus['500'], undefined, 'no request ended in an internal error');
  });
});
