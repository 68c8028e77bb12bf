import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hasOutputs,
  judgeExecution,
  mergeProgress,
  stripOutputs,
  type CellProgress,
  type Notebook,
} from '../../scripts/lib/notebook-file';
import { STEP_ERROR_MIME } from '../../shared/core/notebook/step';

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'markdown', source: '# t', metadata: {} },
    { cell_type: 'code', source: 'a()', metadata: {}, outputs: [], execution_count: null },
    { cell_type: 'code', source: ['b(', ')'], metadata: {}, outputs: [], execution_count: null },
    { cell_type: 'code', source: 'c()', metadata: {}, outputs: [], execution_count: null },
  ],
};
const ok = (index: number, count: number): CellProgress => ({
  index,
  status: 'ok',
  execution_count: count,
  outputs: [],
});

test('a run where every code cell answered ok with a count passes', () => {
  const verdict = judgeExecution(notebook, [ok(1, 1), ok(2, 2), ok(3, 3)]);
  assert.equal(verdict.failure, undefined);
  assert.equal(verdict.executed, 3);
  assert.equal(verdict.codeCells, 3);
});

test('a skipped cell (no progress line) fails the run even when nothing errored', () => {
  const verdict = judgeExecution(notebook, [ok(1, 1), ok(2, 2)]);
  assert.equal(verdict.failure?.reason, 'not-run');
  assert.equal(verdict.failure?.cellNumber, 4);
  assert.equal(verdict.failure?.codeCellNumber, 3);
});

test('a cell the kernel aborted, or answered without a count, is not counted as run', () => {
  const aborted = judgeExecution(notebook, [ok(1, 1), { ...ok(2, 2), status: 'abort', execution_count: null }]);
  assert.equal(aborted.failure?.reason, 'aborted');
  const noCount = judgeExecution(notebook, [ok(1, 1), { ...ok(2, 2), execution_count: null }, ok(3, 3)]);
  assert.equal(noCount.failure?.cellNumber, 3);
});

test('an error reports the cell source and the JavaScript error without kernel frames', () => {
  const error: CellProgress = {
    index: 2,
    status: 'error',
    execution_count: 2,
    outputs: [
      {
        output_type: 'stream',
        name: 'stderr',
        text: 'Error: boom\n    at evalmachine.<anonymous>:2:7\n    at Object.execute (/x/node_modules/tslab/dist/executor.js:1:1)\n',
      },
    ],
  };
  const verdict = judgeExecution(notebook, [ok(1, 1), error]);
  assert.equal(verdict.failure?.reason, 'error');
  assert.equal(verdict.failure?.source, 'b()');
  assert.match(verdict.failure?.error ?? '', /Error: boom/);
  assert.doesNotMatch(verdict.failure?.error ?? '', /tslab/);
});

test('a guarded step that failed is a failure even though the cell answered ok', () => {
  const failed: CellProgress = {
    ...ok(1, 1),
    outputs: [
      {
        output_type: 'display_data',
        data: {
          [STEP_ERROR_MIME]: { step: 's', name: 'RangeError', message: 'bad', stack: undefined, skipped: false },
        },
      },
    ],
  };
  const verdict = judgeExecution(notebook, [failed, ok(2, 2), ok(3, 3)]);
  assert.equal(verdict.failure?.reason, 'step-failed');
  assert.equal(verdict.failure?.error, 'RangeError: bad');
  assert.equal(verdict.executed, 2);
});

test('strip removes outputs and counts; merge puts recorded ones back', () => {
  const merged = mergeProgress(notebook, [
    { ...ok(1, 7), outputs: [{ output_type: 'stream', name: 'stdout', text: 'hi' }] },
  ]);
  assert.equal(hasOutputs(merged), true);
  assert.equal(merged.cells[1].execution_count, 7);
  const stripped = stripOutputs(merged);
  assert.equal(hasOutputs(stripped), false);
  assert.deepEqual(stripped.cells[1].outputs, []);
  // A chart turns its output's scroll box off; Jupyter Notebook then saves `scrolled: false`.
  const saved = {
    ...merged,
    cells: merged.cells.map((c) => ({ ...c, metadata: { ...c.metadata, scrolled: false, tags: ['t'] } })),
  };
  assert.deepEqual(
    stripOutputs(saved)
      .cells.filter((c) => c.cell_type === 'code')
      .map((c) => c.metadata),
    saved.cells.filter((c) => c.cell_type === 'code').map(() => ({ tags: ['t'] })),
    'the scroll state goes with the outputs',
  );
});
