/**
 * The one storage abstraction of the pipeline. Every layer (raw, silver, gold, models,
 * capture) talks to an ObjectStore; the S3 implementation serves both the embedded local
 * server and real AWS, the others exist for reading fixtures and for tests.
 */

export interface ObjectInfo {
  /** Key relative to the store's root (no leading slash). */
  key: string;
  size: number;
  lastModified: Date;
}

export interface PutOptions {
  contentType?: string;
  /**
   * User metadata (S3 `x-amz-meta-*`); keys lower-case. Any text: every store encodes it and cuts it to
   * S3's 2 KB the same way (object-metadata.ts), and gives back the text on get.
   */
  metadata?: Record<string, string>;
  /**
   * Put-if-absent: fail with ObjectExistsError when the key already exists. Stores that cannot
   * enforce it say so through `supportsConditionalPut`.
   */
  ifNoneMatch?: boolean;
}

export interface StoredObject {
  body: Uint8Array;
  metadata: Record<string, string>;
  contentType?: string;
}

export interface ObjectStore {
  /** Human-readable location used in error messages, e.g. `s3://silver-data/stroke`. */
  readonly description: string;
  /** Whether `ifNoneMatch` is enforced atomically by this store. */
  readonly supportsConditionalPut: boolean;
  get(key: string): Promise<StoredObject>;
  /** Returns undefined when the key does not exist. */
  tryGet(key: string): Promise<StoredObject | undefined>;
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** Every object whose key starts with `prefix`, sorted by key, across all pages. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(keys: string[]): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly location: string) {
    super(`object not found: ${location}`);
    this.name = 'ObjectNotFoundError';
  }
}

export class ObjectExistsError extends Error {
  constructor(readonly location: string) {
    super(`object already exists (put-if-absent refused): ${location}`);
    this.name = 'ObjectExistsError';
  }
}

export class StoreUnreachableError extends Error {
  constructor(
    readonly location: string,
    readonly endpoint: string,
    cause: unknown,
  ) {
    super(
      `object store unreachable at ${endpoint} while accessing ${location}: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Is the S3 server running? Locally: npm run s3`,
    );
    this.name = 'StoreUnreachableError';
  }
}

/** The S3 error code (HTTP 507) the embedded server answers when its disk is full; MinIO answers 507 too. */
export const INSUFFICIENT_STORAGE = 'InsufficientStorage';

/** The server could not store the object because its disk is full (HTTP 507, e.g. the embedded server's ENOSPC). */
export class StoreDiskFullError extends Error {
  constructor(
    readonly location: string,
    readonly endpoint: string,
    serverMessage: string,
  ) {
    super(
      `the S3 server's disk is full: ${location} was not written (${endpoint} says: ${serverMessage}). ` +
        'Free disk space there and re-run; the server is still up.',
    );
    this.name = 'StoreDiskFullError';
  }
}

export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

export function joinKey(...parts: string[]): string {
  return parts
    .filter((p) => p.length > 0)
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
}
