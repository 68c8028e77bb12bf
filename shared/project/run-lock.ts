/**
 * One pipeline run per checkout at a time. Two runs would interleave their progress files and
 * executed notebooks, and race on the same buckets. The lock is a file created exclusively that
 * names its holder's pid; a lock whose holder is gone (or is no longer a pipeline run) is stale and
 * taken over.
 */
import * as fs from 'node:fs';

export class PipelineBusyError extends Error {
  constructor(readonly lockFile: string, readonly holder: number) {
    super(
      `another pipeline run (pid ${holder}) is active in this checkout (${lockFile}); wait for it to finish, ` +
        `or stop it (kill ${holder}). Two runs would mix their progress files and executed notebooks.`,
    );
    this.name = 'PipelineBusyError';
  }
}

/** True when `pid` is alive and its command line contains `marker` (Linux /proc; alive is enough elsewhere). */
function holderIsRun(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return !fs.existsSync('/proc/self/cmdline');
  }
}

/**
 * Takes the lock for this process or throws PipelineBusyError; returns the release function.
 * `marker`: what the holder's command line contains (the runner script's name).
 */
export function acquireRunLock(lockFile: string, marker: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (fs.existsSync(lockFile) && fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(lockFile);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && holderIsRun(holder, marker)) {
      throw new PipelineBusyError(lockFile, holder);
    }
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`could not take the pipeline lock ${lockFile}`);
}
