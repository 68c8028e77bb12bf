/**
 * Incremental RFC 4180 record splitter over decoded text. Text arrives in arbitrary pieces;
 * an incomplete trailing record is carried over to the next piece.
 *
 * Accepted dialect (documented choices):
 * - records end with CRLF or LF, mixed freely; a lone CR is ordinary field data;
 * - a quoted field may contain commas, doubled quotes ("") and line breaks (kept as written);
 * - a quote inside an unquoted field is kept as data (as Python's csv module does);
 * - after a closing quote only a comma or a line end may follow, anything else is an error;
 * - blank lines are skipped and counted, never turned into records.
 */
import { CsvFormatError } from './csv-errors';

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const INCOMPLETE = -1;

export class CsvRecordSplitter {
  private carry = '';
  private line = 1;
  private blankLines = 0;

  constructor(
    private readonly fileName: string,
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
  ) {
    if (!(maxLineLength > 0)) throw new RangeError(`maxLineLength must be positive, got ${maxLineLength}`);
  }

  get blankLinesSkipped(): number {
    return this.blankLines;
  }

  /** Physical line number just after all text pushed so far (used to locate decoding errors). */
  lineAfterPushedText(): number {
    return this.line + countNewlines(this.carry, 0, this.carry.length);
  }

  /** Splits `text` (appended to any carried-over text) into complete records. */
  push(text: string, final: boolean): CsvRecord[] {
    const buf = this.carry.length === 0 ? text : this.carry + text;
    const records: CsvRecord[] = [];
    const max = this.maxLineLength;
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    while (pos < buf.length) {
      let newline = buf.indexOf('\n', pos);
      if (newline === -1) {
        if (!final) break;
        newline = buf.length;
      }
      if (newline - pos > max) this.failTooLong(this.line, false);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextQuote === -1 || nextQuote > newline) {
        const end = newline > pos && buf.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        if (end === pos) this.blankLines++;
        else records.push({ line: this.line, fields: buf.slice(pos, end).split(',') });
        this.line++;
        pos = newline + 1;
        continue;
      }
      const fields: string[] = [];
      const end = this.parseQuotedRecord(buf, pos, final, fields);
      if (end === INCOMPLETE) break;
      records.push({ line: this.line, fields });
      this.line += countNewlines(buf, pos, end);
      pos = end;
    }
    this.carry = pos >= buf.length ? '' : buf.slice(pos);
    if (this.carry.length > max) this.failTooLong(this.line, this.carry.indexOf('\n') !== -1);
    return records;
  }

  /**
   * Parses one record containing at least one quote, starting at `start`. Fills `fields` and
   * returns the offset just past the record's line end, or INCOMPLETE when more text is needed.
   */
  private parseQuotedRecord(buf: string, start: number, final: boolean, fields: string[]): number {
    let i = start;
    let newline = -2;
    for (;;) {
      if (buf.charCodeAt(i) === 34) {
        const fieldLine = this.line + countNewlines(buf, start, i);
        let value = '';
        let segment = i + 1;
        let close: number;
        for (;;) {
          close = buf.indexOf('"', segment);
          if (close === -1 || (close === buf.length - 1 && !final)) {
            if (final) this.fail(fieldLine, `unterminated quoted field ${fields.length + 1} (no closing quote before end of file)`);
            return INCOMPLETE;
          }
          if (buf.charCodeAt(close + 1) === 34) {
            value += buf.slice(segment, close + 1);
            segment = close + 2;
            continue;
          }
          value += buf.slice(segment, close);
          break;
        }
        fields.push(value);
        i = close + 1;
        const after = buf.charCodeAt(i);
        if (after === 44) {
          i++;
          continue;
        }
        if (i >= buf.length) return final ? i : INCOMPLETE;
        if (after === 10) return i + 1;
        if (after === 13) {
          if (i + 1 >= buf.length) return final ? i + 1 : INCOMPLETE;
          if (buf.charCodeAt(i + 1) === 10) return i + 2;
        }
        const shown = JSON.stringify(buf.slice(i, i + 10));
        this.fail(
          this.line + countNewlines(buf, start, i),
          `unexpected text ${shown} after the closing quote of field ${fields.length}; ` +
            'expected a comma or a line end (quotes inside a quoted field must be doubled: "")',
        );
      }
      if (newline < i) {
        newline = buf.indexOf('\n', i);
        if (newline === -1) {
          if (!final) return INCOMPLETE;
          newline = buf.length;
        }
      }
      const comma = buf.indexOf(',', i);
      if (comma !== -1 && comma < newline) {
        fields.push(buf.slice(i, comma));
        i = comma + 1;
        continue;
      }
      const end = newline > i && buf.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      fields.push(buf.slice(i, end));
      return Math.min(newline + 1, buf.length);
    }
  }

  private failTooLong(line: number, spansLines: boolean): never {
    const what = spansLines ? `record starting at line ${line}` : `line ${line}`;
    const hint = spansLines
      ? 'a quoted field is probably never closed'
      : 'the file is probably not a line-oriented CSV, or it is corrupt';
    this.fail(line, `${what} is longer than the maximum of ${this.maxLineLength} characters; ${hint}`);
  }

  private fail(line: number, detail: string): never {
    throw new CsvFormatError(this.fileName, line, detail);
  }
}

export function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
