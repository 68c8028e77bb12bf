/**
 * Strict streaming UTF-8 decoding that can say on which line a bad byte sits. TextDecoder
 * (fatal) detects the problem; when it fires we locate the byte ourselves, since TextDecoder
 * does not report positions. A leading UTF-8 BOM is consumed by TextDecoder itself.
 *
 * Non-UTF-8 files (Latin-1, Windows-1252) are rejected as a whole rather than quarantined
 * row by row: a wrong encoding affects every non-ASCII value, so the fix is to re-encode.
 */
import { binaryDataError, CsvFormatError } from './csv-errors';

export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

  constructor(private readonly fileName: string) {}

  /**
   * Decodes the next chunk. `lineAtChunkStart` is the physical line of the chunk's first byte,
   * used only to word errors.
   */
  decode(bytes: Uint8Array, lineAtChunkStart: () => number): string {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      throw binaryDataError(this.fileName, lineAtChunkStart() + countLineFeeds(bytes, nul));
    }
    try {
      return this.decoder.decode(bytes, { stream: true });
    } catch {
      throw this.invalidUtf8(bytes, lineAtChunkStart());
    }
  }

  /** Flushes the decoder at end of input; a truncated multi-byte character is an error. */
  finish(lineAtEnd: () => number): string {
    try {
      return this.decoder.decode();
    } catch {
      return this.fail(lineAtEnd(), 'ends in the middle of a UTF-8 character (truncated file?)');
    }
  }

  private invalidUtf8(bytes: Uint8Array, firstLine: number): CsvFormatError {
    const offset = findInvalidUtf8(bytes);
    const at = offset === -1 ? 0 : offset;
    const shown = offset === -1 ? '' : ` 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')}`;
    return new CsvFormatError(
      this.fileName,
      firstLine + countLineFeeds(bytes, at),
      `invalid UTF-8 byte${shown}: the file must be UTF-8 encoded. It is probably Latin-1 or ` +
        'Windows-1252; re-encode it as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`)',
    );
  }

  private fail(line: number, detail: string): never {
    throw new CsvFormatError(this.fileName, line, detail);
  }
}

function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  let at = bytes.indexOf(10);
  while (at !== -1 && at < end) {
    count++;
    at = bytes.indexOf(10, at + 1);
  }
  return count;
}

/**
 * Offset of the first byte that cannot start or continue a valid UTF-8 sequence, or -1.
 * Up to three leading continuation bytes are skipped: they finish a character begun in the
 * previous chunk. A sequence cut off by the chunk's end is not an error here.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1;
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (c & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}
