import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  joinKey,
  ObjectExistsError,
  INSUFFICIENT_STORAGE,
  ObjectNotFoundError,
  StoreDiskFullError,
  StoreUnreachableError,
  toBytes,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from './object-store';
import { decodeMetadata, encodeMetadata } from './object-metadata';

interface S3ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE']);

function isUnreachable(error: unknown): boolean {
  const shape = error as S3ErrorShape & { cause?: S3ErrorShape; errors?: S3ErrorShape[] };
  const codes = [shape.code, shape.name, shape.cause?.code, ...(shape.errors ?? []).map((e) => e.code)];
  return codes.some((c) => c !== undefined && UNREACHABLE_CODES.has(c));
}

function httpStatus(error: unknown): number | undefined {
  return (error as S3ErrorShape).$metadata?.httpStatusCode;
}

/** An ObjectStore over one bucket and key prefix of any S3-compatible service. */
export class S3ObjectStore implements ObjectStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly prefix: string,
    readonly supportsConditionalPut: boolean,
    private readonly endpointLabel = 'AWS S3',
  ) {
    this.description = `s3://${joinKey(bucket, prefix)}`;
  }

  /** A store for a sub-prefix sharing this client. */
  child(subPrefix: string): S3ObjectStore {
    return new S3ObjectStore(
      this.client,
      this.bucket,
      joinKey(this.prefix, subPrefix),
      this.supportsConditionalPut,
      this.endpointLabel,
    );
  }

  private fullKey(key: string): string {
    return joinKey(this.prefix, key);
  }

  private location(key: string): string {
    return `s3://${this.bucket}/${this.fullKey(key)}`;
  }

  private translate(error: unknown, key: string): Error {
    if (isUnreachable(error)) return new StoreUnreachableError(this.location(key), this.endpointLabel, error);
    const name = (error as S3ErrorShape).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || httpStatus(error) === 404)
      return new ObjectNotFoundError(this.location(key));
    if (name === 'PreconditionFailed' || httpStatus(error) === 412) return new ObjectExistsError(this.location(key));
    const message = error instanceof Error ? error.message : String(error);
    if (name === INSUFFICIENT_STORAGE || httpStatus(error) === 507)
      return new StoreDiskFullError(this.location(key), this.endpointLabel, message);
    return new Error(`S3 request for ${this.location(key)} failed: ${name ?? 'error'}: ${message}`);
  }

  async tryGet(key: string): Promise<StoredObject | undefined> {
    try {
      return await this.get(key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.fullKey(key) }));
      if (!response.Body) throw new ObjectNotFoundError(this.location(key));
      const body = await response.Body.transformToByteArray();
      return { body, metadata: decodeMetadata(response.Metadata), contentType: response.ContentType };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) throw error;
      throw this.translate(error, key);
    }
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const metadata = encodeMetadata(options.metadata);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.fullKey(key),
          Body: toBytes(body),
          ContentType: options.contentType,
          Metadata: metadata,
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
        }),
      );
    } catch (error) {
      throw this.translate(error, key);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const fullPrefix = this.fullKey(prefix) + (prefix.endsWith('/') ? '/' : '');
    const strip = this.prefix === '' ? 0 : this.prefix.length + 1;
    const objects: ObjectInfo[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: fullPrefix, ContinuationToken: continuationToken }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key === undefined) continue;
          objects.push({
            key: item.Key.slice(strip),
            size: item.Size ?? 0,
            lastModified: item.LastModified ?? new Date(0),
          });
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    } catch (error) {
      throw this.translate(error, prefix);
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      try {
        const result = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((key) => ({ Key: this.fullKey(key) })), Quiet: true },
          }),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `S3 delete failed for ${failed.length} object(s) in s3://${this.bucket}, first: ${failed[0].Key}: ${failed[0].Message}`,
          );
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('S3 delete failed')) throw error;
        throw this.translate(error, batch[0]);
      }
    }
  }
}
