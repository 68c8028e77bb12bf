/**
 * Strict streaming UTF-8 decoding that can say on which line a bad byte sits. TextDecoder
 * (fatal) detects the problem; when it fires we locate the byte ourselves, since TextDecoder
 * does not report positions. A leading UTF-8 BOM is dropped.
 *
 * A file that starts with a UTF-16 BOM (FF FE little-endian, FE FF big-endian; what Excel's
 * "Unicode text" and PowerShell write) is decoded as UTF-16 instead; its BOM is dropped too.
 *
 * Non-UTF-8 files (Latin-1, Windows-1252) are rejected as a whole rather than quarantined
 * row by row: a wrong encoding affects every non-ASCII value, so the fix is to re-encode.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { binaryDataError, CsvFormatError } from './csv-errors';
import { countNewlines } from './csv-parser';

type Decoder = InstanceType<typeof TextDecoder>;

export class Utf8ChunkDecoder {
  // Node's streaming decode is about 3x slower than a one-shot decode, so a chunk that is valid
  // UTF-8 on its own (the usual case) is decoded in one shot, and an ASCII one (the commonest) as Latin-1; the streaming decoder takes only
  // chunks that are invalid or split a character, and whatever follows those. The BOM is
  // stripped here, once for both paths.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** The streaming decoder may hold the start of a split character. */
  private pending = false;
  private bomChecked = false;
  /** Set from the first chunk: a UTF-16 decoder when the file starts with a UTF-16 BOM. */
  private utf16: Decoder | undefined;
  private encodingSniffed = false;

  constructor(private readonly fileName: string) {}

  /**
   * Decodes the next chunk. `lineAtChunkStart` is the physical line of the chunk's first byte,
   * used only to word errors.
   */
  decode(bytes: Uint8Array, lineAtChunkStart: () => number): string {
    if (!this.encodingSniffed && bytes.length >= 2) {
      this.encodingSniffed = true;
      this.utf16 = utf16DecoderFor(bytes);
    }
    if (this.utf16 !== undefined) return this.decodeUtf16(this.utf16, bytes, lineAtChunkStart);
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      throw binaryDataError(this.fileName, lineAtChunkStart() + countLineFeeds(bytes, nul));
    }
    let text: string;
    if (!this.pending && isAscii(bytes)) {
      // ASCII reads the same as UTF-8 and as Latin-1; Node decodes Latin-1 some 15 times faster.
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    } else if (!this.pending && isUtf8(bytes)) {
      text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    } else {
      try {
        text = this.decoder.decode(bytes, { stream: true });
      } catch {
        throw this.invalidUtf8(bytes, lineAtChunkStart());
      }
      this.pending = !endsOnCharacterBoundary(bytes);
    }
    return this.withoutBom(text);
  }

  /** Flushes the decoder at end of input; a truncated multi-byte character is an error. */
  finish(lineAtEnd: () => number): string {
    if (this.utf16 !== undefined) {
      try {
        return this.withoutBom(this.utf16.decode());
      } catch {
        return this.fail(lineAtEnd(), 'ends in the middle of a UTF-16 character (truncated file?)');
      }
    }
    try {
      return this.withoutBom(this.decoder.decode());
    } catch {
      return this.fail(lineAtEnd(), 'ends in the middle of a UTF-8 character (truncated file?)');
    }
  }

  private decodeUtf16(decoder: Decoder, bytes: Uint8Array, lineAtChunkStart: () => number): string {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      return this.fail(lineAtChunkStart(), 'invalid UTF-16 (an unpaired surrogate): re-save the file as UTF-8');
    }
    const nul = text.indexOf('\u0000');
    if (nul !== -1) throw binaryDataError(this.fileName, lineAtChunkStart() + countNewlines(text, 0, nul));
    return this.withoutBom(text);
  }

  /** Drops U+FEFF when it is the first character of the whole stream. */
  private withoutBom(text: string): string {
    if (this.bomChecked || text.length === 0) return text;
    this.bomChecked = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

function utf16DecoderFor(firstBytes: Uint8Array): Decoder | undefined {
  if (firstBytes[0] === 0xff && firstBytes[1] === 0xfe)
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
  if (firstBytes[0] === 0xfe && firstBytes[1] === 0xff)
    return new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });
  return undefined;
}

/**
 * Whether the chunk's last character is complete within the chunk; false also when that cannot
 * be told from the chunk alone (it ends in continuation bytes of a character begun earlier).
 */
function endsOnCharacterBoundary(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n === 0) return false;
  if (bytes[n - 1] < 0x80) return true;
  for (let i = n - 1; i >= Math.max(0, n - 4); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + length === n;
  }
  return false;
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
