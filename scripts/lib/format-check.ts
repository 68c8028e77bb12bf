/**
 * The format check npm test and `npm run format:check` run: every file Prettier covers (see
 * .prettierignore) must be as Prettier writes it, and so must every code cell of
 * notebooks/*.ipynb (`npm run notebooks:clean` formats them).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNotebook } from './notebook-file';
import { formatNotebookCells, prettierOptionsFor } from './notebook-format';

/** One line per unformatted file or notebook cell under `root`; empty when all is formatted. */
export async function formatFindings(root: string): Promise<string[]> {
  const cli = spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--list-different', '.'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (cli.status !== 0 && cli.status !== 1) throw new Error(`prettier failed (exit ${cli.status}):\n${cli.stderr}`);
  const findings = cli.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((file) => `${file}: not formatted`);
  const notebooks = path.join(root, 'notebooks');
  if (!fs.existsSync(notebooks)) return findings;
  const prettierOptions = await prettierOptionsFor(notebooks);
  for (const file of fs
    .readdirSync(notebooks)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()) {
    const full = path.join(notebooks, file);
    const { changedCells } = await formatNotebookCells(
      parseNotebook(fs.readFileSync(full, 'utf8'), full),
      full,
      prettierOptions,
    );
    for (const cell of changedCells) {
      findings.push(`notebooks/${file}: code cell ${cell} not formatted (npm run notebooks:clean)`);
    }
  }
  return findings;
}
