/**
 * Which notebooks a pipeline run executes. With no selection: the stage notebooks, in run order,
 * and nothing else in notebooks/ (a user's "02_…-Copy1.ipynb", "Copy of …" or scratch notebook is
 * left alone). A selection names notebooks one by one, run in the order given: a stage by its number
 * or name prefix ("02", "02_expl"), or any notebook by its exact file name (with or without
 * `.ipynb`) in notebooks/, or by its path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGE_NOTEBOOKS } from '../../shared/pipeline/stages';

const STAGE_FILES = STAGE_NOTEBOOKS.map((name) => `${name}.ipynb`);

/** Absolute paths of the notebooks to run; `cwd` resolves a relative path argument. */
export function selectNotebooks(notebooksDir: string, selection: string[], cwd: string): string[] {
  const listing = fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb'));
  const inDir = (file: string) => path.join(notebooksDir, file);
  if (selection.length === 0) {
    const missing = STAGE_FILES.filter((file) => !listing.includes(file));
    if (missing.length > 0) throw new Error(`${notebooksDir} lacks the stage notebook(s) ${missing.join(', ')}`);
    return STAGE_FILES.map(inDir);
  }
  return selection.map((wanted) => {
    const exact = listing.find((file) => file === wanted || file === `${wanted}.ipynb`);
    if (exact !== undefined) return inDir(exact);
    if (wanted.endsWith('.ipynb') || wanted.includes('/') || wanted.includes(path.sep)) {
      const full = path.resolve(cwd, wanted);
      if (full.endsWith('.ipynb') && fs.existsSync(full)) return full;
      throw new Error(`"${wanted}": no notebook at ${full}`);
    }
    const stages = STAGE_FILES.filter((file) => file.startsWith(wanted));
    if (stages.length === 1) return inDir(stages[0]);
    throw new Error(
      `"${wanted}" ${stages.length === 0 ? 'names no stage notebook' : `matches ${stages.length} stage notebooks`}; ` +
        `choose from ${STAGE_FILES.join(', ')}, or give a notebook's file name or path`,
    );
  });
}
