/**
 * The ETL's input decoding decodes whole chunks in one shot when it can and streams only across
 * split characters. Oracle: WHATWG TextDecoder (fatal, BOM stripped) on the whole input at once,
 * for seeded random texts with multi-byte characters, a leading BOM, U+FEFF in the middle (which
 * must stay), and damaged bytes, cut into chunks of random sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvFormatError } from '../../shared/core/csv/csv-errors';
import { Utf8ChunkDecoder } from '../../shared/core/csv/utf8-decoder';
import { Random } from '../../shared/core/util/random';

const PIECES = ['a', 'b,', '1.5', '\n', '\r\n', 'é', 'ß', '日本', '€', '😀', '\uFEFF', '"q"', ' '];

function decodeInChunks(bytes: Uint8Array, random: Random, maxChunk: number): string {
  const decoder = new Utf8ChunkDecoder('d.csv');
  let text = '';
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + random.int(maxChunk);
    text += decoder.decode(bytes.subarray(at, at + size), () => 1);
    at += size;
  }
  return text + decoder.finish(() => 1);
}

function oracle(bytes: Uint8Array): string | Error {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return error as Error;
  }
}

test('chunked decoding equals a one-shot TextDecoder, 3,000 random inputs (seed 5)', () => {
  const random = new Random(5);
  let invalid = 0;
  for (let n = 0; n < 3000; n++) {
    let text = random.next() < 0.3 ? '\uFEFF' : '';
    const length = 1 + random.int(60);
    for (let k = 0; k < length; k++) text += PIECES[random.int(PIECES.length)];
    let bytes: Uint8Array = Buffer.from(text, 'utf8');
    if (random.next() < 0.2) {
      // Damage: an invalid byte, a stray continuation byte, or a truncated character at the end.
      const damage = [0xff, 0x80, 0xc0, 0xe2];
      const at = random.int(bytes.length + 1);
      bytes = Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from([damage[random.int(damage.length)]]),
        bytes.subarray(at),
      ]);
    }
    const expected = oracle(bytes);
    for (const maxChunk of [1, 4, 16, bytes.length]) {
      if (expected instanceof Error) {
        assert.throws(
          () => decodeInChunks(bytes, random, maxChunk),
          (error: unknown) => error instanceof CsvFormatError && /UTF-8/.test(error.message),
        );
      } else {
        assert.equal(decodeInChunks(bytes, random, maxChunk), expected, `input ${n}, chunks up to ${maxChunk} bytes`);
      }
    }
    if (expected instanceof Error) invalid++;
  }
  assert.ok(invalid > 100, `the corpus holds damaged inputs (${invalid})`);
});

test('a character left unfinished is an error even when the next chunk is valid on its own', () => {
  // 0xE2 0x82 0xAC is '€'; with ASCII wedged between its bytes the input is invalid.
  const chunks = [Buffer.from('ab\xe2', 'latin1'), Buffer.from('cd'), Buffer.from([0x82, 0xac, 0x0a])];
  assert.ok(oracle(Buffer.concat(chunks)) instanceof Error);
  const decoder = new Utf8ChunkDecoder('d.csv');
  assert.throws(() => {
    for (const chunk of chunks) decoder.decode(chunk, () => 1);
    decoder.finish(() => 1);
  }, /line 1: invalid UTF-8/);
});
