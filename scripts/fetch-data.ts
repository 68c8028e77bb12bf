/**
 * Downloads the real stroke dataset and verifies it:
 *   npx tsx scripts/fetch-data.ts [--url U] [--sha256 H] [--out data/healthcare-dataset-stroke-data.csv]
 * Exit codes: 0 done, 1 rejected or bad arguments, 2 offline (with what to do instead).
 */
import * as path from 'node:path';
import {
  DEFAULT_DATASET_PATH,
  DEFAULT_DATASET_URL,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  fetchDataset,
  offlineAdvice,
  OfflineError,
} from '../shared/pipeline/ingest/fetch';
import { projectRoot } from '../shared/core/project/paths';

interface CliOptions {
  url: string;
  out: string;
  sha256: string | undefined;
  timeoutMs: number;
  maxBytes: number;
}

const USAGE =
  'usage: npx tsx scripts/fetch-data.ts [--url U] [--sha256 H] [--out PATH] [--timeout-ms N] [--max-bytes N]';

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    url: DEFAULT_DATASET_URL,
    out: DEFAULT_DATASET_PATH,
    sha256: undefined,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxBytes: DEFAULT_MAX_BYTES,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    const positive = (): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0)
        throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
      return n;
    };
    switch (flag) {
      case '--url':
        options.url = value;
        break;
      case '--out':
        options.out = value;
        break;
      case '--sha256':
        options.sha256 = value;
        break;
      case '--timeout-ms':
        options.timeoutMs = positive();
        break;
      case '--max-bytes':
        options.maxBytes = positive();
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const outPath = path.resolve(projectRoot, options.out);
  const relative = path.relative(process.cwd(), outPath);
  const shownPath = relative === '' || relative.startsWith('..') ? outPath : relative;
  console.log(`downloading ${options.url}`);
  try {
    const result = await fetchDataset({
      url: options.url,
      outPath,
      sha256: options.sha256,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
    });
    console.log(`saved ${shownPath} (${result.bytes} bytes)`);
    console.log(`sha256 ${result.sha256}`);
    if (result.verifiedBy === 'sha256') console.log('verified: sha256 matches the one given');
    else {
      console.log(
        'verified: header, 5,110 rows, 249 strokes, 201 missing bmi and gender counts match the documented dataset',
      );
      console.log(`pin this exact file next time with: --sha256 ${result.sha256}`);
    }
    console.log(`next: npm run pipeline -- --input ${shownPath}`);
    return 0;
  } catch (error) {
    if (error instanceof OfflineError) {
      console.error(`offline: ${error.message}`);
      console.error(offlineAdvice(shownPath));
      return 2;
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// void: main() catches every error itself and returns the exit code, so this promise cannot reject.
void main().then((code) => {
  process.exitCode = code;
});
