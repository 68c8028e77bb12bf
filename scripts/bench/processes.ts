/**
 * Starting the measured processes: our task child (node + tsx) and the Python references
 * (Debian's /usr/bin/python3, whatever `python3` is first on PATH). Both hand back their
 * `BENCH_RESULT` line; a Python without the needed modules is a reason, not an error.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SideResult } from '../lib/bench/report';
import { median } from '../lib/bench/stats';
import { RESULT_PREFIX, TaskOutput, parseTaskOutput } from './task-protocol';

export const PYTHON = '/usr/bin/python3';
export const SETUP_HINT = 'npm run bench:setup';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; stderr is passed through (progress, warnings) and kept. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; echoStdout?: boolean } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.echoStdout === true) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}

export function writeConfig(workDir: string, name: string, config: unknown): string {
  const file = path.join(workDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 1));
  return file;
}

/** Runs one of our tasks in a child process; throws with the child's last words on failure. */
export async function runOurs(task: string, configFile: string): Promise<TaskOutput> {
  const script = path.join(__dirname, 'run-task.ts');
  const result = await run(process.execPath, ['--import', 'tsx', script, task, configFile]);
  if (result.code !== 0)
    throw new Error(`our ${task} task exited with code ${result.code}: ${lastLines(result.stderr, 3)}`);
  return parseTaskOutput(result.stdout, task);
}

export interface ReferenceOutput {
  side: SideResult;
  details: Record<string, number | string | boolean>;
}

interface PythonPayload {
  available: boolean;
  missing?: string[];
  samples_ms?: number[];
  peak_rss_bytes?: number;
  details?: Record<string, number | string | boolean>;
}

/** Runs scripts/bench/<script> with /usr/bin/python3; "not installed" when it or a module is absent. */
export async function runReference(script: string, configFile: string): Promise<ReferenceOutput> {
  if (!fs.existsSync(PYTHON))
    return { side: { status: 'unavailable', reason: `not installed (no ${PYTHON}; ${SETUP_HINT})` }, details: {} };
  const result = await run(PYTHON, [path.join(__dirname, script), configFile], { cwd: __dirname });
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (result.code !== 0 || line === undefined) {
    return {
      side: { status: 'unavailable', reason: `reference failed (exit ${result.code}): ${lastLines(result.stderr, 2)}` },
      details: {},
    };
  }
  const payload = JSON.parse(line.slice(RESULT_PREFIX.length)) as PythonPayload;
  if (!payload.available) {
    return {
      side: { status: 'unavailable', reason: `not installed (${(payload.missing ?? []).join(', ')}; ${SETUP_HINT})` },
      details: {},
    };
  }
  const samplesMs = payload.samples_ms ?? [];
  return {
    side: { status: 'measured', medianMs: median(samplesMs), samplesMs, peakRssBytes: payload.peak_rss_bytes ?? null },
    details: payload.details ?? {},
  };
}
