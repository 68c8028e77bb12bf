/** RFC 4180 output: a field is quoted only when it has to be, so other fields stay byte-identical. */

const NEEDS_QUOTES = /[",\r\n]/;

export function formatCsvField(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

export function formatCsvRow(fields: readonly string[]): string {
  let row = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) row += ',';
    row += formatCsvField(fields[i]);
  }
  return row;
}
