/**
 * Starts a worker thread whose entry is a TypeScript file. The worker evaluates a two-line
 * CommonJS bootstrap that registers tsx's require hook and then requires the file: Node 20 does
 * not apply `--import tsx` hooks to a worker's own entry file (it fails with "Unknown file
 * extension .ts"). This works the same under tsx, node's test runner and tslab.
 */
import * as fs from 'node:fs';
import { Worker, WorkerOptions } from 'node:worker_threads';

function bootstrapSource(file: string): string {
  let tsxApi: string;
  try {
    tsxApi = require.resolve('tsx/cjs/api');
  } catch (error) {
    throw new Error(
      `the worker ${file} needs the tsx package to run TypeScript: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return `require(${JSON.stringify(tsxApi)}).register();\nrequire(${JSON.stringify(file)});\n`;
}

/** A worker running the TypeScript module at `file` (an absolute path); throws if the file is missing. */
export function startTypeScriptWorker(file: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!fs.existsSync(file)) throw new Error(`worker entry not found at ${file}`);
  return new Worker(bootstrapSource(file), { ...options, eval: true });
}
