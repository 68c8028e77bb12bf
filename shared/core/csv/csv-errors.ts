/**
 * A file-level CSV problem that makes the rest of the file untrustworthy (bad encoding, broken
 * quoting, binary data). Row-level problems are quarantined instead; see csv-reader.ts.
 */
export class CsvFormatError extends Error {
  constructor(
    readonly fileName: string,
    /** 1-based physical line where the problem starts; 0 when the file has no lines at all. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${fileName}: line ${line}: ${detail}` : `${fileName}: ${detail}`);
    this.name = 'CsvFormatError';
  }
}

export function binaryDataError(fileName: string, line: number): CsvFormatError {
  return new CsvFormatError(fileName, line, 'contains a NUL byte: this looks like binary data, not a CSV text file');
}

/** Longest piece of input text an error message or warning embeds. */
const MAX_QUOTED_INPUT = 200;

/**
 * `text` from the input, cut to MAX_QUOTED_INPUT characters with "…" and its full length, so a
 * message about a damaged file never carries the file itself.
 */
export function clipInputText(text: string, max = MAX_QUOTED_INPUT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
