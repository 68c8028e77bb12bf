/**
 * An abort in the middle of tuning (what Kernel > Interrupt does to notebook 03's tuning step):
 * the search rejects with an AbortError, no pool worker is still training, the workers that were
 * training have been ended, and no trial finishes afterwards.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_PARAMS,
  imbalanceStrategies,
  selectionData,
  tuneByCrossValidation,
  type TuningProgress,
} from '../../shared/pipeline/modeling/selection';
import { sharedWorkerPool } from '../../shared/core/parallel/worker-pool';
import { Random } from '../../shared/core/util/random';

function dataset(rows: number, cols: number, seed: number) {
  const random = new Random(seed);
  const matrix = new Float64Array(rows * cols);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let margin = -2;
    for (let c = 0; c < cols; c++) {
      matrix[r * cols + c] = random.next() * 2 - 1;
      margin += (c + 1) * matrix[r * cols + c];
    }
    labels[r] = random.next() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
  }
  return { data: { matrix, rows, cols }, labels };
}

after(() => sharedWorkerPool().close());

test(
  'aborting tuning ends its fold trainings and their workers, and nothing finishes later',
  { timeout: 300_000 },
  async () => {
    const { data, labels } = dataset(1500, 6, 3);
    const selection = selectionData(data, labels, { folds: 3, seed: 3 });
    const [strategy] = imbalanceStrategies(3);
    const controller = new AbortController();
    const seen: TuningProgress[] = [];
    const tuning = tuneByCrossValidation(
      selection,
      strategy,
      { ...BASE_PARAMS, seed: 3 },
      {
        trials: 8,
        parallel: 2,
        rounds: 300,
        signal: controller.signal,
        onTrial: (progress) => {
          seen.push(progress);
          if (seen.length === 1) controller.abort();
        },
      },
    );
    await assert.rejects(tuning, { name: 'AbortError' });
    const pool = sharedWorkerPool();
    assert.equal(pool.busyCount, 0, 'no pool worker is still running a fold');
    assert.equal(seen.length, 1, 'the abort came after the first trial');
    assert.deepEqual(
      { ...seen[0], bestSoFar: undefined },
      { search: 'Bayesian', finished: 1, trials: 8, bestSoFar: undefined },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(seen.length, 1, 'no trial finished after the abort');
    assert.equal(pool.busyCount, 0);
  },
);
