import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasOutputs, joinSource, parseNotebook } from '../../scripts/lib/notebook-file';
import { KERNEL_NAME } from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';
import { STAGE_NOTEBOOKS } from '../../shared/pipeline/stages';

const expected: string[] = [...STAGE_NOTEBOOKS];

const MAX_LINE = 120;
/** The formatted length of a cell (the format check holds every cell as Prettier writes it). */
const MAX_CELL_LINES = 25;

/** Each code line wider than MAX_LINE, as "cell <n> line <k>: <width> characters". */
function wideLines(cells: readonly { cell_type: string; source: string | string[] }[]): string[] {
  return cells.flatMap((cell, index) =>
    cell.cell_type !== 'code'
      ? []
      : joinSource(cell.source)
          .split('\n')
          .flatMap((line, k) =>
            line.length > MAX_LINE ? [`cell ${index + 1} line ${k + 1}: ${line.length} characters`] : [],
          ),
  );
}

/** The titles of the guarded steps a cell runs (`step('title', ...)`). */
const stepTitles = (source: string) => [...source.matchAll(/\bstep\(\s*(['"`])(.*?)\1/g)].map((m) => m[2]);

test('the four notebooks exist', () => {
  const present = fs
    .readdirSync(paths.notebooks)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.replace(/\.ipynb$/, ''));
  assert.deepEqual(present.sort(), expected);
});

for (const name of expected) {
  const file = path.join(paths.notebooks, `${name}.ipynb`);
  test(`${name}: committed without outputs or execution counts (npm run notebooks:clean)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    assert.equal(hasOutputs(notebook), false);
  });
  test(`${name}: uses the project kernel, opens with title, goal, reads/writes, duration and how to run, ends with a link`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    const kernelspec = notebook.metadata.kernelspec as { name?: string } | undefined;
    assert.equal(kernelspec?.name, KERNEL_NAME);
    const first = notebook.cells[0];
    assert.equal(first.cell_type, 'markdown');
    const opening = joinSource(first.source);
    assert.match(opening, /^# \d\d · /);
    assert.match(opening, /\*\*Goal:\*\*/);
    assert.match(opening, /\*\*Reads \/ writes:\*\*/);
    assert.match(opening, /\*\*Runs in:\*\*/);
    assert.match(opening, /\*\*How to run:\*\*.*in order from the top.*Run All Above/s);
    const last = notebook.cells[notebook.cells.length - 1];
    assert.equal(last.cell_type, 'markdown');
    assert.match(joinSource(last.source), /\]\(0\d_[a-z_]+\.ipynb\)/);
  });
  test(`${name}: the first code cell starts the notebook's run and checks that the notebooks before it ran`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    const first = joinSource(notebook.cells.find((cell) => cell.cell_type === 'code')?.source ?? '');
    const start = first.indexOf('\nstartNotebook();\n');
    assert.ok(start >= 0 && start < first.indexOf('step('), 'startNotebook() runs before the first step');
    if (name === expected[0]) assert.doesNotMatch(first, /requireEarlierStages/);
    else assert.match(first, new RegExp(`await requireEarlierStages\\(opened\\.stores, '${name}'\\);`));
  });
  test(`${name}: step titles are unique (a re-run cell is known by its step's title)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    const titles = notebook.cells
      .filter((cell) => cell.cell_type === 'code')
      .flatMap((cell) => stepTitles(joinSource(cell.source)));
    assert.ok(titles.length >= 10, `found ${titles.length} steps`);
    assert.deepEqual(
      titles.filter((title, i) => titles.indexOf(title) !== i),
      [],
    );
  });
  test(`${name}: every code cell is short (at most ${MAX_CELL_LINES} lines, as Prettier formats it)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    notebook.cells.forEach((cell, index) => {
      if (cell.cell_type !== 'code') return;
      const lines = joinSource(cell.source).split('\n').length;
      assert.ok(lines <= MAX_CELL_LINES, `cell ${index + 1} has ${lines} lines`);
    });
  });
  test(`${name}: every code line is at most ${MAX_LINE} characters wide (a short cell may not cram statements)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    assert.deepEqual(wideLines(notebook.cells), []);
  });
}
