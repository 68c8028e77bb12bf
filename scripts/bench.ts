/**
 * `npm run bench -- [--quick] [--only etl,train,...]`: our pipeline against the Python tools on
 * this machine, in one run. Prints one table (task, size, our median, reference median,
 * ratio = ours / reference, peak RSS) and writes it to reports/bench.json. Benchmarks report:
 * a missing Python module or a failing task becomes a row that says so, and the exit code is
 * 0 unless the arguments are wrong.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBenchArguments } from './lib/bench/args';
import { BenchRow, renderTable, toReportRow } from './lib/bench/report';
import { formatDuration } from './lib/bench/format';
import { busyFraction, cpuTimes } from './lib/bench/timing';
import { benchSizes, defaultTasks, TASKS, TaskName } from './bench/plan';
import { CACHE_DIR } from './bench/inputs';
import { runTask } from './bench/suite';

const REPORT_FILE = path.resolve(__dirname, '..', 'reports', 'bench.json');
/** How long to watch the CPUs for other work before starting, and the busy share that earns a warning. */
const IDLE_CHECK_MS = 1000;
const BUSY_WARNING = 0.25;

async function main(): Promise<void> {
  const args = parseBenchArguments(process.argv.slice(2), TASKS, defaultTasks);
  const sizes = benchSizes(args.quick);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroke-bench-run-'));
  const started = Date.now();
  const idleCheckStart = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, IDLE_CHECK_MS));
  const busyAtStart = busyFraction(idleCheckStart, cpuTimes());
  if (busyAtStart > BUSY_WARNING) {
    console.log(
      `bench: warning: the CPUs were ${(busyAtStart * 100).toFixed(0)}% busy before starting; other work distorts the figures (Python's nthread=2 suffers most)`,
    );
  }
  console.log(
    `bench: ${args.tasks.join(', ')}${args.quick ? ' (quick)' : ''}; inputs cached in ${CACHE_DIR}; median of ${sizes.runs} runs after ${sizes.warmup} warm-up`,
  );
  const rows: BenchRow[] = [];
  try {
    for (const task of args.tasks as TaskName[]) {
      const taskStarted = Date.now();
      console.log(`▶ ${task}`);
      const taskRows = await runTask(task, { sizes, workDir });
      rows.push(...taskRows);
      console.log(`  ${task} done in ${formatDuration(Date.now() - taskStarted)}`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\n${renderTable(rows)}\n`);
  const report = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    tasks: args.tasks,
    runs: sizes.runs,
    warmup: sizes.warmup,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
      totalMemoryBytes: os.totalmem(),
    },
    cpuBusyBeforeStart: busyAtStart,
    loadAverage: { atEnd: os.loadavg()[0] },
    wallSeconds: (Date.now() - started) / 1000,
    rows: rows.map(toReportRow),
  };
  fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `bench: wrote ${path.relative(process.cwd(), REPORT_FILE)} (${formatDuration(Date.now() - started)} in all)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
