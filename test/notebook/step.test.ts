/**
 * Guarded steps in a live kernel: one failure must not poison the kernel. The failed step runs
 * again when its cell is re-run (and, passing, lets the later steps run), steps that passed before
 * it still run, a notebook's first cell (startNotebook) starts afresh, and a skipped step says
 * which step failed and how to recover. The step module is driven directly, as cells would.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setDisplaySink, type DisplayMessage } from '../../shared/core/notebook/display';
import { ExplainedError, STEP_ERROR_MIME, startNotebook, step } from '../../shared/core/notebook/step';

interface Marker {
  step: string;
  skipped: boolean;
  failedStep?: string;
  message: string;
  stack?: string;
}

/** Captures what the steps display and write to stderr; returns the captured lists. */
function capture(t: TestContext): { shown: DisplayMessage[]; stderr: string[] } {
  const shown: DisplayMessage[] = [];
  const stderr: string[] = [];
  setDisplaySink((message) => shown.push(message));
  t.mock.method(console, 'error', (text: string) => stderr.push(text));
  t.after(() => setDisplaySink(undefined));
  startNotebook();
  return { shown, stderr };
}

const markerOf = (message: DisplayMessage) => message.data[STEP_ERROR_MIME] as Marker | undefined;
const textOf = (message: DisplayMessage) => String(message.data['text/plain']);

/** A step whose body records that it ran and returns `value`, or throws `error`. */
function cell(title: string, ran: string[], outcome: { value?: number; error?: Error }): Promise<number> {
  return step(title, () => {
    ran.push(title);
    if (outcome.error) throw outcome.error;
    return outcome.value ?? 0;
  });
}

test('a failed step run again after the fix runs, and once it passes the steps after it run too', async (t) => {
  const { shown } = capture(t);
  const ran: string[] = [];
  assert.equal(await cell('open the session', ran, { value: 1 }), 1);
  await cell('read the table', ran, { error: new Error('no Delta table at s3://silver-data/strok') });
  await cell('plot the table', ran, { value: 3 });
  assert.deepEqual(ran, ['open the session', 'read the table'], 'the step after the failure is skipped');
  assert.equal(await cell('read the table', ran, { value: 2 }), 2, 'the fixed cell runs and returns its value');
  assert.equal(await cell('plot the table', ran, { value: 3 }), 3);
  assert.deepEqual(ran, ['open the session', 'read the table', 'read the table', 'plot the table']);
  assert.deepEqual(
    shown
      .map(markerOf)
      .filter((m): m is Marker => m !== undefined)
      .map((m) => [m.step, m.skipped]),
    [
      ['read the table', false],
      ['plot the table', true],
    ],
  );
});

test('a skipped step names the step that failed, its error, and how to recover', async (t) => {
  const { shown } = capture(t);
  const ran: string[] = [];
  await cell('read the table', ran, { error: new Error('table missing') });
  await cell('plot the table', ran, {});
  const skipped = shown.at(-1);
  assert.ok(skipped);
  assert.deepEqual(
    { ...markerOf(skipped), stack: undefined },
    {
      step: 'plot the table',
      skipped: true,
      failedStep: 'read the table',
      name: 'Error',
      message: 'table missing',
      stack: undefined,
    },
  );
  const text = textOf(skipped);
  assert.match(text, /^Skipped "plot the table"\nbecause step "read the table" failed: Error: table missing\n/);
  assert.match(text, /run the cell of "read the table" again/);
  assert.match(text, /from the top \(Run All\)/);
  assert.match(textOf(shown[0]), /fix the cause and run this cell again/, 'the failure itself says how to go on');
});

test('steps that passed before the failure still run when their cells are run again', async (t) => {
  capture(t);
  const ran: string[] = [];
  await cell('open the session', ran, { value: 1 });
  await cell('read the table', ran, { error: new Error('boom') });
  assert.equal(await cell('open the session', ran, { value: 5 }), 5);
  await cell('plot the table', ran, {});
  assert.deepEqual(ran, ['open the session', 'read the table', 'open the session']);
});

test('a step that fails again stays the failure, with its new error', async (t) => {
  const { shown } = capture(t);
  const ran: string[] = [];
  await cell('read the table', ran, { error: new Error('first cause') });
  await cell('read the table', ran, { error: new Error('second cause') });
  await cell('plot the table', ran, {});
  assert.deepEqual(ran, ['read the table', 'read the table']);
  assert.equal(markerOf(shown[1])?.skipped, false);
  assert.match(textOf(shown[2]), /failed: Error: second cause/);
});

test('running a notebook from the top (its first cell) runs every step again', async (t) => {
  capture(t);
  const ran: string[] = [];
  await cell('open the session', ran, {});
  await cell('read the table', ran, { error: new Error('boom') });
  await cell('plot the table', ran, {});
  startNotebook();
  await cell('open the session', ran, {});
  await cell('plot the table', ran, {});
  assert.deepEqual(ran, ['open the session', 'read the table', 'open the session', 'plot the table']);
});

test('02 opened before 01, then 01 and 02 run in the same kernel: nothing of 02 is skipped', async (t) => {
  capture(t);
  const ran: string[] = [];
  await cell('open the pipeline session', ran, {});
  await cell('read the latest silver version', ran, { error: new Error('no Delta table') });
  await cell('first look', ran, {});
  startNotebook(); // 01's first cell
  await cell('open the pipeline session', ran, {});
  await cell('ingest the CSV without PII', ran, {});
  startNotebook(); // 02's first cell again
  await cell('open the pipeline session', ran, {});
  await cell('read the latest silver version', ran, {});
  await cell('first look', ran, {});
  assert.deepEqual(ran, [
    'open the pipeline session',
    'read the latest silver version',
    'open the pipeline session',
    'ingest the CSV without PII',
    'open the pipeline session',
    'read the latest silver version',
    'first look',
  ]);
});

test('an ExplainedError is shown without a JavaScript stack; any other error keeps its stack', async (t) => {
  const { shown, stderr } = capture(t);
  await step('check the order', () => {
    throw new ExplainedError('run 01_data_engineering.ipynb first');
  });
  assert.equal(markerOf(shown[0])?.stack, undefined);
  assert.deepEqual(stderr, [], 'its message is shown once, in the step output');
  startNotebook();
  await step('divide', () => {
    throw new RangeError('bad divisor');
  });
  assert.match(String(markerOf(shown[1])?.stack), /RangeError: bad divisor\n\s+at /);
  assert.match(stderr[0], /^Step "divide" failed: RangeError: bad divisor\n\s*RangeError: bad divisor\n\s+at /);
});
