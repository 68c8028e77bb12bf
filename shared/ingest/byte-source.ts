/** Byte sources in the shape the CSV reader consumes: an input file, or in-memory text or bytes. */
import * as fs from 'node:fs';

/**
 * A read stream of the CSV input file at `filePath`, after checking that it exists and is not a
 * directory, so the error names the path rather than being a bare ENOENT or EISDIR.
 */
export function openInputFile(filePath: string, notFoundHint = ''): fs.ReadStream {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new Error(`input file not found: ${filePath}${notFoundHint}`);
  }
  if (stat.isDirectory()) throw new Error(`input ${filePath} is a directory, expected a CSV file`);
  return fs.createReadStream(filePath);
}

/** In-memory text or bytes as a chunked byte source. */
export function* chunkedBytes(data: string | Uint8Array, chunkSize = 64 * 1024): Generator<Uint8Array, void, undefined> {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
}
