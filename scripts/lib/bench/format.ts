/** Human-readable benchmark figures: durations, byte sizes, ratios, counts. */

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`formatDuration: ${ms} is not a non-negative number of milliseconds`);
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  const seconds = ms / 1000;
  return `${seconds.toFixed(seconds < 10 ? 2 : seconds < 100 ? 1 : 0)} s`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`formatBytes: ${bytes} is not a non-negative byte count`);
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** `0.83×`; two significant decimals are plenty for a timing ratio. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`formatRatio: ${value} is not a non-negative ratio`);
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

/** Thousands separated with commas, rounded to an integer: `1,234,567`. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`formatCount: ${value} is not a finite number`);
  const digits = Math.round(Math.abs(value)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 && Math.round(Math.abs(value)) !== 0 ? `-${grouped}` : grouped;
}

/** Row counts as the size column shows them: 1M, 100k, 5,110. */
export function formatSize(rows: number): string {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`formatSize: ${rows} is not a non-negative integer`);
  if (rows >= 1_000_000 && rows % 1_000_000 === 0) return `${rows / 1_000_000}M`;
  if (rows >= 1000 && rows % 1000 === 0) return `${rows / 1000}k`;
  return formatCount(rows);
}
