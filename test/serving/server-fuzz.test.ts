/**
 * Thousands of generated bodies, each built knowing whether it is valid: valid ones must be
 * answered 200 with one prediction per row, invalid ones a 4xx JSON error, never a 200 and
 * never a 500; the server must still answer /ping afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Endpoint } from '../../shared/pipeline/serving/server';
import { Random } from '../../shared/core/util/random';
import {
  PatientRequest,
  TrainedVersion,
  drawPatients,
  patientRequest,
  serveVersion,
  trainVersion,
  transformRequests,
} from './fixture-bundle';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { predictProba } from '../../shared/ml/xgboost/tree-ensemble';

interface FuzzCase {
  kind: string;
  contentType: string;
  body: string | Uint8Array;
  /** Rows a valid body holds; undefined when the body is invalid. */
  validRows: number | undefined;
}

let endpoint: Endpoint;
let trained: TrainedVersion;
let cols = 0;
const patients: PatientRequest[] = drawPatients(200, 5).map(patientRequest);
const FIELDS = Object.keys(patients[0]);
const NUMERIC_FIELDS = ['age', 'avg_glucose_level', 'bmi'];
const FLAG_FIELDS = ['hypertension', 'heart_disease', 'ever_married'];
const OUT_OF_RANGE: Record<string, number[]> = {
  age: [-1, -0.01, 120.5, 1e308],
  avg_glucose_level: [39.99, 500.01, -5, 1e12],
  bmi: [9.99, 100.01, 0, -30],
};
const BAD_CSV_TOKENS = [
  '',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  '0x1F',
  'abc',
  '1e999',
  '"1"',
  '1e39',
  '--1',
  '1..2',
  'true',
];

before(async () => {
  trained = await trainVersion('fuzz', { eta: 0.3, max_depth: 3 }, 8, 0.1);
  cols = trained.preprocessor.cols;
  endpoint = await serveVersion(trained, { maxBodyBytes: 16 * 1024 });
});

after(async () => {
  await endpoint.close();
});

function wrongTypeFor(field: string, random: Random): unknown {
  const numericLike = NUMERIC_FIELDS.includes(field) || FLAG_FIELDS.includes(field);
  const options: unknown[] = numericLike
    ? [String(random.int(100)), true, [1], { value: 1 }, '']
    : [random.int(5), false, null, ['Male'], { name: 'Male' }];
  return options[random.int(options.length)];
}

function mutateRecord(record: PatientRequest, random: Random): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  const field = FIELDS[random.int(FIELDS.length)];
  switch (random.int(6)) {
    case 0:
      delete out[field];
      break;
    case 1:
      out[field] = wrongTypeFor(field, random);
      break;
    case 2: {
      const numeric = NUMERIC_FIELDS[random.int(NUMERIC_FIELDS.length)];
      out[numeric] = OUT_OF_RANGE[numeric][random.int(4)];
      break;
    }
    case 3:
      out[FLAG_FIELDS[random.int(3)]] = [2, -1, 0.5, '1', true][random.int(5)];
      break;
    case 4:
      out[['gender', 'work_type', 'residence_type', 'smoking_status'][random.int(4)]] = `zz${random.int(1e6)}`;
      break;
    default:
      out[`x_${random.int(1000)}`] = random.int(10);
  }
  return out;
}

function randomBytes(random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(256));
}

function csvRow(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => String(random.normal(0, 2)));
}

function generate(random: Random): FuzzCase {
  const pick = (): PatientRequest => patients[random.int(patients.length)];
  const records = Array.from({ length: 1 + random.int(3) }, pick);
  switch (random.int(9)) {
    case 0:
      return {
        kind: 'valid json',
        contentType: 'application/json',
        body: JSON.stringify(records.length === 1 && random.bernoulli(0.5) ? records[0] : records),
        validRows: records.length,
      };
    case 1: {
      const bad = records.map((r) => r as Record<string, unknown>);
      bad[random.int(bad.length)] = mutateRecord(records[0], random);
      return {
        kind: 'mutated record',
        contentType: 'application/json',
        body: JSON.stringify(bad),
        validRows: undefined,
      };
    }
    case 2: {
      const text = JSON.stringify(records);
      return {
        kind: 'truncated json',
        contentType: 'application/json',
        body: text.slice(0, random.int(text.length)),
        validRows: undefined,
      };
    }
    case 3:
      return {
        kind: 'random bytes as json',
        contentType: 'application/json',
        body: randomBytes(random, random.int(200)),
        validRows: undefined,
      };
    case 4: {
      const values: unknown[] = [random.normal(), 'text', null, true, [[1, 2]], [records[0], 7], {}];
      return {
        kind: 'json of the wrong shape',
        contentType: 'application/json',
        body: JSON.stringify(values[random.int(values.length)]),
        validRows: undefined,
      };
    }
    case 5: {
      const rows = Array.from({ length: 1 + random.int(5) }, () => csvRow(random, cols).join(','));
      return {
        kind: 'valid csv',
        contentType: 'text/csv',
        body: rows.join('\n') + (random.bernoulli(0.5) ? '\n' : ''),
        validRows: rows.length,
      };
    }
    case 6: {
      const rows = Array.from({ length: 1 + random.int(5) }, () => csvRow(random, cols));
      const row = rows[random.int(rows.length)];
      if (random.bernoulli(0.3)) row.splice(random.int(row.length), 1 + random.int(2));
      // eslint-disable-next-line no-dupe-else-if -- each bernoulli() call is a new draw, not the same condition
      else if (random.bernoulli(0.3)) row.push('0');
      else row[random.int(row.length)] = BAD_CSV_TOKENS[random.int(BAD_CSV_TOKENS.length)];
      return {
        kind: 'broken csv',
        contentType: 'text/csv',
        body: rows.map((r) => r.join(',')).join('\n'),
        validRows: undefined,
      };
    }
    case 7:
      return {
        kind: 'random bytes as csv',
        contentType: 'text/csv',
        body: randomBytes(random, 1 + random.int(200)),
        validRows: undefined,
      };
    default: {
      const types = [
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'text/csv; charset=utf-16',
        'json',
        '',
      ];
      return {
        kind: 'wrong content type',
        contentType: types[random.int(types.length)],
        body: JSON.stringify(records),
        validRows: undefined,
      };
    }
  }
}

async function run(c: FuzzCase): Promise<void> {
  const headers: Record<string, string> = c.contentType === '' ? {} : { 'content-type': c.contentType };
  const response = await fetch(`${endpoint.url}/invocations`, { method: 'POST', headers, body: c.body });
  const text = await response.text();
  const where = `${c.kind}: ${typeof c.body === 'string' ? c.body.slice(0, 200) : `${c.body.length} bytes`}`;
  if (c.validRows !== undefined) {
    assert.equal(response.status, 200, `${where} → ${text}`);
    const rows =
      c.contentType === 'text/csv'
        ? text.trimEnd().split('\n').length
        : (JSON.parse(text) as { predictions: unknown[] }).predictions.length;
    assert.equal(rows, c.validRows, where);
    return;
  }
  assert.ok(response.status >= 400 && response.status < 500, `${where} → ${response.status} ${text}`);
  const body = JSON.parse(text) as { error?: unknown };
  assert.equal(typeof body.error, 'string', where);
}

test('3,000 generated bodies: valid → 200, invalid → 4xx with a message, never a crash', async () => {
  const random = new Random(20240601);
  const cases = Array.from({ length: 3000 }, () => generate(random));
  const kinds = new Map<string, number>();
  for (const c of cases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  assert.equal(kinds.size, 9, 'every kind of body was generated');
  for (let i = 0; i < cases.length; i += 20) await Promise.all(cases.slice(i, i + 20).map(run));
  const ping = await fetch(`${endpoint.url}/ping`);
  assert.equal(ping.status, 200);
  const stats = endpoint.stats;
  assert.equal(stats.byStatus['500'], undefined, 'no internal errors');
  const valid = cases.filter((c) => c.validRows !== undefined).length;
  assert.equal(stats.byStatus['200'], valid + 1, 'exactly the valid bodies (and the ping) were answered 200');
});

test('10,000 requests over loopback, 20% malformed: every valid one answered with the right probability, every malformed one 4xx', async () => {
  const random = new Random(20261126);
  const x = transformRequests(trained, patients);
  const expected = predictProba(parseXGBoostBinaryModel(trained.modelBytes), x.matrix, x.rows, x.cols);
  const requests = Array.from({ length: 10_000 }, () => {
    if (!random.bernoulli(0.2)) return { patient: random.int(patients.length) };
    let malformed = generate(random);
    while (malformed.validRows !== undefined) malformed = generate(random);
    return { malformed };
  });
  const before = { ...endpoint.stats.byStatus };
  let valid = 0;
  let rejected = 0;
  const send = async (request: (typeof requests)[number]) => {
    if (request.malformed) {
      await run(request.malformed);
      rejected++;
      return;
    }
    const response = await fetch(`${endpoint.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patients[request.patient]),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const probability = (JSON.parse(text) as { predictions: Array<{ probability: number }> }).predictions[0]
      .probability;
    assert.ok(
      Math.abs(probability - expected[request.patient]) < 1e-12,
      `patient ${request.patient}: ${probability} vs ${expected[request.patient]}`,
    );
    valid++;
  };
  for (let i = 0; i < requests.length; i += 25) await Promise.all(requests.slice(i, i + 25).map(send));
  const delta = (status: string) => (endpoint.stats.byStatus[status] ?? 0) - (before[status] ?? 0);
  assert.equal(valid + rejected, 10_000);
  assert.ok(rejected > 1_800 && rejected < 2_200, `${rejected} malformed (about 20%)`);
  assert.equal(delta('200'), valid, 'only the valid requests were answered 200');
  assert.equal(delta('500'), 0, 'no internal errors');
  assert.equal((await fetch(`${endpoint.url}/ping`)).status, 200, 'still serving');
});
