import { S3Client } from '@aws-sdk/client-s3';

/** s3rver accepts these fixed keys only; they are not secrets and never leave the machine. */
const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * One S3 client for every backend: real AWS (SDK default credentials chain), MinIO or the
 * embedded s3rver (path-style addressing, loopback endpoint).
 */
/** Where S3 is and how to reach it (the pipeline's config is one). */
export interface S3Connection {
  region: string;
  /** Endpoint URL; undefined means the SDK's default (real AWS). */
  s3Endpoint: string | undefined;
  /** True when the embedded s3rver serves storage. */
  embeddedS3: boolean;
}

export function createS3Client(config: S3Connection): S3Client {
  silenceSdkNodeVersionWarning();
  return new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3Endpoint !== undefined,
    credentials: config.embeddedS3 ? EMBEDDED_S3_CREDENTIALS : undefined,
    // s3rver stores streamed uploads corrupted when the SDK adds its default CRC checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: config.embeddedS3 ? 2 : 3,
  });
}

/**
 * The pinned SDK supports Node 20; its notice that later releases will need Node 22 would
 * otherwise land in every notebook's output. The user's explicit setting wins.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
