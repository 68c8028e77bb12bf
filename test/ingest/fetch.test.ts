/**
 * The dataset fetcher against a local HTTP server on 127.0.0.1 (never the internet). The served
 * file is a synthetic original-variant CSV; its facts are counted independently here with plain
 * string splitting (not the project's CSV reader), and the checksum with node:crypto.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticCsv } from '../../shared/pipeline/data/synthetic-csv';
import { RAW_HEADERS } from '../../shared/pipeline/schema';
import {
  ChecksumMismatchError,
  DatasetFacts,
  DatasetFactsError,
  fetchDataset,
  OfflineError,
  STROKE_DATASET_FACTS,
} from '../../shared/pipeline/ingest/fetch';

const CSV = syntheticCsv({ variant: 'original', rows: 5110, seed: 20240611 });
const BODY = Buffer.from(CSV, 'utf8');
const SHA256 = createHash('sha256').update(BODY).digest('hex');

/** Facts of the served file, counted without the project's CSV reader or ETL. */
function independentFacts(text: string): DatasetFacts {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => line.split(','));
  const column = (name: string) => header.indexOf(name);
  const gender: Record<string, number> = {};
  for (const row of rows) gender[row[column('gender')]] = (gender[row[column('gender')]] ?? 0) + 1;
  return {
    header,
    dataRows: rows.length,
    strokeCases: rows.filter((row) => row[column('stroke')] === '1').length,
    bmiMissing: rows.filter((row) => row[column('bmi')] === 'N/A').length,
    gender,
  };
}

const SERVED_FACTS = independentFacts(CSV);
let server: http.Server;
let baseUrl = '';
let tmp = '';

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-test-'));
  server = http.createServer((request, response) => {
    if (request.url === '/stroke.csv') {
      response.writeHead(200, { 'content-type': 'text/csv', 'content-length': BODY.length });
      response.end(BODY);
    } else if (request.url === '/huge-declared') {
      response.writeHead(200, { 'content-length': 50_000 });
      response.end(Buffer.alloc(50_000, 0x61));
    } else if (request.url === '/huge-chunked') {
      response.writeHead(200, { 'content-type': 'text/csv' });
      for (let i = 0; i < 50; i++) response.write(Buffer.alloc(1000, 0x61));
      response.end();
    } else if (request.url === '/silent') {
      // Never answers: the client's timeout must fire.
    } else {
      response.writeHead(404);
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A port on 127.0.0.1 that was just free: nothing listens there. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.includes('.download'));
}

describe('fetchDataset', () => {
  test('the served synthetic file differs from the real dataset facts (guards the failing case below)', () => {
    assert.deepEqual(SERVED_FACTS.header, [...RAW_HEADERS.original]);
    assert.equal(SERVED_FACTS.dataRows, 5110);
    assert.notEqual(SERVED_FACTS.strokeCases, STROKE_DATASET_FACTS.strokeCases);
  });

  test('facts that match: file saved byte for byte, sha256 reported', async () => {
    const outPath = path.join(tmp, 'ok', 'stroke.csv');
    const result = await fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath, facts: SERVED_FACTS });
    assert.equal(result.verifiedBy, 'facts');
    assert.equal(result.sha256, SHA256);
    assert.equal(result.bytes, BODY.length);
    assert.ok(fs.readFileSync(outPath).equals(BODY));
    assert.deepEqual(leftovers(path.dirname(outPath)), []);
  });

  test('facts that do not match (the real dataset facts): refused, naming what differs, nothing left', async () => {
    const outPath = path.join(tmp, 'facts-bad', 'stroke.csv');
    await assert.rejects(fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath }), (error: unknown) => {
      assert.ok(error instanceof DatasetFactsError);
      assert.match(error.message, new RegExp(`stroke=1 rows is ${SERVED_FACTS.strokeCases}, expected 249`));
      assert.match(error.message, new RegExp(`missing bmi is ${SERVED_FACTS.bmiMissing}, expected 201`));
      assert.match(error.message, new RegExp(`gender Female is ${SERVED_FACTS.gender.Female}, expected 2994`));
      return true;
    });
    assert.equal(fs.existsSync(outPath), false);
    assert.deepEqual(leftovers(path.dirname(outPath)), []);
  });

  test('a different header is named', async () => {
    const outPath = path.join(tmp, 'facts-header', 'stroke.csv');
    const facts = { ...SERVED_FACTS, header: RAW_HEADERS.pii };
    await assert.rejects(
      fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath, facts }),
      /header is \["id","gender",.*expected \["Admission Date"/,
    );
  });

  test('--sha256 that matches: accepted on the hash alone (facts not consulted)', async () => {
    const outPath = path.join(tmp, 'sha-ok', 'stroke.csv');
    const result = await fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath, sha256: SHA256.toUpperCase() });
    assert.equal(result.verifiedBy, 'sha256');
    assert.ok(fs.readFileSync(outPath).equals(BODY));
  });

  test('--sha256 that does not match: error naming both hashes, file removed', async () => {
    const outPath = path.join(tmp, 'sha-bad', 'stroke.csv');
    const wrong = 'ab'.repeat(32);
    await assert.rejects(fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath, sha256: wrong }), (error: unknown) => {
      assert.ok(error instanceof ChecksumMismatchError);
      assert.ok(error.message.includes(`expected sha256 ${wrong}, got ${SHA256}`), error.message);
      return true;
    });
    assert.equal(fs.existsSync(outPath), false);
    assert.deepEqual(leftovers(path.dirname(outPath)), []);
  });

  test('a malformed --sha256 is refused before downloading', async () => {
    await assert.rejects(
      fetchDataset({ url: `${baseUrl}/stroke.csv`, outPath: path.join(tmp, 'x.csv'), sha256: 'xyz' }),
      /sha256: expected 64 hexadecimal characters, got "xyz"/,
    );
  });

  test('bodies over the size cap are refused, declared or streamed', async () => {
    for (const route of ['huge-declared', 'huge-chunked']) {
      const outPath = path.join(tmp, route, 'stroke.csv');
      await assert.rejects(
        fetchDataset({ url: `${baseUrl}/${route}`, outPath, maxBytes: 10_000 }),
        /exceeds the 10000-byte cap/,
        route,
      );
      assert.equal(fs.existsSync(outPath), false);
      assert.deepEqual(leftovers(path.dirname(outPath)), []);
    }
  });

  test('HTTP errors are reported with their status', async () => {
    await assert.rejects(
      fetchDataset({ url: `${baseUrl}/missing.csv`, outPath: path.join(tmp, 'm', 'x.csv') }),
      /HTTP 404/,
    );
  });

  test('a closed port is reported as offline', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/stroke.csv`;
    await assert.rejects(fetchDataset({ url, outPath: path.join(tmp, 'closed', 'x.csv') }), (error: unknown) => {
      assert.ok(error instanceof OfflineError);
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });

  test('a server that never answers times out as offline', async () => {
    await assert.rejects(
      fetchDataset({ url: `${baseUrl}/silent`, outPath: path.join(tmp, 'silent', 'x.csv'), timeoutMs: 300 }),
      (error: unknown) => error instanceof OfflineError && /no answer within 300 ms/.test(error.message),
    );
  });
});

describe('scripts/fetch-data.ts', () => {
  test('offline: exit code 2, what failed and what to do instead', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/stroke.csv`;
    const out = path.join(tmp, 'cli', 'stroke.csv');
    const root = path.resolve(__dirname, '..', '..');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'fetch-data.ts'), '--url', url, '--out', out],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`offline: cannot download ${url.replace(/[.]/g, '\\.')}: ECONNREFUSED`));
    assert.match(run.stderr, /kaggle\.com\/datasets\/fedesoriano\/stroke-prediction-dataset/);
    assert.match(run.stderr, /npm run pipeline -- --input .*stroke\.csv/);
    assert.match(run.stderr, /synthetic samples/);
    assert.equal(fs.existsSync(out), false);
  });
});
