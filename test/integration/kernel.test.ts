/**
 * The project kernel, started through Jupyter's own client with the notebooks/ folder as working
 * directory (as JupyterLab does for a notebook opened there), runs in the project root and
 * imports a shared module with the same relative path a notebook uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../shared/core/project/paths';
import { jupyterSkipReason, runCellsInKernel } from './jupyter';

const CELL = [
  "import { projectRoot } from './shared/core/project/paths';",
  "import { loadConfig } from './shared/pipeline/config';",
  'console.log(JSON.stringify({ cwd: process.cwd(), root: projectRoot, seed: loadConfig().seed }));',
].join('\n');

test(
  'the kernel started from notebooks/ runs in the project root and imports shared/',
  { skip: jupyterSkipReason() },
  () => {
    const [reply] = runCellsInKernel([CELL], paths.notebooks);
    assert.equal(reply.status, 'ok', reply.text);
    const line = reply.text.split('\n').find((l) => l.startsWith('{'));
    assert.ok(line, `no JSON line in kernel output: ${reply.text}`);
    const seen = JSON.parse(line) as { cwd: string; root: string; seed: number };
    assert.equal(seen.cwd, paths.root);
    assert.equal(seen.root, paths.root);
    assert.equal(seen.seed, 777);
  },
);
