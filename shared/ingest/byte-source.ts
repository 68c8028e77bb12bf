/** In-memory text or bytes as a chunked byte source, the shape the CSV reader consumes. */
export function* chunkedBytes(data: string | Uint8Array, chunkSize = 64 * 1024): Generator<Uint8Array, void, undefined> {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
}
