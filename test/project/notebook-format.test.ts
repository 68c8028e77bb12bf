import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatCell, formatNotebookCells, prettierOptionsFor } from '../../scripts/lib/notebook-format';
import { formatFindings } from '../../scripts/lib/format-check';
import { serializeNotebook, type Notebook } from '../../scripts/lib/notebook-file';
import { paths } from '../../shared/core/project/paths';

// A cell as someone might type it: double quotes, no semicolons, cramped braces, one line of 150
// characters, top-level await and the `{ x: x }` a notebook needs (shorthand fails in tslab).
const UNFORMATTED =
  'const table = await readDeltaTable(opened.stores.silver, "stroke/")\n' +
  'const summary = {rows: table.numRows, x: x}\n' +
  'display(summarize(table, { columns: ["age", "bmi", "avg_glucose_level"], groups: ["gender", "work_type"], bins: 20 }), "summary of the silver table")';
// The same cell as .prettierrc.json says (written out by hand, not by Prettier).
const FORMATTED =
  "const table = await readDeltaTable(opened.stores.silver, 'stroke/');\n" +
  'const summary = { rows: table.numRows, x: x };\n' +
  'display(\n' +
  "  summarize(table, { columns: ['age', 'bmi', 'avg_glucose_level'], groups: ['gender', 'work_type'], bins: 20 }),\n" +
  "  'summary of the silver table',\n" +
  ');';

function notebookOf(sources: string[]): Notebook {
  return {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: '# Title\nsome   *markdown*  ', id: 'cell-00' },
      ...sources.map((source, i) => ({
        cell_type: 'code' as const,
        metadata: { tags: ['t'] },
        source,
        outputs: [],
        execution_count: null,
        id: `cell-0${i + 1}`,
      })),
    ],
    metadata: { kernelspec: { name: 'k' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

test('a badly formatted cell comes out in the project style, keeping top-level await and { x: x }', async () => {
  const options = await prettierOptionsFor(paths.notebooks);
  const formatted = await formatCell(UNFORMATTED, options);
  assert.equal(formatted, FORMATTED);
  for (const line of formatted.split('\n')) assert.ok(line.length <= 120, `${line.length} characters: ${line}`);
});

test('a formatted cell comes out unchanged, with or without a final newline', async () => {
  const options = await prettierOptionsFor(paths.notebooks);
  assert.equal(await formatCell(FORMATTED, options), FORMATTED);
  assert.equal(await formatCell(FORMATTED + '\n', options), FORMATTED + '\n');
});

test('formatNotebookCells formats the code cells only, keeps ids and metadata, and names the changed cells', async () => {
  const options = await prettierOptionsFor(paths.notebooks);
  const notebook = notebookOf([FORMATTED, UNFORMATTED]);
  const { notebook: out, changedCells } = await formatNotebookCells(notebook, 'n.ipynb', options);
  assert.deepEqual(changedCells, [2]);
  assert.deepEqual(out, notebookOf([FORMATTED, FORMATTED]));
  assert.deepEqual(notebook, notebookOf([FORMATTED, UNFORMATTED]), 'the input notebook is not modified');
});

test('a code cell that does not parse is named by notebook, cell number and id', async () => {
  const options = await prettierOptionsFor(paths.notebooks);
  await assert.rejects(
    formatNotebookCells(notebookOf(['const ok = 1;', 'const = ;']), 'n.ipynb', options),
    (error: Error) => {
      assert.match(error.message, /^n\.ipynb: code cell 2 \(id cell-02\): /);
      return true;
    },
  );
});

test('the format check names an unformatted file and an unformatted notebook cell, and passes once formatted', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'format-check-'));
  try {
    fs.copyFileSync(path.join(paths.root, '.prettierrc.json'), path.join(root, '.prettierrc.json'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'notebooks'));
    const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
    write('src/a.ts', UNFORMATTED + '\n');
    write('src/b.ts', FORMATTED + '\n');
    write('notebooks/n.ipynb', serializeNotebook(notebookOf([FORMATTED, UNFORMATTED])));
    assert.deepEqual(await formatFindings(root), [
      'src/a.ts: not formatted',
      'notebooks/n.ipynb: code cell 2 not formatted (npm run notebooks:clean)',
    ]);
    write('src/a.ts', FORMATTED + '\n');
    write('notebooks/n.ipynb', serializeNotebook(notebookOf([FORMATTED, FORMATTED])));
    assert.deepEqual(await formatFindings(root), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
