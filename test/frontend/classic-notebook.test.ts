/**
 * The notebooks in a real front end (issue 15): Debian's classic Jupyter Notebook 6.4 in headless
 * Chromium, driven through the page as a user would. On buckets of its own (so it starts from an
 * empty lake and leaves the pipeline's alone):
 *   - 02 opened before 01 says, in its first cell, to run 01 first, and skips the rest;
 *   - Run All of 01, then of 02, runs every cell without a failed step;
 *   - in 01's live kernel, a step broken on purpose fails, the next cell says it was skipped and
 *     why, and once the cell is fixed and run again both run;
 *   - Kernel > Interrupt during 03's tuning: the kernel is idle within 2 s, the tuning cell says
 *     "interrupted", and the next cell shows nothing of the tuning;
 *   - a notebook that is not trusted shows each chart's fallback text, naming it and saying how to
 *     trust the notebook.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STEP_ERROR_MIME, type StepFailure } from '../../shared/core/notebook/step';
import type { Notebook } from '../../scripts/lib/notebook-file';
import { loadConfig } from '../../shared/pipeline/config';
import { paths } from '../../shared/core/project/paths';
import { probeS3, stopLocalS3 } from '../../shared/core/s3/local-server';
import { barChart } from '../../shared/core/viz/figures';
import { figureBundle, PLOTLY_MIME } from '../../shared/core/viz/plotly';
import { jupyterSkipReason } from '../integration/jupyter';
import { browserSkipReason } from '../viz/browser';
import { classicNotebookSkipReason, ClassicNotebookServer, type CellState } from './classic-notebook';

const skip = jupyterSkipReason() || browserSkipReason() || classicNotebookSkipReason();
const TAG = `fe${process.pid}`;
const BUCKETS = {
  STROKE_RAW_BUCKET: 'raw',
  STROKE_SILVER_BUCKET: 'silver',
  STROKE_GOLD_BUCKET: 'gold',
  STROKE_MODEL_BUCKET: 'models',
  STROKE_MONITORING_BUCKET: 'monitoring',
};
const env = Object.fromEntries(Object.entries(BUCKETS).map(([k, v]) => [k, `${TAG}-${v}`]));
const MINUTES = 60_000;
let server: ClassicNotebookServer | undefined;
/** Whether the embedded S3 server was already up (else the kernels start it, and the test stops it). */
let s3WasRunning = true;

type StepMarker = StepFailure & { skipped: boolean; failedStep?: string };
const markers = (cell: CellState): StepMarker[] =>
  cell.outputs
    .map((o) => o.data?.[STEP_ERROR_MIME] as StepMarker | undefined)
    .filter((m): m is StepMarker => m !== undefined);
const codeCells = (cells: CellState[]) => cells.filter((c) => c.type === 'code');

function assertAllRan(name: string, cells: CellState[]): void {
  for (const cell of codeCells(cells)) {
    assert.equal(
      typeof cell.prompt,
      'number',
      `${name} cell ${cell.index} did not run (prompt ${String(cell.prompt)})`,
    );
    const failed = markers(cell);
    assert.deepEqual(
      failed.map((m) => `${m.step}: ${m.message}`),
      [],
      `${name} cell ${cell.index}`,
    );
    assert.deepEqual(
      cell.outputs.filter((o) => o.output_type === 'error').map((o) => o.evalue),
      [],
      `${name} cell ${cell.index}`,
    );
  }
}

before(async () => {
  if (skip) return;
  s3WasRunning = await probeS3(loadConfig().embeddedS3Port);
  server = await ClassicNotebookServer.start(46000 + (process.pid % 1000), env);
});

after(async () => {
  await server?.stop();
  if (!s3WasRunning) await stopLocalS3(loadConfig());
  for (const bucket of Object.values(env)) fs.rmSync(path.join(paths.s3Data, bucket), { recursive: true, force: true });
  fs.rmSync(path.join(paths.reports, 'frontend'), { recursive: true, force: true });
});

test(
  '02 opened before 01 says in its first cell to run 01 first, without a stack, and skips the rest',
  { skip, timeout: 15 * MINUTES },
  async () => {
    const page = await (server as ClassicNotebookServer).open('notebooks/02_exploratory_data_analysis.ipynb');
    const cells = codeCells(await page.runAll(10 * MINUTES));
    const [first, ...rest] = cells.map(markers);
    assert.equal(first.length, 1, 'the first code cell reports one failed step');
    assert.equal(first[0].skipped, false);
    assert.match(first[0].message, /Run 01_data_engineering\.ipynb first/);
    assert.match(first[0].message, /npm run pipeline -- 01/);
    assert.equal(
      cells[0].outputs.some((o) => o.output_type === 'error'),
      false,
      'no raw exception',
    );
    assert.equal(/\n\s+at /.test(JSON.stringify(cells[0].outputs)), false, 'no stack trace in the cell');
    rest.forEach((m, i) => assert.ok(m.length === 1 && m[0].skipped, `code cell ${i + 2} says it was skipped`));
    await page.close();
  },
);

test(
  '01 with a step broken on purpose: fixed and run again in the same kernel; Run All of 01, then of 02',
  { skip, timeout: 40 * MINUTES },
  async () => {
    const s = server as ClassicNotebookServer;
    const page = await s.open('notebooks/01_data_engineering.ipynb');
    // As in the issue: a table path mistyped, then Run All.
    const history = await page.cellIndex("step('show the version history'");
    const original = (await page.cells())[history].source;
    const broken = original.replace(
      'deltaHistory(session.stores.silver, SILVER_TABLE_PATH)',
      "deltaHistory(session.stores.silver, 'strok')",
    );
    assert.notEqual(broken, original, 'the history cell reads SILVER_TABLE_PATH');
    await page.setSource(history, broken);
    const firstRun = await page.runAll(15 * MINUTES);
    const failed = markers(firstRun[history]);
    assert.equal(failed.length === 1 && !failed[0].skipped, true, 'the broken step fails');
    const later = codeCells(firstRun).filter((c) => c.index > history);
    assert.ok(later.length > 0);
    for (const cell of later) {
      const [marker] = markers(cell);
      assert.equal(marker?.skipped, true, `cell ${cell.index} after the failure is skipped`);
      assert.equal(marker.failedStep, 'show the version history', 'the skip names the failed step');
      const shown = cell.outputs.map((o) => String(o.data?.['text/plain'] ?? '')).join('\n');
      assert.match(shown, /because step "show the version history" failed/, 'the skip says which step failed');
      assert.match(shown, /fix the cause and run the cell of "show the version history" again/, 'and how to recover');
    }
    // The user fixes the cell and runs it, then the next one: both run.
    await page.setSource(history, original);
    assert.deepEqual(markers(await page.run(history, 5 * MINUTES)), [], 'the fixed step runs');
    assert.deepEqual(markers(await page.run(later[0].index, 5 * MINUTES)), [], 'and the next one runs');
    // Run All from the top, in the same kernel: every cell runs.
    assertAllRan('01', await page.runAll(15 * MINUTES));
    await page.close();

    const eda = await s.open('notebooks/02_exploratory_data_analysis.ipynb');
    const cells = await eda.runAll(15 * MINUTES);
    assertAllRan('02', cells);
    const charts = cells.reduce((n, c) => n + c.outputs.filter((o) => o.data?.[PLOTLY_MIME] !== undefined).length, 0);
    assert.ok(charts >= 10, `02 drew ${charts} charts`);
    await eda.close();
  },
);

test(
  "an interrupt of 03's tuning stops it in its own cell, the kernel idle within 2 s, nothing in the next cell",
  { skip, timeout: 30 * MINUTES },
  async () => {
    const page = await (server as ClassicNotebookServer).open('notebooks/03_modeling.ipynb');
    const tuning = await page.cellIndex("step('tune by cross-validation: Bayesian vs random'");
    await page.page.evaluate('Jupyter.notebook.execute_all_cells()');
    await page.waitUntilRunning(tuning, 20 * MINUTES);
    // Let it get into its trials (the progress line appears), then Kernel > Interrupt.
    await page.page.waitForFunction(`Jupyter.notebook.get_cell(${tuning}).output_area.toJSON().length > 0`, undefined, {
      timeout: 5 * MINUTES,
      polling: 200,
    });
    await page.interrupt();
    const idleAfter = await page.msUntilKernelIdle(60_000);
    assert.ok(idleAfter <= 2000, `the kernel was idle ${idleAfter} ms after the interrupt (the issue asks for 2 s)`);
    const cells = await page.waitUntilIdle(60_000);
    const [marker] = markers(cells[tuning]);
    assert.equal(marker?.name, 'Interrupted', 'the tuning cell says it was interrupted');
    const next = cells.findIndex((c, i) => i > tuning && c.type === 'code');
    const after = await page.run(next, 10 * MINUTES);
    const shown = JSON.stringify(after.outputs);
    for (const trace of ['Best cross-validated AUC-PR so far', 'Best settings', 'trial ']) {
      assert.equal(shown.includes(trace), false, `the next cell shows nothing of the tuning (${trace})`);
    }
    // The interrupted cell ended as an error; it keeps its declarations all the same, so the next cell
    // compiles and says it was skipped because of the interrupted step (scripts/kernel/keep-declarations.cjs).
    const [skip] = markers(after);
    assert.equal(skip?.skipped, true, `the next cell is skipped, not a compile error: ${shown}`);
    assert.equal(skip.failedStep, 'tune by cross-validation: Bayesian vs random');
    assert.match(
      String((await page.cells())[tuning].outputs.map((o) => o.data?.['text/plain'] ?? '').join('')),
      /run this cell again/,
    );
    await page.close();
  },
);

test(
  "a notebook that is not trusted shows each chart's name and how to trust it",
  { skip, timeout: 5 * MINUTES },
  async () => {
    const figure = barChart({
      title: 'Patients by work type',
      categories: ['Private', 'children'],
      series: [{ name: 'patients', values: [2925, 687] }],
    });
    const bundle = figureBundle(figure, { divId: 'untrusted-1', includeLibrary: true });
    const notebook: Notebook = {
      cells: [
        {
          cell_type: 'code',
          source: '// a chart from an earlier run',
          metadata: {},
          execution_count: 1,
          outputs: [{ output_type: 'display_data', data: bundle, metadata: {} }],
        },
      ],
      metadata: {
        kernelspec: { name: 'stroke-tslab', display_name: 'TypeScript (stroke pipeline)', language: 'typescript' },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const file = path.join(paths.reports, 'frontend', 'received-notebook.ipynb');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(notebook));
    const page = await (server as ClassicNotebookServer).open(path.relative(paths.root, file));
    assert.equal(
      await page.page.evaluate('Jupyter.notebook.trusted'),
      false,
      'an unsigned notebook with outputs is not trusted',
    );
    const text = await page.text();
    assert.match(text, /Patients by work type/);
    assert.match(text, /trust the notebook/);
    assert.equal(
      await page.page.evaluate('document.querySelectorAll("svg.main-svg").length'),
      0,
      'nothing drawn untrusted',
    );
    await page.close();
  },
);
