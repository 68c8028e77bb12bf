/**
 * The embedded S3 server for interactive work:  npm run s3 [-- start|stop|status]
 * (`start` is the default; it returns once the server answers and leaves it running.)
 */
import { loadConfig } from '../shared/pipeline/config';
import { ensureLocalS3, localS3Status, stopLocalS3 } from '../shared/core/s3/local-server';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'start';
  const config = loadConfig();
  if (!config.embeddedS3) {
    console.log(`Not using the embedded server: target ${config.target}, endpoint ${config.s3Endpoint ?? 'AWS S3'}.`);
    return;
  }
  if (command === 'start') {
    const status = await ensureLocalS3(config);
    console.log(
      `${status.startedHere ? 'started' : 'already running'}: ${status.endpoint} (pid ${status.pid ?? '?'}, log ${status.logFile})`,
    );
  } else if (command === 'stop') {
    console.log((await stopLocalS3(config)).message);
  } else if (command === 'status') {
    const status = await localS3Status(config);
    console.log(
      status.running ? `running: ${status.endpoint} (pid ${status.pid ?? '?'})` : `not running (${status.endpoint})`,
    );
  } else {
    console.error(`unknown command "${command}"; use start, stop or status`);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
