/** Arrow tables shown as notebook tables (first rows, dates as yyyy-MM-dd). */
import type { Table } from 'apache-arrow';
import { displayTable, type Cell } from './display';

function toCell(value: unknown, typeName: string): Cell {
  if (value === null || value === undefined) return null;
  if (typeName.startsWith('Date') && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export function arrowRows(table: Table, limit = table.numRows): Record<string, Cell>[] {
  const fields = table.schema.fields;
  const vectors = fields.map((f) => table.getChild(f.name));
  const rows: Record<string, Cell>[] = [];
  for (let i = 0; i < Math.min(limit, table.numRows); i++) {
    const row: Record<string, Cell> = {};
    fields.forEach((field, c) => (row[field.name] = toCell(vectors[c]?.get(i), String(field.type))));
    rows.push(row);
  }
  return rows;
}

export function displayArrowTable(table: Table, options: { title?: string; limit?: number } = {}): void {
  const limit = options.limit ?? 5;
  const title =
    options.title ??
    `${table.numRows.toLocaleString('en-US')} rows × ${table.numCols} columns (first ${Math.min(limit, table.numRows)})`;
  displayTable(arrowRows(table, limit), { title });
}

/** Null count per column: a check the original notebook printed after every load. */
export function nullCounts(table: Table): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const field of table.schema.fields) counts[field.name] = table.getChild(field.name)?.nullCount ?? 0;
  return counts;
}
