/**
 * danfojs is the notebooks' DataFrame, as pandas was the original's. It infers column types
 * from the first rows (ages like 0.08 became int32), so frames are built from Arrow tables with
 * an explicit dtype per column. It is for showing tables; computations stay on Arrow/typed arrays.
 */
import { DataFrame } from 'danfojs-node';
import type { Table } from 'apache-arrow';
import { arrowRows } from '../../core/notebook/arrow-display';
import { displayTable, type Cell } from '../../core/notebook/display';

type DanfoDtype = 'float32' | 'int32' | 'string' | 'boolean';

function danfoDtype(arrowType: string): DanfoDtype {
  if (arrowType.startsWith('Float')) return 'float32';
  if (arrowType.startsWith('Int') || arrowType.startsWith('Uint')) return 'int32';
  if (arrowType === 'Bool') return 'boolean';
  return 'string';
}

/** A DataFrame of the table's rows with dtypes taken from the Arrow schema, never inferred. */
export function toDataFrame(table: Table, limit = table.numRows): DataFrame {
  const columns = table.schema.fields.map((f) => f.name);
  const dtypes = table.schema.fields.map((f) => danfoDtype(String(f.type)));
  const rows = arrowRows(table, limit).map((row) => columns.map((c) => row[c] ?? null));
  return new DataFrame(rows, { columns, dtypes });
}

/** Shows a DataFrame (with its index) as a notebook table. */
export function displayDataFrame(frame: DataFrame, title: string): void {
  const columns = frame.columns.map(String);
  const values = frame.values as unknown as Cell[][];
  const rows = values.map((row, i) => {
    const record: Record<string, Cell> = { '': String(frame.index[i]) };
    columns.forEach((c, j) => (record[c] = row[j]));
    return record;
  });
  displayTable(rows, { title, columns: ['', ...columns] });
}

/** A danfojs Series' value counts as a notebook table (value, count). */
export function displayValueCounts(frame: DataFrame, column: string): void {
  const counts = frame.column(column).valueCounts();
  const values = counts.values as unknown as Cell[];
  displayTable(
    counts.index.map((value, i) => ({ [column]: String(value), count: values[i] })),
    { title: `${column}.valueCounts()` },
  );
}
