import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { busyFraction, cpuTimes, parseVmHwm, peakRssBytes, timeRuns } from '../../scripts/lib/bench/timing';

describe('timeRuns', () => {
  test('runs warm-up + runs times and keeps only the timed runs', async () => {
    const calls: number[] = [];
    const samples = await timeRuns(
      (run) => {
        calls.push(run);
      },
      { warmup: 2, runs: 3 },
    );
    assert.deepEqual(calls, [0, 1, 2, 3, 4]);
    assert.equal(samples.length, 3);
    for (const s of samples) assert.ok(Number.isFinite(s) && s >= 0);
  });

  test('uses the duration the work reports for itself', async () => {
    const samples = await timeRuns(async (run) => 100 + run, { warmup: 1, runs: 3 });
    assert.deepEqual(samples, [101, 102, 103]);
  });

  test('refuses bad repeat counts and bad reported durations', async () => {
    await assert.rejects(
      timeRuns(() => undefined, { warmup: -1, runs: 3 }),
      /warmup is -1/,
    );
    await assert.rejects(
      timeRuns(() => undefined, { warmup: 0, runs: 0 }),
      /runs is 0/,
    );
    await assert.rejects(
      timeRuns(() => NaN, { warmup: 0, runs: 1 }),
      /run 0 reported NaN ms/,
    );
  });
});

describe('peak RSS', () => {
  test('parseVmHwm reads the kB high-water mark of /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1234 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40000 kB\n';
    assert.equal(parseVmHwm(status), 51200 * 1024);
    assert.equal(parseVmHwm('Name:\tnode\n'), undefined);
  });

  test('the peak is at least the current RSS and grows with a large allocation', () => {
    const before = peakRssBytes();
    assert.ok(before >= process.memoryUsage().rss * 0.99);
    const block = new Float64Array(32 * 1024 * 1024).fill(1); // 256 MiB, touched
    assert.ok(peakRssBytes() >= before);
    assert.ok(peakRssBytes() >= 256 * 1024 * 1024);
    assert.equal(block[block.length - 1], 1);
  });
});

describe('busyFraction', () => {
  test('is the non-idle share of the CPU time between two readings', () => {
    assert.equal(busyFraction({ idle: 1000, total: 2000 }, { idle: 1300, total: 3000 }), 0.7);
    assert.equal(busyFraction({ idle: 0, total: 0 }, { idle: 500, total: 500 }), 0);
    assert.equal(busyFraction({ idle: 5, total: 5 }, { idle: 5, total: 5 }), 0);
  });

  test('a busy loop on this thread shows up as busy time', () => {
    const before = cpuTimes();
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // spin
    }
    const after = cpuTimes();
    assert.ok(after.total > before.total);
    // One spinning core out of the machine's cores, minus counter granularity.
    assert.ok(busyFraction(before, after) > 0.5 / os.cpus().length - 0.1);
  });
});
