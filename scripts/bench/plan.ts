/**
 * Which tasks exist, in run order, and the sizes of a full and a `--quick` run. Sizes live in
 * one place so the TypeScript side and the Python references are always handed the same ones.
 */

export const TASKS = ['etl', 'etl-10m', 'tuning', 'train', 'score', 'shap', 'endpoint', 'pipeline'] as const;
export type TaskName = (typeof TASKS)[number];

export interface BenchSizes {
  etlRows: number;
  streamRows: number;
  tuningRows: number;
  tuningTrials: number;
  tuningParallel: number;
  tuningRounds: number;
  trainRows: number;
  trainRounds: number;
  trainDepth: number;
  /** Rows of the exact-method comparison (exact is ~6x slower than hist, so it runs smaller); 0 skips it. */
  trainExactRows: number;
  scoreRows: number;
  shapRows: number;
  modelTrees: number;
  endpointSeconds: number;
  pipelineRows: number;
  warmup: number;
  runs: number;
}

export function benchSizes(quick: boolean): BenchSizes {
  return {
    etlRows: quick ? 100_000 : 1_000_000,
    streamRows: quick ? 500_000 : 10_000_000,
    tuningRows: 5_000,
    tuningTrials: 12,
    tuningParallel: 3,
    tuningRounds: quick ? 30 : 150,
    trainRows: quick ? 100_000 : 1_000_000,
    trainRounds: 100,
    trainDepth: 6,
    trainExactRows: quick ? 0 : 100_000,
    scoreRows: quick ? 20_000 : 100_000,
    shapRows: quick ? 1_000 : 10_000,
    modelTrees: 300,
    endpointSeconds: quick ? 1 : 5,
    pipelineRows: 5_000,
    warmup: 1,
    runs: 3,
  };
}

/** The pipeline (minutes) and the 10M stream are left out of a quick run unless named with --only. */
export function defaultTasks(quick: boolean): readonly TaskName[] {
  return quick ? TASKS.filter((t) => t !== 'pipeline' && t !== 'etl-10m') : TASKS;
}
