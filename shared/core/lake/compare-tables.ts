/**
 * Row-for-row comparison of two Arrow tables as multisets of rows (a partitioned Delta table
 * returns rows grouped by partition, not in the order they were written).
 */
import type { Table } from 'apache-arrow';

export interface TableDiff {
  equal: boolean;
  expectedRows: number;
  actualRows: number;
  /** Column names present in only one of the tables. */
  columnMismatch: string[];
  /** Up to 5 rows of each side that have no counterpart. */
  onlyExpected: string[];
  onlyActual: string[];
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return value ?? null;
}

function rowKeys(table: Table, columns: string[]): string[] {
  const vectors = columns.map((c) => table.getChild(c));
  const keys = new Array<string>(table.numRows);
  for (let i = 0; i < table.numRows; i++) keys[i] = JSON.stringify(vectors.map((v) => normalise(v?.get(i))));
  return keys.sort();
}

export function diffTables(expected: Table, actual: Table): TableDiff {
  const expectedColumns = expected.schema.fields.map((f) => f.name);
  const actualColumns = new Set(actual.schema.fields.map((f) => f.name));
  const columnMismatch = [
    ...expectedColumns.filter((c) => !actualColumns.has(c)),
    ...[...actualColumns].filter((c) => !expectedColumns.includes(c)),
  ];
  const base = { expectedRows: expected.numRows, actualRows: actual.numRows, columnMismatch };
  if (columnMismatch.length > 0) return { ...base, equal: false, onlyExpected: [], onlyActual: [] };
  const left = rowKeys(expected, expectedColumns);
  const right = rowKeys(actual, expectedColumns);
  const onlyExpected: string[] = [];
  const onlyActual: string[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length || (i < left.length && left[i] < right[j])) onlyExpected.push(left[i++]);
    else if (i >= left.length || right[j] < left[i]) onlyActual.push(right[j++]);
    else {
      i++;
      j++;
    }
  }
  const equal = onlyExpected.length === 0 && onlyActual.length === 0;
  return { ...base, equal, onlyExpected: onlyExpected.slice(0, 5), onlyActual: onlyActual.slice(0, 5) };
}
