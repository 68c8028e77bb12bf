/**
 * What every notebook opens with: the configuration, an S3 client, one ObjectStore per bucket,
 * and (on the embedded default) the local S3 server, started if no server answers yet.
 */
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { loadConfig, type Buckets, type PipelineConfig } from './config';
import { createS3Client } from '../core/s3/client';
import { ensureLocalS3, type LocalS3Status } from '../core/s3/local-server';
import { S3ObjectStore } from '../core/storage/s3-store';

export type BucketStores = Record<keyof Buckets, S3ObjectStore>;

export interface PipelineSession {
  config: PipelineConfig;
  s3: S3Client;
  stores: BucketStores;
  localS3: LocalS3Status | undefined;
}

/** Creates missing buckets on S3-compatible servers we run or were pointed at (never on AWS). */
async function ensureBuckets(s3: S3Client, buckets: Buckets): Promise<void> {
  for (const bucket of Object.values(buckets)) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
    }
  }
}

export async function openSession(config: PipelineConfig = loadConfig()): Promise<PipelineSession> {
  const localS3 = config.embeddedS3 ? await ensureLocalS3(config) : undefined;
  const s3 = createS3Client(config);
  if (config.s3Endpoint !== undefined) await ensureBuckets(s3, config.buckets);
  const endpointLabel = config.s3Endpoint ?? 'AWS S3';
  const store = (bucket: string) => new S3ObjectStore(s3, bucket, '', config.conditionalWrites, endpointLabel);
  const stores: BucketStores = {
    raw: store(config.buckets.raw),
    silver: store(config.buckets.silver),
    gold: store(config.buckets.gold),
    models: store(config.buckets.models),
    monitoring: store(config.buckets.monitoring),
  };
  return { config, s3, stores, localS3 };
}
