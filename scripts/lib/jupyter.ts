/**
 * Jupyter, which runs the notebooks: finding it, and installing it on a machine that lacks it.
 * The quick start's first command must work on a fresh Debian/Ubuntu machine with only Node, so
 * a missing Jupyter is installed the least surprising way this machine allows, said before done:
 *   1. apt-get (Debian's jupyter-nbconvert and python3-ipykernel) when running as root or when sudo
 *      needs no password;
 *   2. otherwise a project-local Python venv (`.jupyter-venv/`) with pip;
 *   3. otherwise (or with STROKE_NO_INSTALL=1) the exact instruction, and the run stops.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../../shared/core/project/paths';

export const APT_PACKAGES = ['jupyter-nbconvert', 'python3-ipykernel'];
export const PIP_PACKAGES = ['nbconvert', 'ipykernel'];
/** The project-local venv used when neither root nor passwordless sudo is available. */
export const JUPYTER_VENV = path.join(paths.root, '.jupyter-venv');

/** What to install when Jupyter is missing; printed by every script that needs it. */
export const JUPYTER_INSTALL_HINT = [
  'Jupyter (nbconvert + ipykernel) is required to run the notebooks and was not found.',
  'Install it, then run the command again:',
  `  Debian/Ubuntu: sudo apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`,
  `  elsewhere:     pip install ${PIP_PACKAGES.join(' ')}`,
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

/** The command to try: $JUPYTER, else the project venv's when it exists, else `jupyter` on PATH. */
function jupyterCommand(env: NodeJS.ProcessEnv): string {
  const venvJupyter = path.join(JUPYTER_VENV, 'bin', 'jupyter');
  return env.JUPYTER ?? (fs.existsSync(venvJupyter) ? venvJupyter : 'jupyter');
}

/** Finds a working `jupyter nbconvert`; throws JupyterMissingError with install instructions. */
export function findJupyter(env: NodeJS.ProcessEnv = process.env): JupyterInfo {
  const command = jupyterCommand(env);
  const probe = spawnSync(command, ['nbconvert', '--version'], { encoding: 'utf8', env });
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

/** What the machine allows, as far as installing Jupyter goes. */
export interface SetupFacts {
  isRoot: boolean;
  passwordlessSudo: boolean;
  aptGet: boolean;
  /** A `python3` on PATH whose venv module works, or undefined. */
  pythonWithVenv: string | undefined;
  /** STROKE_NO_INSTALL=1: never install, only say how. */
  installRefused: boolean;
}

export type InstallPlan =
  { kind: 'apt'; commands: string[][] } | { kind: 'venv'; commands: string[][] } | { kind: 'instruction' };

/** The decision, from the facts alone (no side effects). */
export function planJupyterInstall(facts: SetupFacts, venvDir = JUPYTER_VENV): InstallPlan {
  if (facts.installRefused) return { kind: 'instruction' };
  if (facts.aptGet && (facts.isRoot || facts.passwordlessSudo)) {
    const asRoot = facts.isRoot ? [] : ['sudo', '-n'];
    return {
      kind: 'apt',
      commands: [
        [...asRoot, 'apt-get', 'update', '-qq'],
        [...asRoot, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES],
      ],
    };
  }
  if (facts.pythonWithVenv !== undefined) {
    return {
      kind: 'venv',
      commands: [
        [facts.pythonWithVenv, '-m', 'venv', venvDir],
        [path.join(venvDir, 'bin', 'pip'), 'install', '--quiet', ...PIP_PACKAGES],
      ],
    };
  }
  return { kind: 'instruction' };
}

const succeeds = (command: string, args: string[], env: NodeJS.ProcessEnv): boolean =>
  spawnSync(command, args, { stdio: 'ignore', env }).status === 0;

/** Looks the facts up on this machine (PATH as in `env`). */
export function probeSetupFacts(env: NodeJS.ProcessEnv = process.env): SetupFacts {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    isRoot,
    passwordlessSudo: !isRoot && succeeds('sudo', ['-n', 'true'], env),
    aptGet: succeeds('apt-get', ['--version'], env),
    pythonWithVenv: succeeds('python3', ['-m', 'venv', '--help'], env) ? 'python3' : undefined,
    installRefused: env.STROKE_NO_INSTALL === '1',
  };
}

/**
 * Returns a working Jupyter, installing it first when it is missing (saying what it does before
 * doing it, through `log`). Throws JupyterMissingError with the exact instruction when it cannot.
 */
export function ensureJupyter(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): JupyterInfo {
  try {
    return findJupyter(env);
  } catch (error) {
    if (!(error instanceof JupyterMissingError)) throw error;
  }
  const plan = planJupyterInstall(probeSetupFacts(env));
  if (plan.kind === 'instruction') {
    throw new JupyterMissingError(
      'not installing it: no root, no passwordless sudo, no python3 with venv, or STROKE_NO_INSTALL=1',
    );
  }
  const how =
    plan.kind === 'apt'
      ? `with apt-get (${APT_PACKAGES.join(', ')})`
      : `into a project venv, ${JUPYTER_VENV} (pip: ${PIP_PACKAGES.join(', ')})`;
  log(`setup: Jupyter is missing; installing it ${how}. Set STROKE_NO_INSTALL=1 to refuse and install it yourself.`);
  for (const command of plan.commands) {
    log(`setup: $ ${command.join(' ')}`);
    const run = spawnSync(command[0], command.slice(1), {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      throw new JupyterMissingError(`'${command.join(' ')}' failed (${run.error?.message ?? `exit ${run.status}`})`);
    }
  }
  const found = findJupyter(env);
  log(`setup: Jupyter ready (${found.command}, nbconvert ${found.nbconvertVersion})`);
  return found;
}
