/**
 * Timing of repeated runs (warm-up first, so JIT compilation and lazy wasm loading are not
 * charged to the first sample) and the process's peak resident memory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface RepeatOptions {
  warmup: number;
  runs: number;
}

/**
 * Runs `work` warmup + runs times; returns the milliseconds of the timed runs: wall-clock, or
 * the number `work` resolves to when it times a part of itself (to leave out setup/teardown).
 */
export async function timeRuns(
  work: (run: number) => Promise<number | void> | number | void,
  options: RepeatOptions,
): Promise<number[]> {
  if (!Number.isInteger(options.warmup) || options.warmup < 0)
    throw new Error(`timeRuns: warmup is ${options.warmup}; expected a non-negative integer`);
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new Error(`timeRuns: runs is ${options.runs}; expected a positive integer`);
  const samples: number[] = [];
  for (let run = 0; run < options.warmup + options.runs; run++) {
    const start = process.hrtime.bigint();
    const reported = await work(run);
    const elapsedMs = typeof reported === 'number' ? reported : Number(process.hrtime.bigint() - start) / 1e6;
    if (!Number.isFinite(elapsedMs) || elapsedMs < 0)
      throw new Error(`timeRuns: run ${run} reported ${elapsedMs} ms; expected a finite non-negative duration`);
    if (run >= options.warmup) samples.push(elapsedMs);
  }
  return samples;
}

/** `VmHWM:   123456 kB` from /proc/self/status, in bytes; undefined when the line is absent. */
export function parseVmHwm(status: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB\s*$/m.exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}

/** Peak RSS of this process so far: /proc's high-water mark on Linux, else resourceUsage (KiB). */
export function peakRssBytes(): number {
  try {
    const fromProc = parseVmHwm(fs.readFileSync('/proc/self/status', 'utf8'));
    if (fromProc !== undefined) return fromProc;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Milliseconds since a `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time counters summed over all cores (os.cpus() times, in ms). */
export interface CpuTimes {
  idle: number;
  total: number;
}

export function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** Share of all cores' time spent busy between two cpuTimes() readings (0..1). */
export function busyFraction(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - (after.idle - before.idle) / total));
}
