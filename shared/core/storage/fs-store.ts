/**
 * ObjectStore over a local directory (fixtures, local development). Keys map to files below
 * `root`; user metadata and content type, which a file system cannot hold, live in sidecar JSON
 * files under `root/.fs-store-meta/` and are invisible to `list`.
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { randomUUID } from 'crypto';
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

const META_DIR = '.fs-store-meta';
const TEMP_MARKER = '.fs-store-tmp-';

interface SidecarMetadata {
  metadata: Record<string, string>;
  contentType?: string;
}

export class FsObjectStore implements ObjectStore {
  readonly supportsConditionalPut = true;
  readonly description: string;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.description = `file://${this.root}`;
  }

  async get(key: string): Promise<StoredObject> {
    const found = await this.tryGet(key);
    if (found === undefined) throw new ObjectNotFoundError(this.location(key));
    return found;
  }

  async tryGet(key: string): Promise<StoredObject | undefined> {
    let body: Buffer;
    try {
      body = await fsp.readFile(this.filePath(key));
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'EISDIR') || isErrno(error, 'ENOTDIR')) return undefined;
      throw error;
    }
    const sidecar = await this.readSidecar(key);
    const result: StoredObject = {
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      metadata: decodeMetadata(sidecar?.metadata),
    };
    if (sidecar?.contentType !== undefined) result.contentType = sidecar.contentType;
    return result;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const target = this.filePath(key);
    const metadata = encodeMetadata(options.metadata);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = `${path.dirname(target)}/${TEMP_MARKER}${randomUUID()}`;
    await fsp.writeFile(temp, toBytes(body));
    try {
      if (options.ifNoneMatch === true) {
        await this.publishIfAbsent(temp, target, key);
      } else {
        await fsp.rename(temp, target);
      }
    } finally {
      await fsp.rm(temp, { force: true });
    }
    if (options.metadata !== undefined || options.contentType !== undefined) {
      await this.writeSidecar(key, { metadata, contentType: options.contentType });
    } else {
      await fsp.rm(this.sidecarPath(key), { force: true });
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // Walk only the deepest directory the prefix pins down, not the whole root.
    const slash = prefix.lastIndexOf('/');
    const startKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const found: ObjectInfo[] = [];
    await this.walk(startKey, prefix, found);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      await fsp.rm(this.filePath(key), { force: true });
      await fsp.rm(this.sidecarPath(key), { force: true });
      await this.removeEmptyParents(path.dirname(this.filePath(key)));
    }
  }

  /**
   * Exclusive create whose content appears complete: a hard link fails with EEXIST when the key
   * exists, unlike rename. File systems without hard links fall back to an exclusive `wx` open,
   * which is equally exclusive but lets a reader glimpse a partly written file.
   */
  private async publishIfAbsent(temp: string, target: string, key: string): Promise<void> {
    try {
      await fsp.link(temp, target);
      return;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw new ObjectExistsError(this.location(key));
      if (!isErrno(error, 'EPERM') && !isErrno(error, 'ENOTSUP') && !isErrno(error, 'EXDEV')) throw error;
    }
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(target, 'wx');
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw new ObjectExistsError(this.location(key));
      throw error;
    }
    try {
      await handle.writeFile(await fsp.readFile(temp));
    } finally {
      await handle.close();
    }
  }

  private async walk(dirKey: string, prefix: string, found: ObjectInfo[]): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dirKey === '' ? this.root : this.filePath(dirKey), { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_MARKER)) continue;
      const key = dirKey === '' ? entry.name : `${dirKey}/${entry.name}`;
      if (key === META_DIR) continue;
      if (entry.isDirectory()) {
        // Descend only where keys below could still match the prefix.
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) await this.walk(key, prefix, found);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const stat = await fsp.stat(path.join(this.root, key));
        found.push({ key, size: stat.size, lastModified: stat.mtime });
      }
    }
  }

  private async readSidecar(key: string): Promise<SidecarMetadata | undefined> {
    try {
      return JSON.parse(await fsp.readFile(this.sidecarPath(key), 'utf8')) as SidecarMetadata;
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
      throw new Error(`corrupt metadata sidecar for ${this.location(key)}: ${String(error)}`, { cause: error });
    }
  }

  private async writeSidecar(key: string, sidecar: SidecarMetadata): Promise<void> {
    const target = this.sidecarPath(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = `${path.dirname(target)}/${TEMP_MARKER}${randomUUID()}`;
    await fsp.writeFile(temp, JSON.stringify(sidecar));
    await fsp.rename(temp, target);
  }

  private async removeEmptyParents(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.root + path.sep)) {
      try {
        await fsp.rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      current = path.dirname(current);
    }
  }

  private filePath(key: string): string {
    assertSafeKey(key, this.description);
    return path.join(this.root, ...key.split('/'));
  }

  private sidecarPath(key: string): string {
    assertSafeKey(key, this.description);
    return `${path.join(this.root, META_DIR, ...key.split('/'))}.json`;
  }

  private location(key: string): string {
    return `${this.description}/${key}`;
  }
}

function assertSafeKey(key: string, store: string): void {
  const segments = key.split('/');
  const bad =
    key.length === 0 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    segments[0] === META_DIR ||
    segments.some((s) => s.startsWith(TEMP_MARKER));
  if (bad) {
    throw new Error(
      `invalid object key ${JSON.stringify(key)} for ${store}: expected slash-separated, non-empty segments ` +
        `without '.', '..', backslashes or reserved names (${META_DIR}, ${TEMP_MARKER}*)`,
    );
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
