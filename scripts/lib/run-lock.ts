/**
 * One pipeline run per checkout at a time. Two runs would interleave their progress files and
 * executed notebooks, and race on the same buckets. The lock is a file created exclusively that
 * names its holder's pid; a lock whose holder is gone (or is no longer a pipeline run) is stale and
 * taken over.
 */
import * as fs from 'node:fs';
import { createPidFile, readPidFile, removePidFileOf, runsCommand } from '../../shared/core/project/processes';

export class PipelineBusyError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: number,
  ) {
    super(
      `another pipeline run (pid ${holder}) is active in this checkout (${lockFile}); wait for it to finish, ` +
        `or stop it (kill ${holder}). Two runs would mix their progress files and executed notebooks.`,
    );
    this.name = 'PipelineBusyError';
  }
}

/**
 * Takes the lock for this process or throws PipelineBusyError; returns the release function.
 * `marker`: what the holder's command line contains (the runner script's name).
 */
export function acquireRunLock(lockFile: string, marker: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createPidFile(lockFile)) return () => removePidFileOf(lockFile);
    const holder = readPidFile(lockFile);
    if (holder !== undefined && holder !== process.pid && runsCommand(holder, marker)) {
      throw new PipelineBusyError(lockFile, holder);
    }
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`could not take the pipeline lock ${lockFile}`);
}
