/**
 * Keeps executed notebooks out of git: a clean filter (scripts/git-notebook-filter.ts, named in
 * .gitattributes for notebooks/*.ipynb) turns what git stores into `committedForm`, so saving a
 * notebook with its outputs in Jupyter leaves `git status` clean and a commit never carries
 * outputs. `npm ci` / `npm install` install the filter through the "prepare" script; it is
 * local git config, so each clone installs it once.
 */
import { spawnSync } from 'node:child_process';
import { paths } from '../../shared/core/project/paths';

export const NOTEBOOK_FILTER = 'notebook-outputs';
export const NOTEBOOK_FILTER_COMMAND = 'node --import tsx scripts/git-notebook-filter.ts';

function git(root: string, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return {
    ok: run.status === 0,
    output: `${run.stdout ?? ''}${run.stderr ?? ''}`.trim() || (run.error?.message ?? ''),
  };
}

/**
 * Installs the filter in the checkout at `root`; says what it did. Never throws: without git or
 * outside a git checkout (an npm ci from a tarball, a CI cache) it installs nothing.
 */
export function installNotebookFilter(root = paths.root): string {
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.output !== 'true')
    return `not a git checkout (${inside.output.split('\n')[0] || 'git not found'}): no notebook filter installed`;
  for (const [key, value] of [
    [`filter.${NOTEBOOK_FILTER}.clean`, NOTEBOOK_FILTER_COMMAND],
    [`filter.${NOTEBOOK_FILTER}.smudge`, 'cat'],
  ]) {
    const set = git(root, ['config', '--local', key, value]);
    if (!set.ok) return `could not set git config ${key}: ${set.output}`;
  }
  return `git filter "${NOTEBOOK_FILTER}" installed: notebooks/*.ipynb are committed without outputs`;
}
