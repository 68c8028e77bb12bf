/**
 * The project kernel, started through Jupyter's own client with the notebooks/ folder as working
 * directory (as JupyterLab does for a notebook opened there), runs in the project root and
 * imports a shared module with the same relative path a notebook uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { installKernelSpec, jupyterEnv, KERNEL_NAME } from '../../shared/project/kernelspec';
import { paths } from '../../shared/project/paths';
import { jupyterSkipReason } from './jupyter';

const DRIVER = `
import json, sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=sys.argv[1], cwd=sys.argv[2], startup_timeout=60)
try:
    code = ("import { projectRoot } from './shared/project/paths';\\n"
            "import { loadConfig } from './shared/config';\\n"
            "console.log(JSON.stringify({ cwd: process.cwd(), root: projectRoot, seed: loadConfig().seed }));")
    reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: m["msg_type"] == "stream" and print(m["content"]["text"], end=""))
    print("STATUS", reply["content"]["status"])
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;

test('the kernel started from notebooks/ runs in the project root and imports shared/', { skip: jupyterSkipReason() }, () => {
  installKernelSpec(paths.jupyterData);
  const run = spawnSync('/usr/bin/python3', ['-c', DRIVER, KERNEL_NAME, paths.notebooks], {
    encoding: 'utf8',
    env: jupyterEnv(),
    cwd: paths.notebooks,
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /STATUS ok/);
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no JSON line in kernel output: ${run.stdout}`);
  const seen = JSON.parse(line) as { cwd: string; root: string; seed: number };
  assert.equal(seen.cwd, paths.root);
  assert.equal(seen.root, paths.root);
  assert.equal(seen.seed, 777);
});
