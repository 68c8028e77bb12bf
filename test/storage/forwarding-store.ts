/**
 * A store that passes every call to another: tests subclass it and override only the calls whose
 * behaviour they change (a crash, a stale listing, no conditional put, hidden keys).
 */
import type { ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../../shared/core/storage/object-store';

export class ForwardingStore implements ObjectStore {
  constructor(protected readonly inner: ObjectStore) {}
  get supportsConditionalPut(): boolean {
    return this.inner.supportsConditionalPut;
  }
  get description(): string {
    return this.inner.description;
  }
  get(key: string): Promise<StoredObject> {
    return this.inner.get(key);
  }
  tryGet(key: string): Promise<StoredObject | undefined> {
    return this.inner.tryGet(key);
  }
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    return this.inner.put(key, body, options);
  }
  list(prefix: string): Promise<ObjectInfo[]> {
    return this.inner.list(prefix);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
