/**
 * Object metadata that S3 headers cannot carry as-is: a non-ASCII file name, a non-ASCII unknown
 * column, thousands of dropped columns. Against a real s3rver (own port and folder): the upload
 * succeeds, reading back gives the original text, and the user metadata the server stored
 * (read from its own files, an oracle independent of our decoder) is ASCII and at most 2 KB.
 * The memory and file stores give back exactly what the S3 store does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../shared/pipeline/config';
import { ingestRawFile } from '../../shared/pipeline/ingest/raw-ingest';
import { createS3Client } from '../../shared/core/s3/client';
import { ensureLocalS3, stopLocalS3 } from '../../shared/core/s3/local-server';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import type { ObjectStore } from '../../shared/core/storage/object-store';
import { S3ObjectStore } from '../../shared/core/storage/s3-store';
import { ORIGINAL_HEADER } from '../raw-headers';

const ROW = '9046,Male,67,0,1,Yes,Private,Urban,228.69,36.6,formerly smoked,1';

const config = loadConfig({ STROKE_S3_PORT: String(45000 + (process.pid % 1000)) });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'object-metadata-s3-'));
const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'object-metadata-input-'));
const fsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'object-metadata-fs-'));
let s3: S3ObjectStore;

before(async () => {
  await ensureLocalS3(config, dataDir);
  s3 = new S3ObjectStore(createS3Client(config), config.buckets.raw, 'metadata', false, config.s3Endpoint);
});

after(async () => {
  await stopLocalS3(config, dataDir);
  for (const dir of [dataDir, inputDir, fsRoot]) fs.rmSync(dir, { recursive: true, force: true });
});

function writeInput(name: string, extraColumns: string[]): string {
  const file = path.join(inputDir, name);
  const extras = (values: string[]) => values.map((v) => `,${v}`).join('');
  fs.writeFileSync(
    file,
    `${ORIGINAL_HEADER}${extras(extraColumns)}\n${ROW}${extras(extraColumns.map((_, i) => String(i)))}\n`,
  );
  return file;
}

/** The x-amz-meta-* headers s3rver stored for `key`, read from its metadata file (not through our client). */
function storedUserMetadata(key: string): Record<string, string> {
  const file = path.join(dataDir, config.buckets.raw, 'metadata', `${key}._S3rver_metadata.json`);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(stored).filter(([name]) => name.startsWith('x-amz-meta-')));
}

/** S3's measure: the UTF-8 bytes of every user metadata key (without `x-amz-meta-`) and value. */
function metadataBytes(headers: Record<string, string>): number {
  return Object.entries(headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(value),
    0,
  );
}

function assertStoredWithinS3Limits(key: string): void {
  const stored = storedUserMetadata(key);
  assert.ok(Object.keys(stored).length > 0, 'metadata was stored');
  for (const value of Object.values(stored)) assert.match(value, /^[\x20-\x7e]*$/, 'stored values are printable ASCII');
  assert.ok(metadataBytes(stored) <= 2048, `user metadata is ${metadataBytes(stored)} bytes, S3 allows 2048`);
}

describe('object metadata against a real S3 server', () => {
  test('a non-ASCII file name uploads and reads back unchanged', async () => {
    const name = 'données_患者.csv';
    const result = await ingestRawFile(s3, writeInput(name, []));
    const object = await s3.get(result.key);
    assert.equal(object.metadata['source-file'], name);
    assertStoredWithinS3Limits(result.key);
    const again = await ingestRawFile(s3, writeInput(name, []));
    assert.equal(again.alreadyIngested, true, 're-ingest still recognises the object by its metadata');
  });

  test('a non-ASCII unknown column is dropped and named in the metadata as written', async () => {
    const result = await ingestRawFile(s3, writeInput('remarks.csv', ['備考', 'note é']));
    const object = await s3.get(result.key);
    assert.deepEqual(object.metadata['pii-columns-dropped'].split('|'), ['備考', 'note é']);
    assertStoredWithinS3Limits(result.key);
  });

  test('3,000 extra columns: the upload succeeds, the list is cut with a count, the metadata stays within 2 KB', async () => {
    const extras = Array.from({ length: 3000 }, (_, i) => `extra_column_${String(i).padStart(4, '0')}`);
    const result = await ingestRawFile(s3, writeInput('wide.csv', extras));
    assert.deepEqual(result.droppedColumns, extras, 'the ingest result itself keeps the full list');
    const object = await s3.get(result.key);
    assert.equal(object.metadata['source-file'], 'wide.csv');
    assert.equal(object.metadata['row-count'], '1');
    const listed = object.metadata['pii-columns-dropped'];
    const cut = /^(.*)\|\.\.\. \(\+(\d+) more\)$/.exec(listed);
    assert.ok(cut, `a truncated list ends with its count: ${listed.slice(-60)}`);
    const kept = cut[1].split('|');
    assert.ok(kept.length > 10, `${kept.length} names kept`);
    assert.deepEqual(kept, extras.slice(0, kept.length), 'the kept names are the first ones, whole and in order');
    assert.equal(kept.length + Number(cut[2]), extras.length, 'kept + counted = dropped');
    assertStoredWithinS3Limits(result.key);
  });
});

describe('every store gives back the metadata it was given', () => {
  const odd: Record<string, string> = {
    'source-file': 'données_患者.csv',
    plain: 'ascii only',
    'looks-encoded': '=?UTF-8?B?SGVsbG8=?=',
    padded: '  leading and trailing  ',
    'line-break': 'one\ntwo\ttab',
    emoji: '🩺'.repeat(40),
    empty: '',
  };
  const memory = new MemoryObjectStore();
  const files = new FsObjectStore(fsRoot);
  const stores: Array<[string, () => ObjectStore]> = [
    ['S3 (s3rver)', () => s3],
    ['memory', () => memory],
    ['file system', () => files],
  ];
  for (const [name, store] of stores) {
    test(`${name}: non-ASCII, control characters, encoded-word look-alikes and padding round-trip`, async () => {
      await store().put('odd/object.txt', 'x', { metadata: odd });
      assert.deepEqual((await store().get('odd/object.txt')).metadata, odd);
    });
  }

  test('every store cuts oversized metadata the same way', async () => {
    const big = {
      'pii-columns-dropped': Array.from({ length: 800 }, (_, i) => `c${i}`).join('|'),
      note: 'é'.repeat(3000),
    };
    const results = [];
    for (const [, store] of stores) {
      await store().put('odd/big.txt', 'x', { metadata: big });
      results.push((await store().get('odd/big.txt')).metadata);
    }
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
    assert.match(results[0].note, /^é+\.\.\. \(\+\d+ more characters\)$/);
  });
});
