/**
 * Requests that are cheap to send and were expensive to refuse: an invalid CSV body is refused at
 * its first bad line, a deeply nested JSON field is a 400 (not a stack overflow), and an oversized
 * header block is a 431.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseFeatureCsv, parseFeatureLibsvm } from '../../shared/pipeline/serving/request-validation';
import { Endpoint } from '../../shared/pipeline/serving/server';
import {
  TrainedVersion,
  drawPatients,
  patientRequest,
  refusal,
  serveVersion,
  trainVersion,
} from '../serving/fixture-bundle';

let trained: TrainedVersion;
let endpoint: Endpoint;

before(async () => {
  trained = await trainVersion('cost', { eta: 0.3, max_depth: 2 }, 3, 0.1);
  endpoint = await serveVersion(trained);
});

after(async () => {
  await endpoint.close();
});

/** JSON text of a value nested `depth` arrays deep (written out: JSON.stringify itself overflows). */
function nested(depth: number): string {
  return '['.repeat(depth) + '"Male"' + ']'.repeat(depth);
}

/** A JSON object whose listed fields are raw JSON text. */
function withRawFields(record: Record<string, unknown>, raw: Record<string, string>): string {
  const fields = Object.entries(record)
    .filter(([key]) => !(key in raw))
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  for (const [key, text] of Object.entries(raw)) fields.push(`${JSON.stringify(key)}:${text}`);
  return `{${fields.join(',')}}`;
}

describe('an invalid CSV body is refused at its first bad line', () => {
  test('a bad first line followed by ~1 MiB of bad lines: 400 naming line 1 and no later line', () => {
    const names = trained.preprocessor.featureNames;
    const bad = names.map((_, i) => (i === 0 ? 'x' : '0.5')).join(',');
    const body = Array.from({ length: Math.ceil((1024 * 1024) / (bad.length + 1)) }, () => bad).join('\n');
    const error = refusal(() => parseFeatureCsv(body, names, 1_000_000));
    assert.equal(error.status, 400);
    assert.match(error.message, /^CSV line 1 column 1 \(feature '[^']+'\): "x" is not a number/);
    assert.doesNotMatch(error.message, /line [2-9]|line \d{2,}|more problem/, 'later lines were not examined');
  });

  test('a ragged first line and a body that is otherwise valid still names only line 1', () => {
    const names = trained.preprocessor.featureNames;
    const good = names.map(() => '0.5').join(',');
    const body = ['1,2', ...Array.from({ length: 5000 }, () => '1,2,3'), good].join('\n');
    const error = refusal(() => parseFeatureCsv(body, names, 1_000_000));
    assert.equal(error.message, `CSV line 1 has 2 value(s); the model expects ${names.length} features`);
  });

  test('the rows limit is still checked before any row is parsed (413 names the row count)', () => {
    const names = trained.preprocessor.featureNames;
    const error = refusal(() => parseFeatureCsv('x\n'.repeat(11), names, 10));
    assert.equal(error.status, 413);
    assert.match(error.message, /holds 11 rows; at most 10/);
  });
});

describe('an invalid libsvm body is refused at its first bad token', () => {
  test('a bad first line followed by ~1 MiB of bad lines: 400 naming line 1 and no later line', () => {
    const names = trained.preprocessor.featureNames;
    const bad = `0 0:0.5 ${names.length}:1`;
    const body = Array.from({ length: Math.ceil((1024 * 1024) / (bad.length + 1)) }, () => bad).join('\n');
    const error = refusal(() => parseFeatureLibsvm(body, names, 1_000_000));
    assert.equal(error.status, 400);
    assert.match(error.message, /^libsvm line 1 token 3 \("\d+:1"\): feature index \d+ is beyond the model's/);
    assert.doesNotMatch(error.message, /line [2-9]|line \d{2,}|more problem/, 'later lines were not examined');
  });

  test('a line of ~1 MiB repeating one index is refused at its second pair', () => {
    const names = trained.preprocessor.featureNames;
    const error = refusal(() => parseFeatureLibsvm('1' + ' 0:1'.repeat(250_000), names, 10));
    assert.equal(error.message, `libsvm line 1 token 3 ("0:1"): feature 0 ('${names[0]}') is listed twice on the line`);
  });
});

describe('deep nesting is a 400 over HTTP', () => {
  const post = async (body: string): Promise<{ status: number; json: { error: string; field?: string } }> => {
    const response = await fetch(`${endpoint.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, json: (await response.json()) as { error: string; field?: string } };
  };
  const valid = patientRequest(drawPatients(1, 5)[0]);

  test('top-level nesting depth 5,000 is refused with 400', async () => {
    const { status, json } = await post(nested(5000));
    assert.equal(status, 400, json.error);
  });

  test('a field nested 5,000 deep is refused with 400 naming the field', async () => {
    const { status, json } = await post(withRawFields(valid, { gender: nested(5000) }));
    assert.equal(status, 400, json.error);
    assert.equal(json.field, 'gender');
    assert.match(json.error, /record 0 field 'gender' is \[\[\[.*….*\]; expected a string/);
    assert.ok(json.error.length < 1000, `the message stays short (${json.error.length} characters)`);
  });

  test('an unknown field and a number field nested 5,000 deep are 400, and the server keeps serving', async () => {
    const { status, json } = await post(withRawFields(valid, { age: nested(5000), extra: `{"a":${nested(5000)}}` }));
    assert.equal(status, 400, json.error);
    assert.match(json.error, /unknown field 'extra'/);
    assert.match(json.error, /field 'age' is \[\[\[/);
    const ping = await fetch(`${endpoint.url}/ping`);
    assert.equal(ping.status, 200);
  });
});

describe('an oversized header block', () => {
  test('a 64 KB header is answered 431 and the server keeps serving', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(endpoint.port, endpoint.host);
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.write(`GET /ping HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    });
    assert.match(response, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const ping = await fetch(`${endpoint.url}/ping`);
    assert.equal(ping.status, 200);
  });
});
