/**
 * Kernel > Interrupt inside a step, as the kernel sees it: SIGINT reaches the process while a
 * step runs. The step's signal fires, the step shows "interrupted" in its own cell and throws
 * StepInterrupted; what the step displays after the next cell started still goes to its own cell;
 * tslab's own handler (here a stand-in listener) runs only for a SIGINT outside a step.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { displayBundle, progressDisplay, type DisplayMessage } from '../../shared/core/notebook/display';
import { startNotebook, step, STEP_ERROR_MIME } from '../../shared/core/notebook/step';
import { StepInterrupted } from '../../shared/core/notebook/interrupt';
import { AbortError } from '../../shared/core/util/abort';
import { bootstrapInterval } from '../../shared/core/metrics/bootstrap';
import { rocAuc } from '../../shared/core/metrics/roc';
import { Random } from '../../shared/core/util/random';

interface TslabJupyter {
  lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's internal module: no type declarations to import
const jupyter = require('tslab/dist/jupyter') as TslabJupyter;

function cell(): {
  messages: { message: DisplayMessage; update: boolean }[];
  writer: TslabJupyter['lastWriteDisplayData'];
} {
  const messages: { message: DisplayMessage; update: boolean }[] = [];
  return { messages, writer: (message, update) => messages.push({ message, update }) };
}
const text = (m: { message: DisplayMessage }) => String(m.message.data['text/plain']);

let tslabInterrupts = 0;
const tslabListener = () => tslabInterrupts++;
process.on('SIGINT', tslabListener);
after(() => {
  process.removeAllListeners('SIGINT');
  jupyter.lastWriteDisplayData = null;
  startNotebook();
});

test(
  'SIGINT during a step aborts it in its own cell; outside a step it goes to tslab',
  { timeout: 20_000 },
  async () => {
    const first = cell();
    const next = cell();
    jupyter.lastWriteDisplayData = first.writer;
    let aborted = false;
    const running = step('long work', async (signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      aborted = true;
      jupyter.lastWriteDisplayData = next.writer; // the front end already runs the next cell
      displayBundle({ 'text/plain': 'late output of the interrupted step' });
      throw new AbortError('long work');
    });
    const keepAlive = setInterval(() => undefined, 1000); // a signal is delivered by the event loop, which must not empty first
    after(() => clearInterval(keepAlive));
    await new Promise((resolve) => setImmediate(resolve)); // the step takes SIGINT over on the next turn (see interrupt.ts)
    process.kill(process.pid, 'SIGINT');
    await assert.rejects(
      running,
      (error: unknown) => error instanceof StepInterrupted && /step "long work" was interrupted/.test(error.message),
    );
    assert.ok(aborted, "the step's signal fired");
    assert.equal(tslabInterrupts, 0, "tslab's handler did not end the cell before the step wound down");
    assert.deepEqual(next.messages, [], 'nothing of the interrupted step reached the next cell');
    assert.deepEqual(first.messages.map(text), [
      'late output of the interrupted step',
      'Step "long work" interrupted\nInterrupted: stopped at your request (Kernel > Interrupt)\n' +
        'The cells after this one are skipped until it runs to the end: run this cell again.',
    ]);
    assert.equal((first.messages[1].message.data[STEP_ERROR_MIME] as { name: string }).name, 'Interrupted');

    process.kill(process.pid, 'SIGINT');
    while (tslabInterrupts === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // the test's timeout bounds it
    assert.equal(tslabInterrupts, 1, 'a SIGINT outside any step reaches tslab, once');
    startNotebook();
  },
);

test(
  'SIGINT during a long synchronous loop made cooperative (the bootstrap) ends the step as interrupted, in its cell',
  { timeout: 60_000 },
  async () => {
    const shown = cell();
    jupyter.lastWriteDisplayData = shown.writer;
    const before = tslabInterrupts;
    const random = new Random(3);
    const labels = Float64Array.from({ length: 1500 }, () => (random.next() < 0.1 ? 1 : 0));
    const scores = Float64Array.from(labels, (y) => random.next() + y / 2);
    let resamples = 0;
    const iterations = 20_000;
    const metric = (y: Float64Array, p: Float64Array) => {
      if (++resamples === 3) process.kill(process.pid, 'SIGINT'); // Kernel > Interrupt while it resamples
      return rocAuc(y, p);
    };
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      await assert.rejects(
        step('evaluate with intervals', (signal) =>
          bootstrapInterval(labels, scores, metric, { iterations, seed: 1, signal }),
        ),
        (error: unknown) => error instanceof StepInterrupted,
      );
    } finally {
      clearInterval(keepAlive);
    }
    assert.ok(resamples < iterations / 2, `the loop stopped at resample ${resamples} of ${iterations}`);
    assert.equal(tslabInterrupts, before, "tslab's handler was not needed");
    assert.match(shown.messages.map(text).join('\n'), /^Step "evaluate with intervals" interrupted/);
    startNotebook();
  },
);

test(
  'SIGINT in the synchronous start of a step body, in a cell run as tslab runs it, ends the step as interrupted',
  { timeout: 60_000 },
  async () => {
    const shown = cell();
    jupyter.lastWriteDisplayData = shown.writer;
    const labels = Float64Array.from({ length: 1500 }, (_, i) => (i % 9 === 0 ? 1 : 0));
    const scores = Float64Array.from(labels, (y, i) => ((i * 7919) % 1000) / 1000 + y / 3);
    let calls = 0;
    const metric = (y: Float64Array, p: Float64Array) => {
      if (++calls === 1) {
        // the estimate on all rows, computed before the first resample
        process.kill(process.pid, 'SIGINT');
        const until = Date.now() + 100;
        while (Date.now() < until); // still synchronous when the signal lands
      }
      return rocAuc(y, p);
    };
    const keepAlive = setInterval(() => undefined, 1000);
    const cellBody = () =>
      step('evaluate with intervals', (signal) =>
        bootstrapInterval(labels, scores, metric, { iterations: 20_000, seed: 1, signal }),
      );
    try {
      // tslab runs a cell's synchronous part with breakOnSigint; the cell's promise is what it awaits.
      (globalThis as { strokeTestCell?: () => Promise<unknown> }).strokeTestCell = cellBody;
      const promise = vm.runInThisContext('strokeTestCell()', { breakOnSigint: true }) as Promise<unknown>;
      await assert.rejects(promise, (error: unknown) => error instanceof StepInterrupted);
    } finally {
      clearInterval(keepAlive);
    }
    assert.ok(calls < 10_000, `the loop stopped at call ${calls}`);
    assert.match(shown.messages.map(text).join('\n'), /^Step "evaluate with intervals" interrupted/);
    startNotebook();
  },
);

test('a progress display is shown once and then updated in place under one display_id', () => {
  const shown = cell();
  jupyter.lastWriteDisplayData = shown.writer;
  const progress = progressDisplay();
  progress('trial 1 of 12');
  progress('trial 2 of 12');
  const ids = shown.messages.map((m) => m.message.transient.display_id);
  assert.equal(typeof ids[0], 'string');
  assert.deepEqual(ids, [ids[0], ids[0]]);
  assert.deepEqual(
    shown.messages.map((m) => m.update),
    [false, true],
  );
  assert.deepEqual(shown.messages.map(text), ['trial 1 of 12', 'trial 2 of 12']);
});
