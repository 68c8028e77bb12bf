/**
 * Where SageMaker-shaped jobs read and write: either an `s3://bucket/key-prefix` URI (what the
 * AWS API takes) or an ObjectStore plus a key prefix (what the local backend and tests use).
 * Both name the same thing when the store is an S3ObjectStore, whose description is its URI.
 */
import type { PipelineConfig } from '../pipeline/config';
import { createS3Client } from '../core/s3/client';
import type { ObjectStore } from '../core/storage/object-store';
import { S3ObjectStore } from '../core/storage/s3-store';

export interface StoreLocation {
  store: ObjectStore;
  /** Key prefix inside the store (no leading slash); may be empty for the store's root. */
  prefix: string;
}

/** An S3 URI string, or a store and key prefix. */
export type DataLocation = string | StoreLocation;

export interface S3Uri {
  bucket: string;
  key: string;
}

/** Splits `s3://bucket/key`; the key may be empty. Throws naming `what` on anything else. */
export function parseS3Uri(uri: string, what: string): S3Uri {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (match === null) {
    throw new Error(`${what}: expected an S3 URI like s3://bucket/prefix, got ${JSON.stringify(uri)}`);
  }
  return { bucket: match[1], key: (match[2] ?? '').replace(/\/+$/, '') };
}

export function formatS3Uri(bucket: string, key: string): string {
  return key === '' ? `s3://${bucket}` : `s3://${bucket}/${key}`;
}

/** The URI a store location is known by (`s3://...` for S3 stores, `memory://...`, `file://...` otherwise). */
export function storeLocationUri(location: StoreLocation): string {
  const base = location.store.description.replace(/\/+$/, '');
  return location.prefix === '' ? base : `${base}/${location.prefix.replace(/^\/+/, '')}`;
}

/** The S3 URI of a location; throws when it is a store that is not S3 (e.g. in memory). */
export function toS3Uri(location: DataLocation, what: string): string {
  const uri = typeof location === 'string' ? location : storeLocationUri(location);
  parseS3Uri(uri, `${what} (SageMaker needs S3)`);
  return uri.replace(/\/+$/, '');
}

/** A store and prefix for a location; URIs get an S3ObjectStore over the configured endpoint. */
export function toStoreLocation(location: DataLocation, config: PipelineConfig, what: string): StoreLocation {
  if (typeof location !== 'string') {
    if (location === null || typeof location !== 'object' || typeof location.prefix !== 'string') {
      throw new Error(`${what}: expected an s3:// URI or {store, prefix}, got ${JSON.stringify(location)}`);
    }
    return { store: location.store, prefix: location.prefix.replace(/^\/+|\/+$/g, '') };
  }
  const { bucket, key } = parseS3Uri(location, what);
  const store = new S3ObjectStore(
    createS3Client(config),
    bucket,
    '',
    config.conditionalWrites,
    config.s3Endpoint ?? 'AWS S3',
  );
  return { store, prefix: key };
}
