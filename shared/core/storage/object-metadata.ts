/**
 * User metadata as S3 can carry it. Every ObjectStore passes metadata through `encodeMetadata`
 * on put and `decodeMetadata` on get, so all stores behave alike and callers see their own text.
 *
 * - Values travel as HTTP headers (`x-amz-meta-*`), which must be printable ASCII. A value that
 *   is not (non-ASCII, control characters, leading or trailing whitespace, or text that itself
 *   looks like an encoded-word) is sent as RFC 2047 encoded-words, `=?UTF-8?B?<base64>?=`, which
 *   is the form S3 documents for non-ASCII metadata; decoding turns them back into the text.
 * - S3 allows 2 KB of user metadata (the UTF-8 bytes of every key and value). When the encoded
 *   metadata is larger, the largest values are cut to share the room: a `|`-separated list keeps
 *   whole leading items and ends with `|... (+N more)`, other text ends with
 *   `... (+N more characters)`. Callers needing the full text must store it in the object itself.
 */

/** S3's limit on user metadata, in bytes of keys plus values. */
export const MAX_METADATA_BYTES = 2048;

/** Separator of list values (e.g. column names); a cut list keeps whole items. */
export const METADATA_LIST_SEPARATOR = '|';

/** Bytes of one encoded-word's UTF-8 payload: 60 base64 characters, a 72-character word (RFC 2047 allows 75). */
const WORD_PAYLOAD_BYTES = 45;

const KEY = /^[a-z0-9][a-z0-9._-]*$/;
const SAFE_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

function needsEncoding(value: string): boolean {
  return !SAFE_VALUE.test(value) || value.includes('=?');
}

/** `value` as S3 can store it: itself when it is plain printable ASCII, else UTF-8 encoded-words separated by spaces. */
export function encodeValue(value: string): string {
  if (!needsEncoding(value)) return value;
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    words.push(`=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const character of value) {
    // A word holds whole characters (RFC 2047 section 5), so no UTF-8 sequence is split.
    const bytes = Buffer.from(character, 'utf8');
    if (size + bytes.length > WORD_PAYLOAD_BYTES) flush();
    chunk.push(bytes);
    size += bytes.length;
  }
  flush();
  return words.join(' ');
}

function decodeWord(charset: string, encoding: string, text: string): string | undefined {
  const name = charset.toLowerCase().replace(/\*.*$/, ''); // RFC 2231 language suffix
  const bufferEncoding =
    name === 'utf-8' || name === 'utf8' || name === 'us-ascii' ? 'utf8' : name === 'iso-8859-1' ? 'latin1' : undefined;
  if (bufferEncoding === undefined) return undefined;
  const bytes =
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        );
  return bytes.toString(bufferEncoding);
}

/**
 * The text of a stored value: encoded-words (B or Q; UTF-8, US-ASCII or ISO-8859-1) are decoded
 * and the whitespace between adjacent words dropped; anything else is returned as stored.
 */
export function decodeValue(stored: string): string {
  if (!stored.includes('=?')) return stored;
  // Each word's bytes are decoded on their own: this encoder never splits a character, and a
  // server re-encoding the value (AWS does, for non-ASCII) does not either.
  let decoded = '';
  let last = 0;
  let previousWasWord = false;
  for (const match of stored.matchAll(ENCODED_WORD)) {
    const index = match.index ?? 0;
    const between = stored.slice(last, index);
    const word = decodeWord(match[1], match[2], match[3]);
    if (word === undefined) {
      decoded += between + match[0];
      previousWasWord = false;
    } else {
      decoded += previousWasWord && /^\s*$/.test(between) ? word : between + word;
      previousWasWord = true;
    }
    last = index + match[0].length;
  }
  return decoded + stored.slice(last);
}

const entryBytes = (key: string, encoded: string): number => Buffer.byteLength(key) + Buffer.byteLength(encoded);

/** The longest cut of `value` whose encoded entry fits `room` bytes, or undefined when not even the marker fits. */
function cutToFit(key: string, value: string, room: number): string | undefined {
  const items = value.includes(METADATA_LIST_SEPARATOR) ? value.split(METADATA_LIST_SEPARATOR) : undefined;
  const units = items ?? Array.from(value);
  const cut = (kept: number): string =>
    items !== undefined
      ? [...items.slice(0, kept), `... (+${items.length - kept} more)`].join(METADATA_LIST_SEPARATOR)
      : `${units.slice(0, kept).join('')}... (+${units.length - kept} more characters)`;
  const fits = (kept: number): boolean => entryBytes(key, encodeValue(cut(kept))) <= room;
  if (!fits(0)) return undefined;
  let low = 0; // fits
  let high = units.length - 1; // a cut keeps fewer units than the value has
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return cut(low);
}

/**
 * Metadata ready for any store: keys checked (lower-case ASCII tokens), values encoded, and the
 * whole cut to at most MAX_METADATA_BYTES as described above. Throws MetadataError for a bad key
 * or when the keys alone leave no room.
 */
export function encodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const entries = Object.entries(metadata ?? {});
  for (const [key] of entries) {
    if (!KEY.test(key)) {
      throw new MetadataError(
        `invalid metadata key ${JSON.stringify(key)}: expected lower-case ASCII letters, digits, '.', '_' or '-'`,
      );
    }
  }
  const encoded = entries.map(([key, value]) => ({ key, value, stored: encodeValue(value) }));
  const total = encoded.reduce((sum, e) => sum + entryBytes(e.key, e.stored), 0);
  if (total > MAX_METADATA_BYTES) {
    // Smallest first: each entry may take an equal share of what is left; larger ones are cut to it.
    const bySize = [...encoded].sort((a, b) => entryBytes(a.key, a.stored) - entryBytes(b.key, b.stored));
    let room = MAX_METADATA_BYTES;
    bySize.forEach((entry, index) => {
      const share = Math.floor(room / (bySize.length - index));
      if (entryBytes(entry.key, entry.stored) > share) {
        const cut = cutToFit(entry.key, entry.value, share);
        if (cut === undefined) {
          throw new MetadataError(
            `metadata does not fit S3's ${MAX_METADATA_BYTES}-byte limit even when cut: ${entries.length} keys ` +
              `(${entries.map(([key]) => key).join(', ')})`,
          );
        }
        entry.stored = encodeValue(cut);
      }
      room -= entryBytes(entry.key, entry.stored);
    });
  }
  return Object.fromEntries(encoded.map((e) => [e.key, e.stored]));
}

/** The callers' text of metadata as a store holds it (see decodeValue). */
export function decodeMetadata(stored: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(stored ?? {}).map(([key, value]) => [key, decodeValue(value)]));
}
