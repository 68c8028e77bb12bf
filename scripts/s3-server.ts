/**
 * The embedded S3 server process (s3rver). Started by shared/core/s3/local-server.ts in its own Node
 * process because s3rver's paginated listing needs `--openssl-legacy-provider`, which the
 * notebook kernel must not run with. Binds 127.0.0.1 only.
 *   node --openssl-legacy-provider --import tsx scripts/s3-server.ts <port> <directory> <bucket>...
 */
import * as fs from 'node:fs';
import S3rver from 's3rver';
import { guardS3rverWrites } from '../shared/core/s3/s3rver-writes';

async function main(): Promise<void> {
  const [portText, directory, ...buckets] = process.argv.slice(2);
  const port = Number(portText);
  if (!Number.isInteger(port) || !directory || buckets.length === 0) {
    console.error('usage: s3-server.ts <port> <directory> <bucket>...');
    process.exit(2);
  }
  fs.mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  guardS3rverWrites(server); // a full disk is answered with a 507, not a crash
  await server.run();
  console.log(`s3rver listening on http://127.0.0.1:${port} (pid ${process.pid}), data in ${directory}`);
  const stop = (signal: string): void => {
    console.log(`s3rver stopping on ${signal}`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`s3rver failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
