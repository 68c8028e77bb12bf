/**
 * In-memory ObjectStore for tests. Enforces put-if-absent exactly like S3 conditional writes,
 * and lets a test inject faults or pauses into `put` to simulate crashes and races.
 */
import {
  ObjectExistsError,
  ObjectInfo,
  ObjectNotFoundError,
  ObjectStore,
  PutOptions,
  StoredObject,
  toBytes,
} from './object-store';
import { decodeMetadata, encodeMetadata } from './object-metadata';

interface MemoryEntry {
  body: Uint8Array;
  metadata: Record<string, string>;
  contentType?: string;
  lastModified: Date;
}

/** Runs before every put is applied; throwing aborts the put, awaiting delays it. */
export type PutInterceptor = (key: string) => void | Promise<void>;

export class MemoryObjectStore implements ObjectStore {
  readonly supportsConditionalPut = true;
  private readonly objects = new Map<string, MemoryEntry>();
  private readonly interceptors: PutInterceptor[] = [];

  constructor(readonly description = 'memory://') {}

  async get(key: string): Promise<StoredObject> {
    const found = await this.tryGet(key);
    if (found === undefined) throw new ObjectNotFoundError(this.location(key));
    return found;
  }

  async tryGet(key: string): Promise<StoredObject | undefined> {
    const entry = this.objects.get(key);
    if (entry === undefined) return undefined;
    const result: StoredObject = { body: entry.body.slice(), metadata: decodeMetadata(entry.metadata) };
    if (entry.contentType !== undefined) result.contentType = entry.contentType;
    return result;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    assertValidKey(key);
    const metadata = encodeMetadata(options.metadata);
    for (const intercept of this.interceptors) await intercept(key);
    // The existence check and the insert run without an await between them, so two
    // concurrent conditional puts of one key cannot both succeed.
    if (options.ifNoneMatch === true && this.objects.has(key)) {
      throw new ObjectExistsError(this.location(key));
    }
    const entry: MemoryEntry = {
      body: toBytes(body).slice(),
      metadata,
      lastModified: new Date(),
    };
    if (options.contentType !== undefined) entry.contentType = options.contentType;
    this.objects.set(key, entry);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    for (const [key, entry] of this.objects) {
      if (key.startsWith(prefix)) {
        found.push({ key, size: entry.body.byteLength, lastModified: entry.lastModified });
      }
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }

  /** Every put whose key matches fails with `error` (default: a simulated crash) until cleared. */
  failPutsMatching(matches: (key: string) => boolean, error?: () => Error): void {
    this.interceptors.push((key) => {
      if (matches(key)) {
        throw error !== undefined ? error() : new Error(`simulated crash: put of ${this.location(key)} refused`);
      }
    });
  }

  /** Adds an arbitrary hook (e.g. a barrier that holds log writes until two writers arrive). */
  interceptPuts(interceptor: PutInterceptor): void {
    this.interceptors.push(interceptor);
  }

  clearFaults(): void {
    this.interceptors.length = 0;
  }

  /** Number of stored objects (test convenience). */
  get size(): number {
    return this.objects.size;
  }

  private location(key: string): string {
    return `${this.description.replace(/\/+$/, '')}/${key}`;
  }
}

function assertValidKey(key: string): void {
  if (key.length === 0 || key.startsWith('/')) {
    throw new Error(`invalid object key ${JSON.stringify(key)}: expected a non-empty key without a leading slash`);
  }
}
