/**
 * Reads the summary table `scripts/run-notebooks.ts` prints (notebook, status, cells, seconds,
 * then a `total` line) back into numbers, for the pipeline benchmark.
 */

export interface NotebookTiming {
  notebook: string;
  status: string;
  cells: string;
  /** null for notebooks that did not run (`-`). */
  seconds: number | null;
}

export interface RunnerTable {
  notebooks: NotebookTiming[];
  totalSeconds: number;
}

/** Parses the last such table in `output`; throws naming what is missing. */
export function parseRunnerTable(output: string): RunnerTable {
  const lines = output.split(/\r?\n/);
  let headerIndex = -1;
  lines.forEach((line, i) => {
    if (/^\s*notebook\s+status\s+cells\s+seconds\s*$/.test(line)) headerIndex = i;
  });
  if (headerIndex < 0)
    throw new Error('notebook runner output has no summary table (no "notebook status cells seconds" header line)');
  const notebooks: NotebookTiming[] = [];
  for (let i = headerIndex + 2; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/\s{2,}/);
    if (fields[0] === 'total') {
      const totalSeconds = Number(fields[fields.length - 1]);
      if (fields.length < 2 || !Number.isFinite(totalSeconds))
        throw new Error(`notebook runner table: total line ${JSON.stringify(line)} has no number of seconds`);
      return { notebooks, totalSeconds };
    }
    if (fields.length !== 4)
      throw new Error(
        `notebook runner table: line ${JSON.stringify(line)} should have 4 columns (notebook, status, cells, seconds)`,
      );
    const [notebook, status, cells, secondsText] = fields;
    const seconds = secondsText === '-' ? null : Number(secondsText);
    if (seconds !== null && !Number.isFinite(seconds))
      throw new Error(
        `notebook runner table: ${notebook} has seconds ${JSON.stringify(secondsText)}; expected a number or -`,
      );
    notebooks.push({ notebook, status, cells, seconds });
  }
  throw new Error('notebook runner table has no "total" line (was the output cut short?)');
}
