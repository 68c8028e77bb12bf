/**
 * The bootstrap stops on an interrupt (issue 15 item 2): its resampling loop used to hold the
 * thread for seconds, so the abort (fired by Kernel > Interrupt's SIGINT listener, an event) could
 * only run once it was over. Now it yields to the event loop now and then: an abort fired by an
 * event while it resamples rejects it with that abort's error, and the intervals are the same as
 * the plain percentile bootstrap's, yields or not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapInterval, type PairedMetric } from '../../shared/core/metrics/bootstrap';
import { averagePrecision } from '../../shared/core/metrics/average-precision';
import { rocAuc } from '../../shared/core/metrics/roc';
import { evaluateSplit } from '../../shared/pipeline/modeling/evaluation';
import { quantileSorted } from '../../shared/core/stats/quantile';
import { AbortError, cooperativePause } from '../../shared/core/util/abort';
import { Random } from '../../shared/core/util/random';

function data(n: number, seed: number): { labels: Float64Array; scores: Float64Array } {
  const random = new Random(seed);
  const labels = Float64Array.from({ length: n }, () => (random.next() < 0.08 ? 1 : 0));
  const scores = Float64Array.from(labels, (y) => 1 / (1 + Math.exp(-(random.normal(-2.5, 1) + 1.5 * y))));
  return { labels, scores };
}

/** The percentile bootstrap written out plainly: resample rows with Random(seed).int(n), skip one-class draws. */
function plainBootstrap(
  labels: Float64Array,
  scores: Float64Array,
  metric: PairedMetric,
  iterations: number,
  seed: number,
) {
  const random = new Random(seed);
  const n = labels.length;
  const values: number[] = [];
  for (let k = 0; k < iterations; k++) {
    const rows = Array.from({ length: n }, () => random.int(n));
    const y = Float64Array.from(rows, (r) => labels[r]);
    const positives = y.reduce((a, b) => a + b, 0);
    if (positives > 0 && positives < n)
      values.push(
        metric(
          y,
          Float64Array.from(rows, (r) => scores[r]),
        ),
      );
  }
  const sorted = Float64Array.from(values).sort();
  return {
    estimate: metric(labels, scores),
    lower: quantileSorted(sorted, 0.025),
    upper: quantileSorted(sorted, 0.975),
    used: values.length,
    skippedSingleClass: iterations - values.length,
  };
}

/** Counts event-loop turns while `work` runs: more than one means it yielded. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    turns++;
    if (!done) setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { value: await work(), turns };
  } finally {
    done = true;
  }
}

describe('the bootstrap under an interrupt', () => {
  const { labels, scores } = data(1500, 4);

  test('an abort fired by an event while it resamples rejects with the abort error, before the last resample', async () => {
    const controller = new AbortController();
    const reason = new AbortError('step "evaluate with intervals"');
    let calls = 0;
    const metric: PairedMetric = (y, p) => {
      // Fired from an event, as the SIGINT listener fires it: it can only run when the loop yields.
      if (++calls === 3) setImmediate(() => controller.abort(reason));
      return rocAuc(y, p);
    };
    const iterations = 20_000;
    await assert.rejects(
      () => bootstrapInterval(labels, scores, metric, { iterations, seed: 9, signal: controller.signal }),
      (error: unknown) => error === reason,
    );
    assert.ok(calls < iterations / 2, `it stopped at resample ${calls} of ${iterations}`);
  });

  test("with or without a signal, and yielding, the interval is the plain bootstrap's, bit for bit", async () => {
    const iterations = 1500;
    const expected = plainBootstrap(labels, scores, averagePrecision, iterations, 21);
    const plain = await bootstrapInterval(labels, scores, averagePrecision, { iterations, seed: 21 });
    const cooperative = await turnsDuring(() =>
      bootstrapInterval(labels, scores, averagePrecision, {
        iterations,
        seed: 21,
        signal: new AbortController().signal,
      }),
    );
    assert.ok(cooperative.turns > 1, 'the run with a signal yielded to the event loop');
    assert.deepEqual(plain, expected);
    assert.deepEqual(cooperative.value, expected);
  });

  test('evaluateSplit hands its signal to the bootstrap; a signal already fired rejects at once', async () => {
    const controller = new AbortController();
    const reason = new AbortError('step "judge the holdout"');
    controller.abort(reason);
    await assert.rejects(
      () => evaluateSplit(labels, scores, 0.2, { seed: 1, iterations: 50, signal: controller.signal }),
      (error: unknown) => error === reason,
    );
    const live = new AbortController();
    const withSignal = await evaluateSplit(labels, scores, 0.2, { seed: 1, iterations: 200, signal: live.signal });
    assert.deepEqual(withSignal, await evaluateSplit(labels, scores, 0.2, { seed: 1, iterations: 200 }));
  });
});

describe('cooperativePause', () => {
  test('yields on its first call and then once per slice; throws the AbortError once the signal fired', async () => {
    const controller = new AbortController();
    const pause = cooperativePause(controller.signal, 'the loop', 60_000);
    const first = pause();
    assert.ok(first instanceof Promise, 'the first call yields');
    await first;
    assert.equal(pause(), undefined, 'within the slice it does not yield');
    controller.abort();
    assert.throws(
      () => pause(),
      (error: unknown) => error instanceof AbortError && error.message === 'the loop was interrupted',
    );
  });

  test('without a signal it never yields', () => {
    const pause = cooperativePause(undefined, 'the loop', 0);
    assert.equal(pause(), undefined);
    assert.equal(pause(), undefined);
  });
});
