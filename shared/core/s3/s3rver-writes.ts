/**
 * Safe writes for the embedded S3 server (s3rver 3.7, used by scripts/s3-server.ts only).
 *
 * s3rver pipes an upload into a file stream without an error listener, so a full disk (ENOSPC)
 * is an uncaught exception that ends the server process; the pipeline then only sees a refused
 * connection. Here its filesystem store gets:
 * - `putObject` and `putPart` that stream the body, then its MD5 and metadata files, into
 *   temporary files next to their targets, wait for them to be flushed and only then rename them
 *   into place: a failed write removes the temporary files, leaves any previous object untouched,
 *   and reads the rest of the request so the client gets the answer instead of a reset connection;
 * - every other store method answering a full disk the same way: an S3 error `InsufficientStorage`
 *   with HTTP 507 (the status MinIO uses for a full drive) and a message naming the disk.
 * Other errors keep s3rver's own handling (a 500 InternalError).
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { INSUFFICIENT_STORAGE } from '../storage/object-store';

/** The parts of s3rver's S3Object this module touches. */
interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

/** The parts of s3rver's FilesystemStore this module uses or replaces. */
interface S3rverFilesystemStore {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<{ size: number; md5: string }>;
}

type S3ErrorClass = new (
  code: string,
  message: string,
  detail?: Record<string, string>,
) => Error & { status: number; expose: boolean };

// s3rver answers an error of its own class with that error's code, status and message.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver's internals have no type declarations
const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { ALLOWED_METADATA } = require('s3rver/lib/models/object') as { ALLOWED_METADATA: string[] };

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

function isDiskFull(error: unknown): error is NodeJS.ErrnoException {
  return (
    typeof error === 'object' && error !== null && DISK_FULL_CODES.has((error as NodeJS.ErrnoException).code ?? '')
  );
}

/** The S3 error a full disk is answered with (status 507, code InsufficientStorage). */
function diskFullError(cause: NodeJS.ErrnoException, directory: string): Error {
  const error = new S3Error(INSUFFICIENT_STORAGE, `no space left on the device holding ${directory} (${cause.code})`);
  error.status = 507;
  error.expose = true;
  console.error(`${new Date().toISOString()} disk full: ${cause.message}`);
  return error;
}

/** Reads the rest of an upload whose write failed, so the client receives the error answer instead of a reset. */
function drain(content: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (content.readableEnded || content.destroyed) return resolve();
    content
      .on('end', resolve)
      .on('close', resolve)
      .on('error', () => resolve())
      .resume();
  });
}

/**
 * Streams `content` into a new temporary file beside `target` and waits until it is flushed.
 * On failure the temporary file is removed and the rest of the upload read, then the error thrown.
 */
async function stage(
  content: Readable | Buffer,
  target: string,
): Promise<{ temporary: string; size: number; md5: string }> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.writing-${randomUUID()}`;
  const md5 = createHash('md5');
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const sink = fs.createWriteStream(temporary);
      const fail = (error: Error): void => {
        if (!Buffer.isBuffer(content)) content.unpipe();
        sink.destroy();
        reject(error);
      };
      // 'close' follows 'finish' once the file is flushed and closed; after an error it follows too.
      let finished = false;
      sink
        .on('error', fail)
        .on('finish', () => (finished = true))
        .on('close', () => finished && resolve());
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      measure.on('error', fail).pipe(sink);
      if (Buffer.isBuffer(content)) measure.end(content);
      else content.on('error', fail).pipe(measure);
    });
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    if (!Buffer.isBuffer(content)) await drain(content);
    throw error;
  }
  return { temporary, size, md5: md5.digest('hex') };
}

async function stageText(text: string, target: string): Promise<string> {
  return (await stage(Buffer.from(text, 'utf8'), target)).temporary;
}

/** Moves staged files into place (renames need no space); on failure removes what is still staged. */
async function commitStaged(stageAll: (staged: Array<[string, string]>) => Promise<void>): Promise<void> {
  const staged: Array<[string, string]> = [];
  try {
    await stageAll(staged);
    while (staged.length > 0) {
      const [temporary, target] = staged[0];
      await fsp.rename(temporary, target);
      staged.shift();
    }
  } finally {
    await Promise.all(staged.map(([temporary]) => fsp.rm(temporary, { force: true })));
  }
}

/** What s3rver keeps of an upload's headers (its FilesystemStore.putMetadata). */
function storedMetadata(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')),
  );
}

/** Replaces the write paths of s3rver's store (`server.store`) as described above. */
export function guardS3rverWrites(server: object): void {
  const store = (server as { store: S3rverFilesystemStore }).store;
  const directory = store.rootDirectory;
  store.putObject = async (object) => {
    const target = store.getResourcePath(object.bucket, object.key, 'object');
    let written = { size: 0, md5: '' };
    await commitStaged(async (staged) => {
      const body = await stage(object.content, target);
      staged.push([body.temporary, target]);
      written = { size: body.size, md5: body.md5 };
      const md5File = store.getResourcePath(object.bucket, object.key, 'object.md5');
      staged.push([await stageText(body.md5, md5File), md5File]);
      const metadataFile = store.getResourcePath(object.bucket, object.key, 'metadata.json');
      staged.push([
        await stageText(JSON.stringify(storedMetadata(object.metadata), null, 2), metadataFile),
        metadataFile,
      ]);
    });
    return written;
  };
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const target = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    let written = { size: 0, md5: '' };
    await commitStaged(async (staged) => {
      const body = await stage(content, target);
      staged.push([body.temporary, target]);
      written = { size: body.size, md5: body.md5 };
      staged.push([await stageText(body.md5, `${target}.md5`), `${target}.md5`]);
    });
    return written;
  };
  const methods = store as unknown as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(store)); // putObject and putPart among them
  for (const name of names) {
    const method = methods[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    methods[name] = (...args: unknown[]): unknown => {
      const translate = (error: unknown): never => {
        throw isDiskFull(error) ? diskFullError(error, directory) : error;
      };
      try {
        const result: unknown = method.apply(store, args);
        return result instanceof Promise ? result.catch(translate) : result;
      } catch (error) {
        return translate(error);
      }
    };
  }
}
