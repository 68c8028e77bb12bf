/**
 * One kernel name for every clone (issue 15 item 9): the committed notebooks name "stroke-tslab",
 * so each clone installs that name. `kernel:install -- --user` says when it replaces another
 * clone's kernel and how to switch back; the runner always uses its own clone's kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  installedKernelRoot,
  installKernelSpec,
  jupyterEnv,
  kernelOverwriteWarning,
  KERNEL_NAME,
} from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';
import { jupyterSkipReason } from '../integration/jupyter';

const OTHER_CLONE = '/home/someone/other-clone-of-stroke';

function tempDataDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroke-kernels-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("installing over another clone's kernel names both clones and how to switch back", (t) => {
  const dir = tempDataDir(t);
  assert.equal(kernelOverwriteWarning(dir), undefined, 'nothing installed yet');
  installKernelSpec(dir, OTHER_CLONE);
  assert.equal(installedKernelRoot(dir), OTHER_CLONE);
  const warning = kernelOverwriteWarning(dir, paths.root);
  assert.ok(warning);
  assert.match(warning, new RegExp(`ran the code of ${OTHER_CLONE}; it now runs this clone's, ${paths.root}\\.`));
  assert.match(warning, /npm run kernel:install -- --user` in the other clone/);
  installKernelSpec(dir, paths.root);
  assert.equal(kernelOverwriteWarning(dir, paths.root), undefined, 'reinstalling the same clone is silent');
});

test("npm run kernel:install -- --user warns when it replaces another clone's kernel, then points here", (t) => {
  const home = tempDataDir(t);
  const userDir = path.join(home, 'jupyter');
  installKernelSpec(userDir, OTHER_CLONE);
  // jupyter --data-dir honours JUPYTER_DATA_DIR; without Jupyter the script falls back to $XDG_DATA_HOME/jupyter.
  const env = { ...process.env, JUPYTER_DATA_DIR: userDir, XDG_DATA_HOME: home };
  const install = () =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(paths.root, 'scripts', 'install-kernel.ts'), '--user'], {
      encoding: 'utf8',
      env,
      cwd: paths.root,
      timeout: 120_000,
    });
  const first = install();
  assert.equal(first.status, 0, first.stderr);
  assert.match(
    first.stderr,
    new RegExp(`warning: the kernel "${KERNEL_NAME}" in ${userDir} ran the code of ${OTHER_CLONE}`),
  );
  assert.equal(installedKernelRoot(userDir), paths.root);
  const second = install();
  assert.equal(second.status, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /warning/);
});

test(
  "the runner's Jupyter finds this clone's kernel even when the user's points at another clone",
  { skip: jupyterSkipReason() },
  (t) => {
    const userDir = path.join(tempDataDir(t), 'jupyter');
    installKernelSpec(userDir, OTHER_CLONE);
    installKernelSpec(paths.jupyterData);
    // The lookup nbconvert's kernel manager makes (jupyter_client's KernelSpecManager).
    const find =
      'import json, sys; from jupyter_client.kernelspec import KernelSpecManager as M; ' +
      's = M().get_kernel_spec(sys.argv[1]); print(json.dumps({"dir": s.resource_dir, "env": s.env}))';
    const lookup = spawnSync('/usr/bin/python3', ['-c', find, KERNEL_NAME], {
      encoding: 'utf8',
      env: jupyterEnv({ ...process.env, JUPYTER_DATA_DIR: userDir }),
      timeout: 60_000,
    });
    assert.equal(lookup.status, 0, lookup.stderr);
    const found = JSON.parse(lookup.stdout) as { dir: string; env: Record<string, string> };
    assert.equal(found.dir, path.join(paths.jupyterData, 'kernels', KERNEL_NAME));
    assert.equal(found.env.STROKE_PROJECT_ROOT, paths.root);
  },
);
