/**
 * Puts the notebooks in their committed form:  npm run notebooks:clean
 * strips outputs and execution counts, and formats every code cell with Prettier, as the .ts
 * files are formatted (.prettierrc.json).
 *   -- --check   only report, exiting 1 when a notebook carries outputs or an unformatted cell
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { committedForm, hasOutputs, parseNotebook, serializeNotebook } from './lib/notebook-file';
import { formatNotebookCells, prettierOptionsFor } from './lib/notebook-format';
import { paths } from '../shared/core/project/paths';

async function main(): Promise<number> {
  const checkOnly = process.argv.includes('--check');
  const options = await prettierOptionsFor(paths.notebooks);
  let dirty = 0;
  for (const file of fs
    .readdirSync(paths.notebooks)
    .filter((f) => f.endsWith('.ipynb'))
    .sort()) {
    const full = path.join(paths.notebooks, file);
    const text = fs.readFileSync(full, 'utf8');
    const notebook = parseNotebook(text, full);
    const { notebook: formatted, changedCells } = await formatNotebookCells(notebook, full, options);
    const stripOutputs = hasOutputs(notebook) || serializeNotebook(committedForm(notebook)) !== text;
    if (!stripOutputs && changedCells.length === 0) continue;
    dirty += 1;
    const cells = changedCells.join(', ');
    if (checkOnly) {
      const found = [
        ...(stripOutputs ? ['outputs or execution counts'] : []),
        ...(cells ? [`unformatted code cells ${cells}`] : []),
      ];
      console.log(`${file}: has ${found.join(' and ')}`);
    } else {
      fs.writeFileSync(full, serializeNotebook(committedForm(formatted)));
      const done = [...(stripOutputs ? ['outputs stripped'] : []), ...(cells ? [`code cells ${cells} formatted`] : [])];
      console.log(`${file}: ${done.join(', ')}`);
    }
  }
  if (dirty === 0) console.log('notebooks are clean');
  return checkOnly && dirty > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
