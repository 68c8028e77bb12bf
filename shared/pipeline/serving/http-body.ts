/**
 * Reading request bodies within a byte limit, and the media types /invocations accepts.
 * An oversized body is refused as soon as it is known to be too big (from Content-Length, or
 * the moment the streamed bytes pass the limit); what was read up to then is all that is kept.
 */
import type { IncomingMessage } from 'node:http';
import { RequestError, badRequest } from './request-error';

export type InvocationFormat = 'csv' | 'json' | 'libsvm';

const MEDIA_TYPES: Readonly<Record<string, InvocationFormat>> = {
  'text/csv': 'csv',
  'application/json': 'json',
  // The two names the built-in XGBoost container accepts for libsvm.
  'text/libsvm': 'libsvm',
  'text/x-libsvm': 'libsvm',
};

/** The invocation format of a Content-Type header; 415 for anything else or a non-UTF-8 charset. */
export function invocationFormat(contentType: string | undefined): InvocationFormat {
  const accepted = Object.keys(MEDIA_TYPES).join(' or ');
  if (contentType === undefined || contentType.trim() === '') {
    throw new RequestError(415, `missing Content-Type header; send ${accepted}`, 'Content-Type');
  }
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim());
  const format = MEDIA_TYPES[mediaType.toLowerCase()];
  if (format === undefined) {
    throw new RequestError(
      415,
      `unsupported Content-Type ${JSON.stringify(contentType)}; send ${accepted}`,
      'Content-Type',
    );
  }
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    const charset = value.replace(/^"|"$/g, '').toLowerCase();
    if (name.toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      throw new RequestError(
        415,
        `unsupported charset ${JSON.stringify(value)} in Content-Type; bodies must be UTF-8`,
        'Content-Type',
      );
    }
  }
  return format;
}

/** 413 when the declared Content-Length already exceeds the limit; 400 when it is not a number. */
export function checkDeclaredLength(declared: string | undefined, maxBytes: number): void {
  if (declared === undefined) return;
  if (!/^\d+$/.test(declared))
    throw badRequest(`Content-Length ${JSON.stringify(declared)} is not a byte count`, 'Content-Length');
  if (Number(declared) > maxBytes) throw bodyTooLarge(`declares ${declared} bytes`, maxBytes);
}

/** The 413 for a body that `what` (e.g. "declares 5000 bytes") when the limit is `maxBytes`. */
export function bodyTooLarge(what: string, maxBytes: number): RequestError {
  return new RequestError(413, `the request body ${what}; the limit is ${maxBytes} bytes`);
}

/** The whole body, or a rejection with 413 as soon as it passes `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (error: Error | undefined): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
      if (error !== undefined) reject(error);
      else resolve(Buffer.concat(chunks, total));
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        chunks.length = 0;
        finish(bodyTooLarge(`exceeds ${maxBytes} bytes`, maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onError = (error: Error): void => finish(badRequest(`the request body could not be read: ${error.message}`));
    const onClose = (): void => finish(badRequest('the client closed the connection before the body was complete'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
}
