/**
 * The quick start's first command sets Jupyter up on a machine without it. The decision is
 * checked from the facts, then end to end in a child process whose PATH hides the real Jupyter:
 * stand-ins for apt-get and jupyter record what was run, and the stand-in jupyter works only once
 * the stand-in apt-get has "installed" it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APT_PACKAGES, planJupyterInstall, SetupFacts } from '../../scripts/lib/jupyter';
import { paths } from '../../shared/core/project/paths';

const none: SetupFacts = {
  isRoot: false,
  passwordlessSudo: false,
  aptGet: false,
  pythonWithVenv: undefined,
  installRefused: false,
};

test('the plan: apt-get as root, through sudo -n without a password, else a venv, else the instruction', () => {
  const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES];
  assert.deepEqual(planJupyterInstall({ ...none, isRoot: true, aptGet: true }), {
    kind: 'apt',
    commands: [['apt-get', 'update', '-qq'], install],
  });
  const viaSudo = planJupyterInstall({ ...none, passwordlessSudo: true, aptGet: true, pythonWithVenv: 'python3' });
  assert.deepEqual(viaSudo.kind === 'apt' && viaSudo.commands[1], ['sudo', '-n', ...install]);
  assert.deepEqual(planJupyterInstall({ ...none, aptGet: true, pythonWithVenv: 'python3' }, '/v'), {
    kind: 'venv',
    commands: [
      ['python3', '-m', 'venv', '/v'],
      ['/v/bin/pip', 'install', '--quiet', 'nbconvert', 'ipykernel'],
    ],
  });
  assert.equal(planJupyterInstall({ ...none, isRoot: true, aptGet: false }).kind, 'instruction');
  assert.equal(planJupyterInstall(none).kind, 'instruction');
  assert.equal(planJupyterInstall({ ...none, isRoot: true, aptGet: true, installRefused: true }).kind, 'instruction');
});

/** Runs `npm run setup`'s script in a child whose PATH is only `bin`. */
function ensureWithPath(bin: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'setup.ts')], {
    cwd: paths.root,
    encoding: 'utf8',
    env: { PATH: bin, HOME: os.tmpdir(), ...extraEnv },
  });
}

function standIns(withApt: boolean): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'no-jupyter-'));
  const script = (name: string, body: string) =>
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  script(
    'jupyter',
    `[ -f "${bin}/installed" ] && echo 7.0.0-stand-in && exit 0\necho "jupyter: not installed" >&2; exit 127`,
  );
  // Passwordless sudo, so the apt path is taken whether or not the tests run as root.
  script('sudo', '[ "$1" = -n ] && shift\n"$@"');
  const apt = `[ "$1" = --version ] && exit 0\necho "apt-get $*" >> "${bin}/apt.log"\n[ "$1" = install ] && : > "${bin}/installed"\nexit 0`;
  if (withApt) script('apt-get', apt);
  return bin;
}

test('with Jupyter hidden and apt-get available, it says what it does, runs apt-get, and finds Jupyter', () => {
  const bin = standIns(true);
  try {
    const run = ensureWithPath(bin);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const said = run.stdout.split('\n');
    const announce = said.findIndex((l) => l.startsWith('setup: Jupyter is missing; installing it with apt-get'));
    assert.ok(announce >= 0, run.stdout);
    assert.ok(
      said.findIndex((l) => l.includes('$ ') && l.includes('apt-get install')) > announce,
      'announced before running',
    );
    assert.deepEqual(fs.readFileSync(path.join(bin, 'apt.log'), 'utf8').trim().split('\n'), [
      'apt-get update -qq',
      `apt-get install -y -qq --no-install-recommends ${APT_PACKAGES.join(' ')}`,
    ]);
    assert.match(run.stdout, /setup: Jupyter ready \(jupyter, nbconvert 7\.0\.0-stand-in\)/);
    assert.match(run.stdout, /setup: kernelspec .* in /);
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

test('with Jupyter hidden and no way to install, or installing refused, it stops with the exact instruction', () => {
  for (const [withApt, env] of [
    [false, {}],
    [true, { STROKE_NO_INSTALL: '1' }],
  ] as const) {
    const bin = standIns(withApt);
    try {
      const run = ensureWithPath(bin, env);
      assert.equal(run.status, 3, run.stdout + run.stderr);
      assert.match(run.stdout, /ERROR JupyterMissingError: Jupyter \(nbconvert \+ ipykernel\) is required/);
      assert.match(run.stdout, /sudo apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel/);
      assert.match(run.stdout, /pip install nbconvert ipykernel/);
      assert.equal(fs.existsSync(path.join(bin, 'apt.log')), false, 'nothing was installed');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  }
});
