/**
 * Child processes a tool starts, and everything they start in turn, stopped together. nbconvert
 * starts the kernel in a session of its own (jupyter_client's start_new_session) and the kernel
 * inherits nbconvert's stdout and stderr, so neither a process-group kill nor the pipes closing
 * reaches it. Every process of a run therefore carries the run's id in its environment
 * (STROKE_RUN_ID, inherited by the kernel), and stopping the run signals each process that has it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';

export const RUN_ID_VARIABLE = 'STROKE_RUN_ID';

/** A new run id, for the environment of everything one runner invocation starts. */
export function newRunId(): string {
  return randomUUID();
}

/** Pids of the live processes whose environment holds `STROKE_RUN_ID=<runId>` (Linux /proc; [] elsewhere). */
export function processesOfRun(runId: string): number[] {
  if (!fs.existsSync('/proc/self/environ')) return [];
  const marker = `${RUN_ID_VARIABLE}=${runId}`;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** SIGKILLs every process of the run; returns how many were signalled. */
export function killRun(runId: string): number {
  let killed = 0;
  for (const pid of processesOfRun(runId)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

/**
 * Kills the run's processes pass after pass, `pauseMs` apart, until a pass after the first finds
 * none. One pass is not enough: a process caught inside execve shows an empty environment for a
 * moment (the new image's environment is not mapped yet), so a single sweep can miss it.
 */
export async function stopRun(runId: string, pauseMs = 50, maxPasses = 20): Promise<number> {
  let killed = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const now = killRun(runId);
    killed += now;
    if (pass > 0 && now === 0) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return killed;
}

export interface ProcessOutcome {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/**
 * Runs `command` with `STROKE_RUN_ID=runId` in its environment and collects its output. On timeout,
 * or when it exits, every process of the run that is still alive is killed, so a process that
 * inherited the pipes cannot hold the call open.
 */
export function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number; runId: string },
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const env = { ...options.env, [RUN_ID_VARIABLE]: options.runId };
    const child = spawn(command, args, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      killRun(options.runId);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${error.message}\n`, timedOut });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Whatever still holds the pipes is dead after this; take what is buffered and stop reading.
      void stopRun(options.runId).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code, output, timedOut });
      });
    });
  });
}
