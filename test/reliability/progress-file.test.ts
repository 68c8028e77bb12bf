/**
 * The runner's progress file (scripts/nbconvert/execute_config.py) holds events, not a second
 * copy of the notebook: a run that succeeds writes no output into it; a failed run (for which
 * nbconvert writes no notebook) records each executed cell's outputs once, so the runner can
 * still name the failure and rebuild the executed notebook. The hook runs in Debian's Python
 * with nbconvert's traitlets, as nbconvert loads it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXECUTE_CONFIG } from '../../scripts/lib/nbconvert-args';
import { judgeExecution, mergeProgress, parseProgress, type Notebook } from '../../scripts/lib/notebook-file';
import { STEP_ERROR_MIME } from '../../shared/core/notebook/step';
import { jupyterSkipReason } from '../integration/jupyter';

const BIG_HTML = `<div>${'x'.repeat(200_000)}</div>`;

/** Loads the config file like traitlets does and feeds it three executed cells. */
const DRIVER = `
import json, sys
from traitlets.config import Config
config = Config()
namespace = {"get_config": lambda: config}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), namespace)
hook = config.ExecutePreprocessor.on_cell_executed
cells = json.loads(sys.stdin.read())
for index, (cell, status) in enumerate(cells):
    try:
        hook(cell=cell, cell_index=index, execute_reply={"content": {"status": status, "execution_count": index + 1}})
    except Exception as error:
        print(type(error).__name__, error)
        break
`;

function runHook(cells: Array<[object, string]>, progressFile: string): string {
  const run = spawnSync('/usr/bin/python3', ['-c', DRIVER, EXECUTE_CONFIG], {
    input: JSON.stringify(cells),
    encoding: 'utf8',
    env: { ...process.env, STROKE_NB_PROGRESS: progressFile },
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const display = (html: string) => ({
  output_type: 'display_data',
  data: { 'text/html': html, 'text/plain': 'chart' },
  metadata: {},
});
const code = (source: string) => ({
  cell_type: 'code',
  source,
  metadata: {},
  outputs: [] as object[],
  execution_count: null,
});

test(
  "a successful run writes events only; a failed one records every executed cell's outputs once",
  { skip: jupyterSkipReason() },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-'));
    try {
      const good = path.join(dir, 'good.jsonl');
      const chart = { ...code('chart()'), outputs: [display(BIG_HTML)] };
      assert.equal(
        runHook(
          [
            [chart, 'ok'],
            [{ ...code('more()'), outputs: [display(BIG_HTML)] }, 'ok'],
          ],
          good,
        ),
        '',
      );
      const goodText = fs.readFileSync(good, 'utf8');
      assert.ok(
        goodText.length < 500,
        `the progress of a successful run is ${goodText.length} bytes: it repeats the outputs`,
      );
      assert.deepEqual(
        parseProgress(goodText).map((p) => [p.index, p.status, p.execution_count, p.outputs.length]),
        [
          [0, 'ok', 1, 0],
          [1, 'ok', 2, 0],
        ],
      );

      const bad = path.join(dir, 'bad.jsonl');
      const marker = { step: 'load', name: 'Error', message: 'no such table', skipped: false };
      const failing = {
        ...code('fails()'),
        outputs: [
          { output_type: 'display_data', data: { [STEP_ERROR_MIME]: marker, 'text/plain': 'failed' }, metadata: {} },
        ],
      };
      assert.match(
        runHook(
          [
            [chart, 'ok'],
            [failing, 'ok'],
            [code('never()'), 'ok'],
          ],
          bad,
        ),
        /PipelineStepFailed cell 2: step 'load' failed/,
      );
      const badText = fs.readFileSync(bad, 'utf8');
      assert.equal(badText.split('x'.repeat(200_000)).length - 1, 1, "the chart's output is recorded exactly once");
      const progress = parseProgress(badText);
      const source: Notebook = {
        cells: [code('chart()'), code('fails()'), code('never()')] as Notebook['cells'],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      };
      const verdict = judgeExecution(source, progress);
      assert.equal(verdict.failure?.reason, 'step-failed');
      assert.equal(verdict.failure?.error, 'Error: no such table');
      const rebuilt = mergeProgress(source, progress);
      assert.equal(
        rebuilt.cells[0].outputs?.[0].data?.['text/html'],
        BIG_HTML,
        'the rebuilt notebook keeps what the first cell printed',
      );
      assert.deepEqual(rebuilt.cells[2].outputs, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
