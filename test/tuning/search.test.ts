import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../shared/core/util/random';
import { runBayesianSearch } from '../../shared/core/tuning/bayesian-search';
import { runRandomSearch } from '../../shared/core/tuning/random-search';
import { HyperParameters } from '../../shared/core/tuning/parameter-ranges';
import { STROKE_XGBOOST_TUNING } from '../../shared/pipeline/modeling/stroke-tuning-config';
import { SearchResult, TrialFailedError } from '../../shared/core/tuning/trial-scheduler';

const ranges = STROKE_XGBOOST_TUNING.ranges;
const num = (p: HyperParameters, key: string): number => p[key] as number;

/** Smooth bowl over the stroke ranges with its maximum 0 at eta 0.08, depth 6, mcw 3, subsample 0.8, colsample 0.7. */
function bowl(p: HyperParameters): number {
  return -(
    1.5 * (Math.log(num(p, 'eta') / 0.08) / Math.log(30)) ** 2 +
    ((num(p, 'max_depth') - 6) / 7) ** 2 +
    0.8 * ((num(p, 'min_child_weight') - 3) / 9) ** 2 +
    1.2 * ((num(p, 'subsample') - 0.8) / 0.5) ** 2 +
    ((num(p, 'colsample_bytree') - 0.7) / 0.5) ** 2
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Objective with random delays (seeded) that records concurrency and the start/finish order. */
function instrumented(delaySeed: number) {
  const delays = new Random(delaySeed);
  const events: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const objective = async (params: HyperParameters, trial: { index: number }): Promise<number> => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    events.push(`start ${trial.index}`);
    await sleep(delays.int(6));
    running--;
    events.push(`finish ${trial.index}`);
    return bowl(params);
  };
  return { objective, events, maxRunning: () => maxRunning };
}

describe('runBayesianSearch vs runRandomSearch', () => {
  test('Bayesian search reaches a better best-so-far than random search at 16 trials (median of 5 seeds)', async () => {
    const bayes: number[] = [];
    const random: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const objective = async (p: HyperParameters): Promise<number> => bowl(p);
      bayes.push((await runBayesianSearch({ ranges, objective, maxJobs: 16, maxParallelJobs: 3, seed })).best.value);
      random.push((await runRandomSearch({ ranges, objective, maxJobs: 16, maxParallelJobs: 3, seed })).best.value);
    }
    console.log(
      `  best after 16 trials: bayesian ${bayes.map((v) => v.toFixed(3))} (median ${median(bayes).toFixed(3)}), random ${random.map((v) => v.toFixed(3))} (median ${median(random).toFixed(3)})`,
    );
    assert.ok(median(bayes) > median(random), `median bayesian ${median(bayes)} vs random ${median(random)}`);
  });
});

describe('scheduling', () => {
  for (const [name, run] of [
    ['bayesian', runBayesianSearch],
    ['random', runRandomSearch],
  ] as const) {
    test(`${name}: never more than maxParallelJobs running, and it does run that many at once`, async () => {
      const probe = instrumented(11);
      const result = await run({ ranges, objective: probe.objective, maxJobs: 12, maxParallelJobs: 3, seed: 4 });
      assert.equal(result.trials.length, 12);
      assert.equal(probe.maxRunning(), 3);
    });

    test(`${name}: trial i starts only after every trial ≤ i − maxParallelJobs finished`, async () => {
      const probe = instrumented(12);
      await run({ ranges, objective: probe.objective, maxJobs: 10, maxParallelJobs: 3, seed: 5 });
      for (let i = 3; i < 10; i++) {
        const started = probe.events.indexOf(`start ${i}`);
        for (let j = 0; j <= i - 3; j++)
          assert.ok(probe.events.indexOf(`finish ${j}`) < started, `trial ${i} started before ${j} finished`);
      }
    });

    test(`${name}: proposals depend on the seed and values only, not on completion order`, async () => {
      const paramsOf = (r: SearchResult): HyperParameters[] => r.trials.map((t) => t.params);
      const a = await run({ ranges, objective: instrumented(1).objective, maxJobs: 10, maxParallelJobs: 3, seed: 7 });
      const b = await run({ ranges, objective: instrumented(2).objective, maxJobs: 10, maxParallelJobs: 3, seed: 7 });
      assert.deepEqual(paramsOf(a), paramsOf(b));
      const c = await run({ ranges, objective: instrumented(1).objective, maxJobs: 10, maxParallelJobs: 3, seed: 8 });
      assert.notDeepEqual(paramsOf(a), paramsOf(c));
    });
  }

  test('trials are reported in index order with params in range, running best and timestamps', async () => {
    let tick = 0;
    const clock = (): Date => new Date(Date.UTC(2024, 0, 1) + 1000 * tick++);
    const result = await runBayesianSearch({
      ranges,
      objective: instrumented(3).objective,
      maxJobs: 9,
      maxParallelJobs: 2,
      seed: 2,
      clock,
    });
    let best = -Infinity;
    result.trials.forEach((trial, i) => {
      assert.equal(trial.index, i);
      assert.ok(num(trial.params, 'eta') >= 0.01 && num(trial.params, 'eta') <= 0.3);
      assert.ok(Number.isInteger(num(trial.params, 'max_depth')));
      assert.equal(trial.value, bowl(trial.params));
      best = Math.max(best, trial.value);
      assert.equal(trial.bestSoFar, best);
      assert.ok(trial.finishedAt.getTime() > trial.startedAt.getTime());
    });
    assert.equal(result.best.value, best);
    assert.equal(result.trials[result.best.index], result.best);
  });

  test('Minimize on −f proposes exactly what Maximize on f does', async () => {
    const max = await runBayesianSearch({
      ranges,
      objective: async (p) => bowl(p),
      maxJobs: 9,
      maxParallelJobs: 3,
      seed: 3,
    });
    const min = await runBayesianSearch({
      ranges,
      objective: async (p) => -bowl(p),
      maxJobs: 9,
      maxParallelJobs: 3,
      seed: 3,
      direction: 'Minimize',
    });
    assert.deepEqual(
      min.trials.map((t) => t.params),
      max.trials.map((t) => t.params),
    );
    assert.equal(min.best.value, -max.best.value);
    assert.equal(min.best.index, max.best.index);
  });

  test('a failing objective rejects with the trial index after in-flight trials settle, and starts no more', async () => {
    const started: number[] = [];
    const objective = async (params: HyperParameters, trial: { index: number }): Promise<number> => {
      started.push(trial.index);
      await sleep(1);
      if (trial.index === 4) throw new Error('training crashed');
      return bowl(params);
    };
    await assert.rejects(
      runBayesianSearch({ ranges, objective, maxJobs: 12, maxParallelJobs: 2, seed: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof TrialFailedError);
        assert.equal(error.trialIndex, 4);
        assert.match(error.message, /trial 4 .* failed: training crashed/);
        return true;
      },
    );
    assert.ok(Math.max(...started) <= 5, `started ${started}`);
    await assert.rejects(
      runRandomSearch({ ranges, objective: async () => NaN, maxJobs: 3, maxParallelJobs: 1, seed: 1 }),
      /objective returned NaN, expected a finite number/,
    );
  });

  test('invalid options are rejected naming the option', async () => {
    const objective = async (): Promise<number> => 0;
    await assert.rejects(
      runRandomSearch({ ranges, objective, maxJobs: 0, maxParallelJobs: 1, seed: 1 }),
      /maxJobs must be a positive integer/,
    );
    await assert.rejects(
      runBayesianSearch({ ranges, objective, maxJobs: 4, maxParallelJobs: 1.5, seed: 1 }),
      /maxParallelJobs must be a positive integer/,
    );
    await assert.rejects(
      runBayesianSearch({ ranges, objective, maxJobs: 4, maxParallelJobs: 1, seed: 1, initialRandom: 0 }),
      /initialRandom/,
    );
    await assert.rejects(
      runBayesianSearch({ ranges: {}, objective, maxJobs: 4, maxParallelJobs: 1, seed: 1 }),
      /at least one range/,
    );
  });
});
