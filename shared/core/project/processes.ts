/**
 * Processes named by a pid file: whether one is still alive, whether it is the program the file
 * says it is, and the file itself. A crash leaves pid files behind and the kernel reuses pids, so
 * "a process with that pid exists" proves nothing: a holder counts only while it runs the expected
 * command. A zombie (exited, not yet reaped, which happens under a container init that never
 * reaps) is gone, although signal 0 still reaches it.
 */
import * as fs from 'node:fs';

const hasProc = (): boolean => fs.existsSync('/proc/self/stat');

/** True when `pid` names a running process (not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc()) return true;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses, which may itself contain ") ".
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * True when `pid` is alive and one argument of its command line contains `marker`. Without /proc
 * (not Linux) the command line cannot be read and a live pid is trusted.
 */
export function runsCommand(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  if (!hasProc()) return true;
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

/** The positive integer pid a pid file holds, or undefined when it is missing or holds anything else. */
export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates `file` holding `pid` only if it does not exist yet; false when another holder has it. */
export function createPidFile(file: string, pid = process.pid): boolean {
  try {
    fs.writeFileSync(file, `${pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Removes `file` if it still names `pid` (a holder never removes a successor's file). */
export function removePidFileOf(file: string, pid = process.pid): void {
  if (readPidFile(file) === pid) fs.rmSync(file, { force: true });
}
