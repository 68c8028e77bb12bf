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
export function* chunkedBytes(
  data: string | Uint8Array,
  chunkSize = 64 * 1024,
): Generator<Uint8Array, void, undefined> {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
}

/** Seconds an input may deliver nothing before reading it fails (a stalled pipe, FIFO or network mount). */
export const INPUT_STALL_SECONDS = 60;

export class InputStalledError extends Error {
  constructor(
    readonly what: string,
    readonly seconds: number,
    readonly bytesRead: number,
  ) {
    super(
      `${what}: no data for ${seconds} s after ${bytesRead} byte(s); the input stalled (a pipe or FIFO whose writer stopped?)`,
    );
    this.name = 'InputStalledError';
  }
}

/** `source` that fails with InputStalledError when the next chunk takes longer than `seconds`; it then closes the source. */
export async function* withReadTimeout<T extends Uint8Array | string>(
  source: AsyncIterable<T>,
  what: string,
  seconds = INPUT_STALL_SECONDS,
): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let bytesRead = 0;
  let finished = false;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<'stalled'>(
        (resolve) => (timer = setTimeout(() => resolve('stalled'), seconds * 1000)),
      );
      const next = await Promise.race([iterator.next(), stalled]).finally(() => clearTimeout(timer));
      if (next === 'stalled') throw new InputStalledError(what, seconds, bytesRead);
      if (next.done) {
        finished = true;
        return;
      }
      bytesRead += next.value.length;
      yield next.value;
    }
  } finally {
    // Close the source (a read stream is destroyed); a read still pending is not awaited.
    if (!finished) void iterator.return?.()?.catch(() => undefined);
  }
}
