/**
 * Rich output from notebook cells. tslab's public `display.raw` sends one MIME type per
 * message; a chart needs a bundle (HTML for nbconvert's HTML and classic front ends, plotly JSON
 * for front ends that render it natively, plain text for terminals), so we write whole bundles
 * through tslab's display channel. Outside a kernel (tests, scripts) bundles go to a sink.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
export type MimeBundle = Record<string, unknown>;

export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}

type DisplaySink = (message: DisplayMessage) => void;
type CellWriter = (message: DisplayMessage, update: boolean) => void;

interface TslabJupyterModule {
  lastWriteDisplayData: CellWriter | null;
}

/** The writer of the cell a computation started in (see inThisCell). */
const cellWriter = new AsyncLocalStorage<CellWriter>();

let testSink: DisplaySink | undefined;

/** Routes displays to `sink` (tests); pass undefined to restore the kernel channel. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  testSink = sink;
}

function tslabChannel(): TslabJupyterModule | undefined {
  try {
    // Resolved lazily: only a tslab kernel has an active display channel.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous and optional: import() would be async
    const jupyter = require('tslab/dist/jupyter') as TslabJupyterModule;
    return jupyter.lastWriteDisplayData ? jupyter : undefined;
  } catch {
    return undefined;
  }
}

/** True inside a tslab kernel that is executing (or has executed) a cell. */
export function inKernel(): boolean {
  return tslabChannel() !== undefined;
}

/**
 * Runs `body` with every display it makes, however late, sent to the cell executing now. tslab
 * sends displays to the cell whose request came last, so work still running after its cell ended
 * (an interrupted step) would otherwise draw into the next cell.
 */
export function inThisCell<T>(body: () => T): T {
  const writer = tslabChannel()?.lastWriteDisplayData;
  return writer ? cellWriter.run(writer, body) : body();
}

function send(message: DisplayMessage, update: boolean): void {
  if (testSink) return testSink(message);
  const writer = cellWriter.getStore() ?? tslabChannel()?.lastWriteDisplayData;
  if (writer) return writer(message, update);
  const text = message.data['text/plain'];
  console.log(typeof text === 'string' ? text : JSON.stringify(message.data));
}

export function displayBundle(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
  send({ data, metadata, transient: {} }, false);
}

let displays = 0;

/**
 * A display that each call replaces in place (Jupyter's display_id: the first call sends
 * display_data, later ones update_display_data); an executed notebook keeps the last state.
 */
function updatableDisplay(): (data: MimeBundle) => void {
  const id = `stroke-pipeline-${process.pid}-${++displays}`;
  let shown = false;
  return (data) => {
    send({ data, metadata: {}, transient: { display_id: id } }, shown);
    shown = true;
  };
}

/** A one-line progress display, updated in place: `show('trial 3 of 12 …')`. */
export function progressDisplay(): (text: string) => void {
  const update = updatableDisplay();
  return (text) =>
    update({
      'text/html': `<div style="font-family:monospace;color:#555">${escapeHtml(text)}</div>`,
      'text/plain': text,
    });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function displayHtml(html: string, plainText: string): void {
  displayBundle({ 'text/html': html, 'text/plain': plainText });
}

export function displayMarkdown(markdown: string): void {
  displayBundle({ 'text/markdown': markdown, 'text/plain': markdown });
}

export type Cell = string | number | boolean | null | undefined;

function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3
      ? value.toPrecision(4)
      : value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  }
  return String(value);
}

function asCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A table as HTML (rendered) and aligned text (terminals, logs). */
export function displayTable<Row extends object>(
  rows: readonly Row[],
  options: { title?: string; columns?: string[] } = {},
): void {
  const columns = options.columns ?? Array.from(new Set(rows.flatMap((row) => Object.keys(row))));
  const cells = rows.map((row) => columns.map((c) => formatCell(asCell((row as Record<string, unknown>)[c]))));
  const header = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cells.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
  const caption = options.title
    ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.title)}</caption>`
    : '';
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padStart(widths[i])).join('  ');
  const text = [options.title ?? '', line(columns), ...cells.map(line)].filter((l) => l !== '').join('\n');
  displayHtml(
    `<table class="pipeline-table">${caption}<thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>`,
    text,
  );
}
