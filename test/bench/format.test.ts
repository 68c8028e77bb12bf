import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDuration, formatRatio, formatSize } from '../../scripts/lib/bench/format';
import { Random } from '../../shared/core/util/random';

describe('formatCount', () => {
  test('groups thousands like Intl en-US for integers of every magnitude and sign', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const random = new Random(3);
    for (let i = 0; i < 300; i++) {
      const value = Math.floor(random.uniform(-1, 1) * 10 ** random.int(13));
      assert.equal(formatCount(value), intl.format(value), String(value));
    }
    assert.equal(formatCount(1234.6), intl.format(1235));
  });

  test('refuses non-finite values', () => {
    assert.throws(() => formatCount(Infinity), /Infinity is not a finite number/);
  });
});

describe('formatBytes', () => {
  test('uses binary units: the shown number times the unit gives back the size', () => {
    const random = new Random(8);
    const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
    for (let i = 0; i < 200; i++) {
      const bytes = Math.floor(random.next() * 1024 ** random.int(5) * 7);
      const [number, unit] = formatBytes(bytes).split(' ');
      const back = Number(number) * units[unit];
      assert.ok(Number(number) <= 1024, formatBytes(bytes));
      // At most half of the last shown digit off (2-3 significant decimals).
      assert.ok(Math.abs(back - bytes) <= 0.005 * bytes + 0.5 * units[unit] * 0.01, `${bytes} → ${formatBytes(bytes)}`);
    }
    assert.equal(formatBytes(1536), '1.50 KiB');
    assert.equal(formatBytes(1023), '1023 B');
  });

  test('refuses negative sizes', () => {
    assert.throws(() => formatBytes(-1), /-1 is not a non-negative byte count/);
  });
});

describe('formatDuration', () => {
  test('switches from µs to ms to s at the unit boundaries, keeping about 3 significant digits', () => {
    assert.equal(formatDuration(0.25), '250 µs');
    assert.equal(formatDuration(2.5), '2.50 ms');
    assert.equal(formatDuration(25.04), '25.0 ms');
    assert.equal(formatDuration(250.4), '250 ms');
    assert.equal(formatDuration(2500), '2.50 s');
    assert.equal(formatDuration(125_000), '125 s');
  });

  test('the shown value, converted back, is within rounding of the input', () => {
    const scale: Record<string, number> = { µs: 1e-3, ms: 1, s: 1000 };
    const random = new Random(4);
    for (let i = 0; i < 200; i++) {
      const ms = random.next() * 10 ** random.int(7);
      const [number, unit] = formatDuration(ms).split(' ');
      assert.ok(
        Math.abs(Number(number) * scale[unit] - ms) <= 0.005 * ms + 0.5 * scale[unit],
        `${ms} → ${formatDuration(ms)}`,
      );
    }
  });

  test('refuses negative or non-finite durations', () => {
    assert.throws(() => formatDuration(-5), /-5 is not a non-negative/);
    assert.throws(() => formatDuration(NaN), /NaN/);
  });
});

describe('formatRatio and formatSize', () => {
  test('ratio shows two decimals below 10 and the multiplication sign', () => {
    assert.equal(formatRatio(300 / 150), '2.00×');
    assert.equal(formatRatio(0.5), '0.50×');
    assert.equal(formatRatio(29.54), '29.5×');
    assert.throws(() => formatRatio(-1), /not a non-negative ratio/);
  });

  test('size abbreviates whole millions and thousands only', () => {
    assert.equal(formatSize(1_000_000), '1M');
    assert.equal(formatSize(10_000_000), '10M');
    assert.equal(formatSize(100_000), '100k');
    assert.equal(formatSize(5_110), '5,110');
    assert.equal(formatSize(999), '999');
    assert.throws(() => formatSize(1.5), /1.5 is not a non-negative integer/);
  });
});
