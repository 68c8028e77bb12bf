/**
 * The local inference endpoint outside notebooks:
 *   npm run serve [-- --port 8080] [--version latest|<version>] [--capture <percent>]
 * Loads the promoted model (stroke/latest.json in the models bucket), serves it on 127.0.0.1
 * with the SageMaker container contract (GET /ping, POST /invocations), optionally captures a
 * share of the traffic to the monitoring bucket under datacapture/, and stops cleanly on
 * Ctrl-C / SIGTERM (in-flight requests finish, captured records are flushed).
 */
import { openSession } from '../shared/pipeline/session';
import { loadModelBundle } from '../shared/pipeline/model-store/model-bundle';
import { startEndpoint } from '../shared/pipeline/serving/server';

interface ServeArguments {
  port: number;
  version: string;
  capturePercentage: number | undefined;
}

const USAGE = 'usage: npm run serve -- [--port 8080] [--version latest|<version>] [--capture <percent 0..100>]';

function parseArguments(argv: readonly string[]): ServeArguments {
  const parsed: ServeArguments = { port: 8080, version: 'latest', capturePercentage: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
    if (flag === '--port') {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535)
        throw new Error(`--port is ${JSON.stringify(value)}; expected an integer 1..65535`);
      parsed.port = Number(value);
    } else if (flag === '--version') {
      parsed.version = value;
    } else if (flag === '--capture') {
      const percent = Number(value);
      if (value.trim() === '' || !(percent >= 0 && percent <= 100))
        throw new Error(`--capture is ${JSON.stringify(value)}; expected a percentage 0..100`);
      parsed.capturePercentage = percent;
    } else {
      throw new Error(`unknown option ${JSON.stringify(flag)}; ${USAGE}`);
    }
  }
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const session = await openSession();
  const bundle = await loadModelBundle(session.stores.models, { version: args.version });
  const endpoint = await startEndpoint({
    bundle,
    port: args.port,
    capture:
      args.capturePercentage === undefined
        ? undefined
        : {
            store: session.stores.monitoring,
            prefix: 'datacapture',
            samplingPercentage: args.capturePercentage,
            endpointName: 'stroke-local',
            seed: session.config.seed,
            onError: (error) => console.error(`data capture: ${error.message}`),
          },
  });
  console.log(`serving model ${bundle.version} (threshold ${bundle.threshold}) at ${endpoint.url}`);
  console.log(`  curl ${endpoint.url}/ping`);
  if (args.capturePercentage !== undefined) {
    console.log(
      `  capturing ${args.capturePercentage}% of answered requests to s3://${session.config.buckets.monitoring}/datacapture/stroke-local/`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (${endpoint.stats.requests} requests served)`);
    endpoint.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
