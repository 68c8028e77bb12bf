import { spawnSync } from 'node:child_process';

/** What to install when Jupyter is missing; printed by every script that needs it. */
export const JUPYTER_INSTALL_HINT = [
  'Jupyter (nbconvert + ipykernel) is required to run the notebooks and was not found.',
  'Install it, then run the command again:',
  '  Debian/Ubuntu: sudo apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel',
  '  elsewhere:     pip install nbconvert ipykernel',
].join('\n');

export class JupyterMissingError extends Error {
  constructor(detail: string) {
    super(`${JUPYTER_INSTALL_HINT}\n(${detail})`);
    this.name = 'JupyterMissingError';
  }
}

export interface JupyterInfo {
  command: string;
  nbconvertVersion: string;
}

/** Finds a working `jupyter nbconvert`; throws JupyterMissingError with install instructions. */
export function findJupyter(): JupyterInfo {
  const command = process.env.JUPYTER ?? 'jupyter';
  const probe = spawnSync(command, ['nbconvert', '--version'], { encoding: 'utf8' });
  if (probe.error) throw new JupyterMissingError(`could not run '${command}': ${probe.error.message}`);
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.stdout).trim().split('\n').pop() ?? `exit ${probe.status}`;
    throw new JupyterMissingError(`'${command} nbconvert --version' failed: ${why}`);
  }
  return { command, nbconvertVersion: probe.stdout.trim() };
}

/** Default per-user Jupyter data directory, as `jupyter --data-dir` reports it. */
export function userJupyterDataDir(jupyterCommand = 'jupyter'): string | undefined {
  const probe = spawnSync(jupyterCommand, ['--data-dir'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}
