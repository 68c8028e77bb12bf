import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasOutputs, joinSource, parseNotebook } from '../../shared/project/notebook-file';
import { KERNEL_NAME } from '../../shared/project/kernelspec';
import { paths } from '../../shared/project/paths';

const expected = ['01_data_engineering', '02_exploratory_data_analysis', '03_modeling', '04_deployment_and_monitoring'];

test('the four notebooks exist', () => {
  const present = fs.readdirSync(paths.notebooks).filter((f) => f.endsWith('.ipynb')).map((f) => f.replace(/\.ipynb$/, ''));
  assert.deepEqual(present.sort(), expected);
});

for (const name of expected) {
  const file = path.join(paths.notebooks, `${name}.ipynb`);
  test(`${name}: committed without outputs or execution counts (npm run notebooks:clean)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    assert.equal(hasOutputs(notebook), false);
  });
  test(`${name}: uses the project kernel, opens with title, goal, reads/writes and duration, ends with a link`, () => {
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
    const last = notebook.cells[notebook.cells.length - 1];
    assert.equal(last.cell_type, 'markdown');
    assert.match(joinSource(last.source), /\]\(0\d_[a-z_]+\.ipynb\)/);
  });
  test(`${name}: every code cell is short (at most 30 lines)`, () => {
    const notebook = parseNotebook(fs.readFileSync(file, 'utf8'), file);
    notebook.cells.forEach((cell, index) => {
      if (cell.cell_type !== 'code') return;
      const lines = joinSource(cell.source).split('\n').length;
      assert.ok(lines <= 30, `cell ${index + 1} has ${lines} lines`);
    });
  });
}
