/**
 * The metadata encoder every store uses: RFC 2047 encoded-words for what a header cannot carry,
 * decoding of the forms a server may return, and the 2 KB cut. Oracles: Node's Buffer base64 and
 * UTF-8 codecs, and S3's byte count of keys plus values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMetadata,
  decodeValue,
  encodeMetadata,
  encodeValue,
  MAX_METADATA_BYTES,
  MetadataError,
} from '../../shared/core/storage/object-metadata';

const bytes = (metadata: Record<string, string>): number =>
  Object.entries(metadata).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);

test('plain printable ASCII is stored as it is', () => {
  const metadata = { sha256: 'ab'.repeat(32), 'row-count': '5110', note: 'a b|c:d/e' };
  assert.deepEqual(encodeMetadata(metadata), metadata);
});

test('encoded-words are at most 75 characters and each holds whole UTF-8 characters', () => {
  const text = 'données_患者_🩺'.repeat(20);
  const words = encodeValue(text).split(' ');
  assert.ok(words.length > 1);
  for (const word of words) {
    const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(word);
    assert.ok(match, word);
    assert.ok(word.length <= 75, `${word.length} characters`);
    const decoded = Buffer.from(match[1], 'base64');
    assert.equal(
      Buffer.from(decoded.toString('utf8'), 'utf8').compare(decoded),
      0,
      'the word decodes to valid UTF-8 on its own',
    );
  }
  assert.equal(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join(''), text);
  assert.equal(decodeValue(encodeValue(text)), text);
});

test('decoding accepts what other servers and clients send: Q encoding, Latin-1, other casing, text around words', () => {
  assert.equal(decodeValue('=?utf-8?q?donn=C3=A9es_du_patient?='), 'données du patient');
  assert.equal(decodeValue('=?ISO-8859-1?Q?caf=E9?= au lait'), 'café au lait');
  assert.equal(
    decodeValue(
      `=?UTF-8?b?${Buffer.from('患').toString('base64')}?=  =?UTF-8?B?${Buffer.from('者').toString('base64')}?=`,
    ),
    '患者',
  );
  assert.equal(decodeValue(`file: =?UTF-8?B?${Buffer.from('é').toString('base64')}?=.csv`), 'file: é.csv');
  assert.equal(decodeValue('=?KOI8-R?B?5MHO?='), '=?KOI8-R?B?5MHO?=', 'an unknown charset is left as stored');
  assert.equal(decodeValue('a=?b'), 'a=?b');
});

test('a value that only looks encoded survives the round trip', () => {
  for (const value of ['=?UTF-8?B?SGVsbG8=?=', 'x =?utf-8?q?y?= z', '=?']) {
    assert.deepEqual(decodeMetadata(encodeMetadata({ value })), { value });
  }
});

test('oversized metadata: small values kept whole, large ones share the rest, total within 2 KB', () => {
  const list = Array.from({ length: 500 }, (_, i) => `column_${i}`);
  const metadata = { sha256: 'f'.repeat(64), 'pii-columns-dropped': list.join('|'), comment: '注'.repeat(1000) };
  const encoded = encodeMetadata(metadata);
  assert.ok(bytes(encoded) <= MAX_METADATA_BYTES, `${bytes(encoded)} bytes`);
  assert.ok(bytes(encoded) > MAX_METADATA_BYTES - 200, `the room is used: ${bytes(encoded)} bytes`);
  const decoded = decodeMetadata(encoded);
  assert.equal(decoded.sha256, metadata.sha256);
  const items = decoded['pii-columns-dropped'].split('|');
  const more = /^\.\.\. \(\+(\d+) more\)$/.exec(items[items.length - 1]);
  assert.ok(more, items[items.length - 1]);
  assert.deepEqual(items.slice(0, -1), list.slice(0, items.length - 1));
  assert.equal(items.length - 1 + Number(more[1]), list.length);
  const comment = /^(注+)\.\.\. \(\+(\d+) more characters\)$/.exec(decoded.comment);
  assert.ok(comment, decoded.comment.slice(-40));
  assert.equal(comment[1].length + Number(comment[2]), 1000);
});

test('a bad key, or keys that leave no room, are refused with a MetadataError', () => {
  assert.throws(
    () => encodeMetadata({ 'Source-File': 'x' }),
    (error: unknown) => error instanceof MetadataError && /"Source-File"/.test(error.message),
  );
  assert.throws(() => encodeMetadata({ clé: 'x' }), MetadataError);
  const crowded = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`key-number-${i}`, 'v'.repeat(20)]));
  assert.throws(
    () => encodeMetadata(crowded),
    (error: unknown) => error instanceof MetadataError && /2048-byte limit/.test(error.message),
  );
});
