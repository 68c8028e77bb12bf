/**
 * The git workflow of the README: with the filter `npm ci` installs, a notebook that Jupyter
 * saved after a run (outputs, counts, the kernel's language_info, nbformat's own layout) shows
 * no `git diff`, and `git add` stores it byte for byte as committed, so `git status` is clean
 * again. (Until then `git status` lists it: git takes a changed size for a change before it
 * runs the filter.) Jupyter's layout comes from Debian's
 * nbformat, the library Jupyter saves notebooks with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { committedForm, parseNotebook, serializeNotebook } from '../../scripts/lib/notebook-file';
import { installNotebookFilter } from '../../scripts/lib/notebook-git';
import { paths } from '../../shared/core/project/paths';

function sh(cwd: string, command: string, args: string[]): string {
  const run = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
  assert.equal(run.status, 0, `${command} ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Saves the notebook as Jupyter does after running it: nbformat.write with outputs and counts. */
const SAVE_AS_JUPYTER = `
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
for i, cell in enumerate(nb.cells):
    if cell.cell_type == "code":
        cell.execution_count = i + 1
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<div>" + "x" * 5000 + "</div>", "text/plain": "chart"})]
        cell.metadata["execution"] = {"iopub.status.idle": "2026-12-03T12:00:00Z"}
nb.metadata["language_info"] = {"codemirror_mode": {"mode": "typescript", "name": "javascript", "typescript": True},
    "file_extension": ".ts", "mimetype": "text/typescript", "name": "typescript", "version": "3.7.2"}
nbformat.write(nb, sys.argv[1])
`;

const hasNbformat = spawnSync('/usr/bin/python3', ['-c', 'import nbformat'], { encoding: 'utf8' }).status === 0;

test(
  'a notebook Jupyter saved with outputs shows no diff, and git add stores it as committed, without outputs',
  { skip: !hasNbformat && "Debian's python3-nbformat is not installed" },
  () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'notebook-git-'));
    try {
      sh(repo, 'git', ['init', '-q']);
      fs.symlinkSync(path.join(paths.root, 'node_modules'), path.join(repo, 'node_modules'));
      for (const file of ['.gitattributes', 'package.json', 'tsconfig.json'])
        fs.copyFileSync(path.join(paths.root, file), path.join(repo, file));
      fs.cpSync(path.join(paths.root, 'shared'), path.join(repo, 'shared'), { recursive: true });
      fs.mkdirSync(path.join(repo, 'scripts'));
      fs.copyFileSync(
        path.join(paths.root, 'scripts', 'git-notebook-filter.ts'),
        path.join(repo, 'scripts', 'git-notebook-filter.ts'),
      );
      fs.cpSync(path.join(paths.root, 'scripts', 'lib'), path.join(repo, 'scripts', 'lib'), { recursive: true });
      fs.mkdirSync(path.join(repo, 'notebooks'));
      const name = 'notebooks/01_data_engineering.ipynb';
      const original = fs.readFileSync(path.join(paths.root, name), 'utf8');
      assert.equal(
        serializeNotebook(committedForm(parseNotebook(original, name))),
        original,
        `${name} is committed in committed form`,
      );
      fs.writeFileSync(path.join(repo, name), original);
      assert.match(installNotebookFilter(repo), /installed/);
      sh(repo, 'git', ['add', '-A']);
      sh(repo, 'git', ['commit', '-qm', 'clean notebook']);

      sh(repo, '/usr/bin/python3', ['-c', SAVE_AS_JUPYTER, name]);
      const saved = fs.readFileSync(path.join(repo, name), 'utf8');
      assert.ok(saved.includes('x'.repeat(5000)) && saved !== original, 'the saved notebook has outputs');
      // git status flags a file whose size changed before it filters it; git diff compares content.
      assert.equal(sh(repo, 'git', ['diff', '--stat']), '', 'git diff after a save');
      sh(repo, 'git', ['add', '-A']);
      assert.equal(sh(repo, 'git', ['status', '--porcelain']), '', 'git status after git add');
      assert.equal(sh(repo, 'git', ['show', `:${name}`]), original, 'what git stores');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  },
);

test('outside a git checkout (npm ci in CI from an export) installing the filter does nothing and does not fail', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-git-'));
  try {
    assert.match(installNotebookFilter(dir), /^not a git checkout .*no notebook filter installed$/);
    assert.ok(!fs.existsSync(path.join(dir, '.git')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
