/**
 * POSIX ustar archives of regular files, plain and gzip-compressed: what SageMaker's
 * `model.tar.gz` is. Written archives are byte-for-byte deterministic (fixed mtime, owner and
 * mode; Node's gzip writes a zero timestamp), so the same model gives the same artifact.
 *
 * Reading accepts what common writers (python tarfile, GNU tar) produce for plain files:
 * regular files (type '0' or NUL), long names split into the ustar `prefix` field, directory
 * entries (skipped: they carry no bytes) and any amount of zero padding after the end marker.
 * Links, devices, pax and GNU long-name headers are refused with an error naming the entry.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  body: Uint8Array;
}

const BLOCK = 512;
const NAME_LENGTH = 100;
const MAX_OCTAL_SIZE = 8 ** 11 - 1;
/** 2020-01-01T00:00:00Z: a fixed timestamp so archives do not change from run to run. */
export const TAR_MTIME = 1577836800;

interface Field {
  offset: number;
  length: number;
}

const NAME: Field = { offset: 0, length: 100 };
const MODE: Field = { offset: 100, length: 8 };
const UID: Field = { offset: 108, length: 8 };
const GID: Field = { offset: 116, length: 8 };
const SIZE: Field = { offset: 124, length: 12 };
const MTIME: Field = { offset: 136, length: 12 };
const CHECKSUM: Field = { offset: 148, length: 8 };
const TYPEFLAG_OFFSET = 156;
const MAGIC: Field = { offset: 257, length: 6 };
const VERSION: Field = { offset: 263, length: 2 };
const UNAME: Field = { offset: 265, length: 32 };
const GNAME: Field = { offset: 297, length: 32 };
const PREFIX: Field = { offset: 345, length: 155 };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function writeText(header: Uint8Array, field: Field, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > field.length) throw new Error(`tar header field too long: ${JSON.stringify(text)}`);
  header.set(bytes, field.offset);
}

/** Octal digits zero-padded to fill the field except its final NUL. */
function writeOctal(header: Uint8Array, field: Field, value: number): void {
  writeText(header, field, value.toString(8).padStart(field.length - 1, '0'));
}

function checksumOf(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    const inChecksumField = i >= CHECKSUM.offset && i < CHECKSUM.offset + CHECKSUM.length;
    sum += inChecksumField ? 0x20 : header[i];
  }
  return sum;
}

function checkEntryName(name: unknown, index: number, seen: Set<string>): Uint8Array {
  if (typeof name !== 'string' || name.length === 0) {
    throw new Error(`tar entry ${index}: name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  const bytes = encoder.encode(name);
  if (bytes.length > NAME_LENGTH) {
    throw new Error(
      `tar entry ${index} (${JSON.stringify(name)}): name is ${bytes.length} bytes, at most ${NAME_LENGTH} are supported`,
    );
  }
  if (name.includes('\0') || name.startsWith('/') || name.endsWith('/') || name.split('/').includes('..')) {
    throw new Error(
      `tar entry ${index} (${JSON.stringify(name)}): expected a relative file path without NUL, '..' or a trailing '/'`,
    );
  }
  if (seen.has(name)) throw new Error(`tar entry ${index}: duplicate name ${JSON.stringify(name)}`);
  seen.add(name);
  return bytes;
}

function fileHeader(name: string, size: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  writeText(header, NAME, name);
  writeOctal(header, MODE, 0o644);
  writeOctal(header, UID, 0);
  writeOctal(header, GID, 0);
  writeOctal(header, SIZE, size);
  writeOctal(header, MTIME, TAR_MTIME);
  header[TYPEFLAG_OFFSET] = 0x30; // '0': regular file
  writeText(header, MAGIC, 'ustar\0');
  writeText(header, VERSION, '00');
  writeText(header, UNAME, 'root');
  writeText(header, GNAME, 'root');
  // Checksum convention: six octal digits, NUL, space.
  writeText(header, CHECKSUM, `${checksumOf(header).toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** An uncompressed ustar archive holding `files` in the given order. */
export function createTar(files: readonly TarEntry[]): Uint8Array {
  const seen = new Set<string>();
  let total = 2 * BLOCK;
  files.forEach((file, index) => {
    checkEntryName(file.name, index, seen);
    if (!(file.body instanceof Uint8Array))
      throw new Error(`tar entry ${index} (${file.name}): body must be a Uint8Array`);
    if (file.body.length > MAX_OCTAL_SIZE)
      throw new Error(`tar entry ${index} (${file.name}): ${file.body.length} bytes exceeds the ustar limit of 8 GiB`);
    total += BLOCK + Math.ceil(file.body.length / BLOCK) * BLOCK;
  });
  const out = new Uint8Array(total);
  let offset = 0;
  for (const file of files) {
    out.set(fileHeader(file.name, file.body.length), offset);
    offset += BLOCK;
    out.set(file.body, offset);
    offset += Math.ceil(file.body.length / BLOCK) * BLOCK;
  }
  return out;
}

/** A gzip-compressed ustar archive (`.tar.gz`) holding `files`. */
export function createTarGz(files: readonly TarEntry[]): Uint8Array {
  return new Uint8Array(gzipSync(createTar(files), { level: 9 }));
}

function readText(header: Uint8Array, field: Field, where: string): string {
  const raw = header.subarray(field.offset, field.offset + field.length);
  const end = raw.indexOf(0);
  try {
    return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
  } catch {
    throw new Error(`${where}: header field at byte ${field.offset} is not valid UTF-8`);
  }
}

function readOctal(header: Uint8Array, field: Field, what: string, where: string): number {
  if ((header[field.offset] & 0x80) !== 0)
    throw new Error(`${where}: ${what} uses base-256 encoding, which is not supported`);
  const text = readText(header, field, where)
    .replace(/[ \0]+$/, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) throw new Error(`${where}: ${what} must be octal digits, got ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

function isZeroBlock(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + BLOCK; i++) if (bytes[i] !== 0) return false;
  return true;
}

function describeType(flag: number): string {
  const names: Record<string, string> = {
    '1': 'hard link',
    '2': 'symbolic link',
    '3': 'character device',
    '4': 'block device',
    '6': 'FIFO',
    '7': 'contiguous file',
    g: 'pax global header',
    x: 'pax extended header',
    L: 'GNU long name',
    K: 'GNU long link name',
  };
  const char = String.fromCharCode(flag);
  return names[char] ?? `type ${JSON.stringify(char)}`;
}

/** The regular files of an uncompressed tar archive, in archive order. */
export function readTar(bytes: Uint8Array): TarEntry[] {
  if (bytes.length % BLOCK !== 0)
    throw new Error(`tar archive: length ${bytes.length} is not a multiple of ${BLOCK} bytes`);
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (isZeroBlock(bytes, offset)) return entries;
    const header = bytes.subarray(offset, offset + BLOCK);
    const where = `tar archive, header at byte ${offset}`;
    const stored = readOctal(header, CHECKSUM, 'checksum', where);
    const computed = checksumOf(header);
    if (stored !== computed)
      throw new Error(
        `${where}: checksum ${stored} does not match the header's ${computed} (corrupt or not a tar archive)`,
      );
    const prefix = readText(header, MAGIC, where) === 'ustar' ? readText(header, PREFIX, where) : '';
    const baseName = readText(header, NAME, where);
    const name = prefix === '' ? baseName : `${prefix}/${baseName}`;
    const size = readOctal(header, SIZE, 'size', `${where} (${name})`);
    const flag = header[TYPEFLAG_OFFSET];
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > bytes.length)
      throw new Error(`${where} (${name}): entry of ${size} bytes runs past the end of the archive`);
    if (flag === 0x30 || flag === 0) {
      entries.push({ name, body: bytes.slice(dataStart, dataEnd) });
    } else if (flag !== 0x35) {
      throw new Error(
        `${where}: entry ${JSON.stringify(name)} is a ${describeType(flag)}; only regular files and directories are supported`,
      );
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  // Archives must end with zero blocks; one that stops on an entry boundary was cut short.
  throw new Error(`tar archive: no end-of-archive marker after ${entries.length} entries (truncated?)`);
}

/** The regular files of a `.tar.gz` archive. */
export function readTarGz(bytes: Uint8Array): TarEntry[] {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new Error('tar.gz archive: missing the gzip signature 1f 8b (not gzip-compressed)');
  }
  let tar: Uint8Array;
  try {
    tar = new Uint8Array(gunzipSync(bytes));
  } catch (error) {
    throw new Error(`tar.gz archive: gzip data is corrupt: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return readTar(tar);
}
