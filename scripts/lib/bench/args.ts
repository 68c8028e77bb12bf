/**
 * Command line of `npm run bench`: `[--quick] [--only a,b,...] [--keep-data]`. Task names are
 * checked against the known list, so a typo is an error instead of an empty run.
 */

export interface BenchArguments {
  quick: boolean;
  /** Tasks to run, in the order of `known` (not the order given). */
  tasks: string[];
  /** True when `--only` chose the tasks. */
  explicit: boolean;
}

export const BENCH_USAGE = 'usage: npm run bench -- [--quick] [--only task1,task2,...]';

/**
 * `known` lists every task in run order; `defaults(quick)` the ones a run without `--only`
 * does (quick runs leave out the slow ones).
 */
export function parseBenchArguments(
  argv: readonly string[],
  known: readonly string[],
  defaults: (quick: boolean) => readonly string[],
): BenchArguments {
  let quick = false;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value.startsWith('--'))
        throw new Error(`--only needs a comma-separated list of tasks (${known.join(', ')})\n${BENCH_USAGE}`);
      only = [...(only ?? []), ...parseTaskList(value, known)];
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n${BENCH_USAGE}`);
    }
  }
  if (only === undefined) return { quick, tasks: known.filter((t) => defaults(quick).includes(t)), explicit: false };
  return { quick, tasks: known.filter((t) => (only as string[]).includes(t)), explicit: true };
}

function parseTaskList(value: string, known: readonly string[]): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === ''))
    throw new Error(`--only ${JSON.stringify(value)} has an empty task name; expected e.g. --only etl,train`);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown task${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known tasks: ${known.join(', ')}`,
    );
  }
  return names;
}
