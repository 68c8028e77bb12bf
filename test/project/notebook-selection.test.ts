/**
 * `npm run pipeline` runs the stage notebooks 01–04 in order and nothing else in notebooks/ (issue
 * 15 item 6): a user's copy or scratch notebook there runs only when named. Checked on a folder
 * laid out like notebooks/ after a user made copies in Jupyter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { selectNotebooks } from '../../scripts/lib/notebook-selection';
import { parseArgs } from '../../scripts/run-notebooks';

const STAGES = [
  '01_data_engineering.ipynb',
  '02_exploratory_data_analysis.ipynb',
  '03_modeling.ipynb',
  '04_deployment_and_monitoring.ipynb',
];
const EXTRAS = [
  '02_exploratory_data_analysis-Copy1.ipynb',
  'Copy of 03_modeling.ipynb',
  '00_scratch.ipynb',
  '05_my_experiments.ipynb',
];

function notebooksFolder(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroke-selection-'));
  for (const file of files) fs.writeFileSync(path.join(dir, file), '{}');
  return dir;
}

test('with no notebook named, the run is the four stage notebooks in order, whatever else notebooks/ holds', (t) => {
  const dir = notebooksFolder([...EXTRAS, ...[...STAGES].reverse()]);
  t.after(() => fs.rmSync(dir, { recursive: true }));
  assert.deepEqual(
    selectNotebooks(dir, parseArgs(['--no-html']).selection, dir),
    STAGES.map((f) => path.join(dir, f)),
  );
});

test('a stage is named by its number or a prefix, even when a copy of it shares the prefix', (t) => {
  const dir = notebooksFolder([...STAGES, ...EXTRAS]);
  t.after(() => fs.rmSync(dir, { recursive: true }));
  const chosen = selectNotebooks(dir, parseArgs(['03', '02_expl', '--timeout', '60']).selection, dir);
  assert.deepEqual(chosen, [path.join(dir, STAGES[2]), path.join(dir, STAGES[1])], 'in the order given');
});

test('any other notebook runs when named by its file name or path', (t) => {
  const dir = notebooksFolder([...STAGES, ...EXTRAS]);
  t.after(() => fs.rmSync(dir, { recursive: true }));
  const elsewhere = path.join(dir, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'trial.ipynb'), '{}');
  const selection = ['02_exploratory_data_analysis-Copy1', 'Copy of 03_modeling.ipynb', 'elsewhere/trial.ipynb'];
  assert.deepEqual(selectNotebooks(dir, selection, dir), [
    path.join(dir, '02_exploratory_data_analysis-Copy1.ipynb'),
    path.join(dir, 'Copy of 03_modeling.ipynb'),
    path.join(elsewhere, 'trial.ipynb'),
  ]);
});

test('a name that fits no stage, or several, or a missing path, is refused with the choices', (t) => {
  const dir = notebooksFolder([...STAGES, ...EXTRAS]);
  t.after(() => fs.rmSync(dir, { recursive: true }));
  assert.throws(
    () => selectNotebooks(dir, ['0'], dir),
    /"0" matches 4 stage notebooks; choose from 01_data_engineering\.ipynb, /,
  );
  assert.throws(
    () => selectNotebooks(dir, ['05'], dir),
    /"05" names no stage notebook; choose from .*file name or path/,
  );
  assert.throws(() => selectNotebooks(dir, ['missing/x.ipynb'], dir), /no notebook at .*missing\/x\.ipynb/);
});

test('a stage notebook missing from the folder is said, not silently skipped', (t) => {
  const dir = notebooksFolder([STAGES[0], STAGES[1], STAGES[3]]);
  t.after(() => fs.rmSync(dir, { recursive: true }));
  assert.throws(() => selectNotebooks(dir, [], dir), /lacks the stage notebook\(s\) 03_modeling\.ipynb/);
});
