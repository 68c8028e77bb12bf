/**
 * One failed step must not poison a live kernel (issue 15 item 1). In ONE real project kernel,
 * cells run as a user runs them: a step fails, the later cell is skipped naming it, the fixed cell
 * is run again and passes, and then the later cell runs; after a second failure a step that passed
 * before it still runs, one after it is skipped until the notebook runs from its first cell. Every reply is "ok": a step never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jupyterSkipReason, runCellsInKernel } from '../integration/jupyter';
import { findJupyter } from '../../scripts/lib/jupyter';
import { executeNotebookArgs } from '../../scripts/lib/nbconvert-args';
import { installKernelSpec, jupyterEnv, KERNEL_NAME } from '../../scripts/lib/kernelspec';
import { judgeExecution, parseNotebook, parseProgress, type Notebook } from '../../scripts/lib/notebook-file';
import { paths } from '../../shared/core/project/paths';

const FIRST = [
  "import { startNotebook, step } from './shared/core/notebook/step';",
  'startNotebook();',
  "const table = await step('open the session', () => 'stroke');",
].join('\n');
const BROKEN =
  "const rows = await step('read the table', () => { throw new Error(`no table at ${table.slice(0, 5)}`); });";
const FIXED = "const rows = await step('read the table', () => table.length);";
const LATER = "const doubled = await step('double the rows', () => rows * 2);\nconsole.log(`doubled: ${doubled}`);";
const FAILS = "await step('check the rows', () => { throw new Error('late failure'); });";
const SUMMARY = "await step('summarise', () => console.log(`summary of ${rows} rows`));";

test(
  'in a live kernel a failed step, fixed and run again, runs; then the cells after it run',
  { skip: jupyterSkipReason() },
  () => {
    const runs = runCellsInKernel([FIRST, BROKEN, LATER, FIXED, LATER, FAILS, SUMMARY, LATER, FIRST, SUMMARY]);
    assert.equal(runs.length, 10, JSON.stringify(runs));
    runs.forEach((run, i) => assert.equal(run.status, 'ok', `cell ${i + 1}: ${run.text}`));
    const [, broken, skipped, fixed, later, fails, skippedAgain, earlierAgain, , fromTheTop] = runs.map(
      (run) => run.text,
    );
    assert.match(broken, /Step "read the table" failed\nError: no table at strok/);
    assert.match(skipped, /Skipped "double the rows"\nbecause step "read the table" failed: Error: no table at strok/);
    assert.match(skipped, /run the cell of "read the table" again/);
    assert.doesNotMatch(fixed, /Skipped|failed/, 'the fixed cell runs');
    assert.match(later, /doubled: 12/);
    assert.match(fails, /Step "check the rows" failed/);
    assert.match(skippedAgain, /Skipped "summarise"\nbecause step "check the rows" failed: Error: late failure/);
    assert.match(earlierAgain, /doubled: 12/, 'a step that passed before the failure runs again');
    assert.match(fromTheTop, /summary of 6 rows/, 'running from the first cell runs the later cells again');
  },
);

test(
  "headless, through the runner's nbconvert hook, a notebook still stops at its first failed step",
  { skip: jupyterSkipReason() },
  (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroke-step-headless-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const cells = [FIRST, BROKEN, LATER, FIXED, LATER];
    const notebook: Notebook = {
      cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
      metadata: {
        kernelspec: { name: KERNEL_NAME, display_name: 'TypeScript (stroke pipeline)', language: 'typescript' },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const file = path.join(dir, 'recovery.ipynb');
    fs.writeFileSync(file, JSON.stringify(notebook));
    const progressFile = path.join(dir, 'progress.jsonl');
    installKernelSpec(paths.jupyterData);
    const run = spawnSync(
      findJupyter().command,
      executeNotebookArgs(file, { timeoutSeconds: 300, output: 'out.ipynb', outputDir: dir }),
      { encoding: 'utf8', env: { ...jupyterEnv(), STROKE_NB_PROGRESS: progressFile }, cwd: dir, timeout: 10 * 60_000 },
    );
    assert.notEqual(run.status, 0, 'nbconvert fails the run');
    assert.match(run.stderr, /PipelineStepFailed: cell 2: step 'read the table' failed/);
    const progress = parseProgress(fs.readFileSync(progressFile, 'utf8'));
    assert.deepEqual(
      progress.map((p) => p.index),
      [0, 1],
      'no cell after the failed one ran',
    );
    const verdict = judgeExecution(parseNotebook(fs.readFileSync(file, 'utf8'), file), progress);
    assert.deepEqual([verdict.failure?.codeCellNumber, verdict.failure?.reason], [2, 'step-failed']);
    assert.match(verdict.failure?.error ?? '', /^Error: no table at strok/);
  },
);
