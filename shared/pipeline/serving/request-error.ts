/**
 * A request the endpoint refuses: carries the HTTP status and, when one field is to blame, its
 * name, so clients can show the problem next to the input that caused it.
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Extra response headers the status calls for (e.g. `Allow` on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export function badRequest(message: string, field?: string): RequestError {
  return new RequestError(400, message, field);
}
