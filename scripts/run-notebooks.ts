/**
 * Headless pipeline runner:  npm run pipeline -- [01 03 ... | name.ipynb | path] [--input file.csv]
 *                                                [--timeout s] [--keep-s3] [--no-html]
 * Executes the stage notebooks (01–04, or those named; scripts/lib/notebook-selection.ts) in
 * order with `jupyter nbconvert --execute` on the embedded local stack
 * (or AWS when configured), stops at the first failing cell and prints the notebook, the cell,
 * its source and the TypeScript/JavaScript error. Executed notebooks and HTML go to reports/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../shared/pipeline/config';
import { ensureJupyter, JupyterMissingError } from './lib/jupyter';
import { installKernelSpec, jupyterEnv } from './lib/kernelspec';
import { executeNotebookArgs, htmlExportArgs } from './lib/nbconvert-args';
import {
  judgeExecution,
  mergeProgress,
  parseNotebook,
  parseProgress,
  serializeNotebook,
  type ExecutionVerdict,
} from './lib/notebook-file';
import { ensureDir, paths } from '../shared/core/project/paths';
import { selectNotebooks } from './lib/notebook-selection';
import { ensureLocalS3, stopLocalS3 } from '../shared/core/s3/local-server';
import { newRunId, runProcess, stopRun } from './lib/run-process';
import { acquireRunLock } from './lib/run-lock';
import { STEP_TIMES_ENV, stepTimesFileOf } from '../shared/core/notebook/step-times';

/** Every process this invocation starts carries this id, so a timeout, Ctrl-C or SIGTERM stops them all. */
const RUN_ID = newRunId();

interface RunnerOptions {
  selection: string[];
  input: string | undefined;
  timeoutSeconds: number;
  keepS3: boolean;
  html: boolean;
}

interface NotebookResult {
  name: string;
  seconds: number;
  verdict: ExecutionVerdict;
  timedOut: boolean;
}

const USAGE =
  'usage: npm run pipeline -- [01 02 ... | name.ipynb | path/to/notebook.ipynb] [--input file.csv] [--timeout seconds] ' +
  '[--keep-s3] [--no-html]\n  (no notebook named: the stage notebooks 01-04, in order)';

export function parseArgs(argv: string[]): RunnerOptions {
  const options: RunnerOptions = { selection: [], input: undefined, timeoutSeconds: 1200, keepS3: false, html: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    // npm runs scripts in the project root; a relative path means the caller's directory (INIT_CWD).
    if (arg === '--input') options.input = path.resolve(process.env.INIT_CWD ?? process.cwd(), value());
    else if (arg === '--timeout') {
      options.timeoutSeconds = Number(value());
      if (!(options.timeoutSeconds > 0)) throw new Error(`--timeout must be a positive number of seconds\n${USAGE}`);
    } else if (arg === '--keep-s3') options.keepS3 = true;
    else if (arg === '--no-html') options.html = false;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else options.selection.push(arg);
  }
  return options;
}

async function executeNotebook(sourcePath: string, jupyter: string, options: RunnerOptions): Promise<NotebookResult> {
  const name = path.basename(sourcePath);
  const source = parseNotebook(fs.readFileSync(sourcePath, 'utf8'), sourcePath);
  const executedDir = ensureDir(path.join(paths.reports, 'notebooks'));
  const progressFile = path.join(executedDir, `${path.basename(name, '.ipynb')}.progress.jsonl`);
  const stepTimesFile = stepTimesFileOf(path.join(executedDir, name));
  fs.rmSync(progressFile, { force: true });
  fs.rmSync(stepTimesFile, { force: true });
  const env = {
    ...jupyterEnv(),
    STROKE_NB_PROGRESS: progressFile,
    [STEP_TIMES_ENV]: stepTimesFile,
    ...(options.input ? { STROKE_INPUT: options.input } : {}),
  };
  const started = Date.now();
  const run = await runProcess(
    jupyter,
    executeNotebookArgs(sourcePath, { timeoutSeconds: options.timeoutSeconds, output: name, outputDir: executedDir }),
    { env, cwd: paths.notebooks, timeoutMs: options.timeoutSeconds * 1000, runId: RUN_ID },
  );
  const seconds = (Date.now() - started) / 1000;
  const progress = fs.existsSync(progressFile) ? parseProgress(fs.readFileSync(progressFile, 'utf8')) : [];
  const verdict = judgeExecution(source, progress);
  if (!verdict.failure && run.code !== 0) {
    // Every cell passed yet nbconvert failed (e.g. the kernel died while shutting down).
    const tail = run.output.trim().split('\n').slice(-5).join('\n');
    verdict.failure = {
      cellNumber: 0,
      codeCellNumber: 0,
      source: '',
      error: `nbconvert exited with ${run.code}:\n${tail}`,
      reason: 'error',
    };
  }
  if (run.timedOut && verdict.failure) {
    verdict.failure.error = `timed out after ${options.timeoutSeconds} s (this cell was running or next to run)`;
  } else if (verdict.failure?.reason === 'not-run' && run.code !== 0 && progress.length === 0) {
    verdict.failure.error = `the kernel did not run any cell; nbconvert said:\n${run.output.trim().split('\n').slice(-6).join('\n')}`;
  }
  // A failed run leaves no executed notebook: rebuild it from the progress lines for debugging.
  if (verdict.failure || !fs.existsSync(path.join(executedDir, name))) {
    fs.writeFileSync(path.join(executedDir, name), serializeNotebook(mergeProgress(source, progress)));
  }
  return { name, seconds, verdict, timedOut: run.timedOut };
}

async function writeHtml(name: string, jupyter: string): Promise<string | undefined> {
  const htmlDir = ensureDir(path.join(paths.reports, 'html'));
  const run = await runProcess(
    jupyter,
    htmlExportArgs(path.join(paths.reports, 'notebooks', name), { outputDir: htmlDir }),
    { env: jupyterEnv(), cwd: paths.root, timeoutMs: 120_000, runId: RUN_ID },
  );
  return run.code === 0 ? undefined : run.output.trim().split('\n').slice(-3).join('\n');
}

function printFailure(result: NotebookResult): void {
  const failure = result.verdict.failure;
  if (!failure) return;
  const where =
    failure.cellNumber > 0 ? `cell ${failure.cellNumber} (code cell ${failure.codeCellNumber})` : 'after the last cell';
  console.error(`\n✖ ${result.name} failed at ${where}`);
  if (failure.source) {
    console.error('--- cell source ---');
    console.error(
      failure.source
        .split('\n')
        .map((line, i) => `${String(i + 1).padStart(3)} | ${line}`)
        .join('\n'),
    );
  }
  console.error('--- error ---');
  console.error(failure.error);
  console.error(
    `--- executed copy: ${path.relative(paths.root, path.join(paths.reports, 'notebooks', result.name))}\n`,
  );
}

function printTable(results: NotebookResult[], pending: string[]): void {
  const rows = [
    ...results.map((r) => [
      r.name,
      r.verdict.failure ? (r.timedOut ? 'TIMEOUT' : 'FAILED') : 'ok',
      `${r.verdict.executed}/${r.verdict.codeCells}`,
      r.seconds.toFixed(1),
    ]),
    ...pending.map((name) => [name, 'not run', '-', '-']),
  ];
  const header = ['notebook', 'status', 'cells', 'seconds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  const total = results.reduce((sum, r) => sum + r.seconds, 0);
  console.log(`${line(['total', '', '', total.toFixed(1)])}\n`);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const selected = selectNotebooks(paths.notebooks, options.selection, process.env.INIT_CWD ?? process.cwd());
  const releaseLock = acquireRunLock(path.join(ensureDir(paths.reports), '.pipeline.lock'), 'run-notebooks');
  process.on('exit', releaseLock);
  const jupyter = ensureJupyter((line) => console.log(line)).command;
  installKernelSpec(paths.jupyterData);
  if (options.input && !fs.existsSync(options.input)) throw new Error(`--input: no such file ${options.input}`);
  const config = loadConfig(options.input ? { ...process.env, STROKE_INPUT: options.input } : process.env);
  const localS3 = config.embeddedS3 ? await ensureLocalS3(config) : undefined;
  console.log(
    `pipeline: ${selected.length} notebook(s), target ${config.target}, storage ${config.s3Endpoint ?? 'AWS S3'}${localS3?.startedHere ? ' (started)' : ''}`,
  );
  const results: NotebookResult[] = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(signal === 'SIGINT' ? 130 : 143);
      // Sweeps until nothing of the run is left: one pass can miss a process that is starting (see stopRun).
      void stopRun(RUN_ID).then((killed) => {
        console.error(`\npipeline: ${signal}: stopped ${killed} process(es) of this run (nbconvert, kernel)`);
        if (localS3?.startedHere && !options.keepS3) stopLocalS3(config).then(exit, exit);
        else exit();
      }, exit);
    });
  }
  try {
    for (const notebook of selected) {
      const name = path.basename(notebook);
      console.log(`▶ ${name}`);
      const result = await executeNotebook(notebook, jupyter, options);
      results.push(result);
      if (result.verdict.failure) {
        printFailure(result);
        break;
      }
      if (options.html) {
        const htmlError = await writeHtml(name, jupyter);
        if (htmlError) console.warn(`  (HTML export of ${name} failed: ${htmlError})`);
      }
    }
  } finally {
    if (localS3?.startedHere && !options.keepS3) await stopLocalS3(config);
  }
  printTable(
    results,
    selected.slice(results.length).map((notebook) => path.basename(notebook)),
  );
  const failed = results.filter((r) => r.verdict.failure).length;
  console.log(
    `pipeline: ${results.length - failed} notebook(s) passed, ${failed} failed, ${selected.length - results.length} not run`,
  );
  return failed === 0 && results.length === selected.length ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof JupyterMissingError) console.error(error.message);
      else console.error(`pipeline: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof JupyterMissingError ? 3 : 1);
    },
  );
}
