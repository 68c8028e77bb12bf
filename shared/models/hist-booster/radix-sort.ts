/** Sorts float32 values (no NaN) ascending by an LSD radix sort of their bits: linear time, no comparator calls. */
export function sortFloat32(values: Float32Array): Float32Array {
  const count = values.length;
  let keys = new Uint32Array(count);
  const bits = new Uint32Array(values.buffer, values.byteOffset, count);
  // Flipping all bits of negatives and the sign bit of positives makes unsigned order equal float order.
  for (let i = 0; i < count; i++) {
    const b = bits[i];
    keys[i] = (b & 0x80000000) !== 0 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let other = new Uint32Array(count);
  const counts = new Int32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(keys[i] >>> shift) & 255]++;
    if (counts[(keys[0] >>> shift) & 255] === count) continue;
    let total = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < count; i++) other[counts[(keys[i] >>> shift) & 255]++] = keys[i];
    const swap = keys;
    keys = other;
    other = swap;
  }
  const out = new Float32Array(count);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) {
    const k = keys[i];
    outBits[i] = (k & 0x80000000) !== 0 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return out;
}
