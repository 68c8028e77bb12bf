/**
 * Incremental RFC 4180 tokenizer over decoded text. Text arrives in arbitrary pieces; an
 * incomplete trailing record is carried over to the next piece. Records are located, not
 * copied: `next()` moves to the next complete record and leaves each field's offsets in the
 * buffer, so a caller that parses fields in place (the ETL) makes no garbage per field, and
 * `record()` materialises the strings for callers that want them.
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

/**
 * The current record of a tokenizer: field k is `text.slice(starts[k], ends[k])`, quotes
 * already removed; a quoted field with doubled quotes still holds them there, so read such
 * values through `field(k)`. Offsets are valid until the next call to `next()`.
 */
export interface CsvRecordView {
  readonly line: number;
  readonly fieldCount: number;
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Field k as a string, doubled quotes undone. */
  field(k: number): string;
}

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const INCOMPLETE = -1;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvTokenizer implements CsvRecordView {
  line = 0;
  fieldCount = 0;
  text = '';
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  private escaped = new Uint8Array(32);
  private pos = 0;
  private final = false;
  private nextLine = 1;
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
    return this.nextLine + countNewlines(this.text, this.pos, this.text.length);
  }

  /** Appends `text` to any carried-over text; `final` says no more text will follow. */
  push(text: string, final: boolean): void {
    this.text = this.pos >= this.text.length ? text : this.text.slice(this.pos) + text;
    this.pos = 0;
    this.final = final;
  }

  /** Moves to the next complete record; false when more text is needed (or none is left). */
  next(): boolean {
    const buf = this.text;
    while (this.pos < buf.length) {
      const start = this.pos;
      let newline = buf.indexOf('\n', start);
      if (newline === -1) {
        if (!this.final) break;
        newline = buf.length;
      }
      if (newline - start > this.maxLineLength) this.failTooLong(this.nextLine, false);
      const end = this.parseRecord(buf, start, newline);
      if (end === INCOMPLETE) break;
      this.pos = end;
      if (this.fieldCount === 1 && this.starts[0] === this.ends[0] && buf.charCodeAt(start) !== QUOTE) {
        this.blankLines++;
        this.nextLine++;
        continue;
      }
      this.line = this.nextLine;
      this.nextLine += end === newline + 1 ? 1 : countNewlines(buf, start, end);
      return true;
    }
    const carried = buf.length - this.pos;
    if (carried > this.maxLineLength) this.failTooLong(this.nextLine, buf.indexOf('\n', this.pos) !== -1);
    return false;
  }

  field(k: number): string {
    const value = this.text.slice(this.starts[k], this.ends[k]);
    return this.escaped[k] === 1 ? value.replace(/""/g, '"') : value;
  }

  /** The current record with its fields as strings. */
  record(): CsvRecord {
    const fields = new Array<string>(this.fieldCount);
    for (let k = 0; k < this.fieldCount; k++) fields[k] = this.field(k);
    return { line: this.line, fields };
  }

  /**
   * Locates the fields of the record starting at `start`, whose first line ends at `newline`.
   * Returns the offset just past the record's line end, or INCOMPLETE when more text is needed.
   */
  private parseRecord(buf: string, start: number, newline: number): number {
    const final = this.final;
    let count = 0;
    let i = start;
    for (;;) {
      if (count === this.starts.length) this.grow();
      if (buf.charCodeAt(i) === QUOTE) {
        let segment = i + 1;
        let escaped = 0;
        let close: number;
        for (;;) {
          close = buf.indexOf('"', segment);
          if (close === -1 || (close === buf.length - 1 && !final)) {
            if (final)
              this.fail(
                this.nextLine + countNewlines(buf, start, i),
                `unterminated quoted field ${count + 1} (no closing quote before end of file)`,
              );
            return INCOMPLETE;
          }
          if (buf.charCodeAt(close + 1) !== QUOTE) break;
          escaped = 1;
          segment = close + 2;
        }
        this.setField(count++, i + 1, close, escaped);
        i = close + 1;
        const after = buf.charCodeAt(i);
        if (after === COMMA) {
          i++;
          continue;
        }
        if (i >= buf.length) return final ? i : INCOMPLETE;
        if (after === LF) return i + 1;
        if (after === CR) {
          if (i + 1 >= buf.length) return final ? i + 1 : INCOMPLETE;
          if (buf.charCodeAt(i + 1) === LF) return i + 2;
        }
        const shown = JSON.stringify(buf.slice(i, i + 10));
        this.fail(
          this.nextLine + countNewlines(buf, start, i),
          `unexpected text ${shown} after the closing quote of field ${count}; ` +
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
        this.setField(count++, i, comma, 0);
        i = comma + 1;
        continue;
      }
      const end = newline > i && buf.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      this.setField(count, i, end, 0);
      return Math.min(newline + 1, buf.length);
    }
  }

  private setField(k: number, start: number, end: number, escaped: number): void {
    this.starts[k] = start;
    this.ends[k] = end;
    this.escaped[k] = escaped;
    this.fieldCount = k + 1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
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
