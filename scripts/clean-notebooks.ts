/**
 * Strips outputs and execution counts from the committed notebooks:  npm run notebooks:clean
 * (`-- --check` only reports, exiting 1 when a notebook carries outputs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { committedForm, hasOutputs, parseNotebook, serializeNotebook } from './lib/notebook-file';
import { paths } from '../shared/core/project/paths';

const checkOnly = process.argv.includes('--check');
let dirty = 0;
for (const file of fs.readdirSync(paths.notebooks).filter((f) => f.endsWith('.ipynb')).sort()) {
  const full = path.join(paths.notebooks, file);
  const text = fs.readFileSync(full, 'utf8');
  const notebook = parseNotebook(text, full);
  const clean = serializeNotebook(committedForm(notebook));
  if (!hasOutputs(notebook) && clean === text) continue;
  dirty += 1;
  if (checkOnly) console.log(`${file}: has outputs or execution counts`);
  else {
    fs.writeFileSync(full, clean);
    console.log(`${file}: stripped`);
  }
}
if (dirty === 0) console.log('notebooks are clean');
process.exit(checkOnly && dirty > 0 ? 1 : 0);
