/**
 * The machinery-overhead breakdown: steps record their own time when the runner names a file,
 * the executed notebook's busy/idle times are read back, and wall = work + in cells + outside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setDisplaySink } from '../../shared/core/notebook/display';
import { startNotebook, step } from '../../shared/core/notebook/step';
import { parseStepTimes, STEP_TIMES_ENV, stepTimesFileOf } from '../../shared/core/notebook/step-times';
import { cellTimings, machineryBreakdown, sumBreakdowns } from '../../scripts/lib/bench/machinery';
import { machineryRow } from '../../scripts/bench/pipeline';
import { rowRatio } from '../../scripts/lib/bench/report';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a step appends its title and duration to the file named in STROKE_STEP_TIMES, failed or not', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-times-'));
  const file = path.join(dir, 'steps.jsonl');
  const before = process.env[STEP_TIMES_ENV];
  process.env[STEP_TIMES_ENV] = file;
  setDisplaySink(() => undefined);
  t.mock.method(console, 'error', () => undefined);
  t.after(() => {
    if (before === undefined) delete process.env[STEP_TIMES_ENV];
    else process.env[STEP_TIMES_ENV] = before;
    setDisplaySink(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  startNotebook();
  await step('waits', () => sleep(30));
  await step('fails', () => {
    throw new Error('no');
  });
  const times = parseStepTimes(fs.readFileSync(file, 'utf8'), file);
  assert.deepEqual(
    times.map((entry) => entry.step),
    ['waits', 'fails'],
  );
  assert.ok(times[0].ms >= 25, `the waiting step took ${times[0].ms} ms`);
  assert.ok(times[1].ms >= 0);
});

test('without STROKE_STEP_TIMES a step writes nothing', async () => {
  assert.equal(process.env[STEP_TIMES_ENV], undefined);
  setDisplaySink(() => undefined);
  startNotebook();
  assert.equal(await step('quiet', () => 7), 7);
  setDisplaySink(undefined);
});

test('a malformed step-times line is named by file and line', () => {
  assert.equal(stepTimesFileOf('/r/notebooks/01_data.ipynb'), '/r/notebooks/01_data.steps.jsonl');
  assert.throws(() => parseStepTimes('{"step":"a","ms":1}\n{"step":"b"}\n', 'x.jsonl'), /x\.jsonl:2: expected/);
  assert.throws(() => parseStepTimes('oops\n', 'y.jsonl'), /y\.jsonl:1: not JSON/);
});

test('busy/idle times are read from the executed notebook, and wall splits into work, in cells and outside', () => {
  const notebook = JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {} },
      {
        cell_type: 'code',
        metadata: {
          execution: {
            'iopub.status.busy': '2026-12-03T10:00:01.000Z',
            'iopub.status.idle': '2026-12-03T10:00:04.000Z',
          },
        },
      },
      {
        cell_type: 'code',
        metadata: {
          execution: {
            'iopub.status.busy': '2026-12-03T10:00:04.100Z',
            'iopub.status.idle': '2026-12-03T10:00:06.100Z',
          },
        },
      },
    ],
  });
  const cells = cellTimings(notebook, 'n.ipynb');
  assert.deepEqual(
    cells.map((c) => c.idleMs - c.busyMs),
    [3000, 2000],
  );
  const breakdown = machineryBreakdown(8000, cells, [
    { step: 'a', ms: 1500 },
    { step: 'b', ms: 1000 },
  ]);
  assert.deepEqual(breakdown, { wallMs: 8000, workMs: 2500, inCellsMs: 2500, outsideCellsMs: 3000, firstCellMs: 3000 });
  assert.equal(breakdown.workMs + breakdown.inCellsMs + breakdown.outsideCellsMs, breakdown.wallMs);
  const total = sumBreakdowns([breakdown, breakdown]);
  assert.equal(total.wallMs, 16000);
  assert.equal(rowRatio(machineryRow([breakdown, breakdown], '4 notebooks')), 16000 / 5000);
  assert.throws(
    () => cellTimings(JSON.stringify({ cells: [{ cell_type: 'code', metadata: {} }] }), 'm.ipynb'),
    /m\.ipynb: cell 1 has no busy\/idle/,
  );
});
