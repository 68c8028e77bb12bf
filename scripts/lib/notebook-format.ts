/**
 * Prettier for the notebooks' code cells: each cell is formatted as a TypeScript module (where
 * top-level await is valid) with the project's .prettierrc.json, the same style as the .ts files.
 * A cell keeps its id, metadata and outputs; only its source changes.
 */
import * as path from 'node:path';
import * as prettier from 'prettier';
import { joinSource, type Notebook } from './notebook-file';

/** The options .prettierrc.json gives a file in `folder`; throws when there is no configuration. */
export async function prettierOptionsFor(folder: string): Promise<prettier.Options> {
  const options = await prettier.resolveConfig(path.join(folder, 'cell.ts'), { editorconfig: false });
  if (options === null) throw new Error(`no Prettier configuration (.prettierrc.json) applies to ${folder}`);
  return options;
}

/** One cell's source, formatted; a cell that did not end with a newline still does not. */
export async function formatCell(source: string, options: prettier.Options): Promise<string> {
  const formatted = await prettier.format(source, { ...options, parser: 'typescript' });
  return source.endsWith('\n') ? formatted : formatted.replace(/\n$/, '');
}

export interface FormattedNotebook {
  notebook: Notebook;
  /** 1-based numbers, among code cells, of the cells whose source changed. */
  changedCells: number[];
}

/** The notebook with every code cell formatted; `fileName` names it in a cell's syntax error. */
export async function formatNotebookCells(
  notebook: Notebook,
  fileName: string,
  options: prettier.Options,
): Promise<FormattedNotebook> {
  const changedCells: number[] = [];
  let codeCellNumber = 0;
  const cells = [];
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') {
      cells.push(cell);
      continue;
    }
    codeCellNumber += 1;
    const source = joinSource(cell.source);
    let formatted: string;
    try {
      formatted = await formatCell(source, options);
    } catch (error) {
      const where = `${fileName}: code cell ${codeCellNumber}${cell.id === undefined ? '' : ` (id ${cell.id})`}`;
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (formatted === source) cells.push(cell);
    else {
      changedCells.push(codeCellNumber);
      cells.push({ ...cell, source: formatted });
    }
  }
  return { notebook: { ...notebook, cells }, changedCells };
}
