/**
 * The modeling protocol on several split seeds, outside the notebooks:
 *   npm run evaluate -- [--input data/stroke-pii-sample.csv] [--seeds 1-5] [--trials 12] [--out reports/evaluation.json]
 * Builds silver and gold in memory from the CSV (the ETL of notebook 01, the transformations of
 * notebook 02), then for each seed runs notebook 03's recipe and the logistic baselines, prints
 * mean ± sd of test ROC-AUC, AP and Brier, and writes every seed's numbers as JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSilverTable } from '../shared/pipeline/etl/silver-job';
import { toGold } from '../shared/pipeline/gold/gold-transforms';
import {
  parseSeeds,
  runSeed,
  summarizeSeeds,
  summaryTable,
  type SeedResult,
} from '../shared/pipeline/modeling/protocol';
import { paths } from '../shared/core/project/paths';

const USAGE =
  'usage: npm run evaluate -- [--input file.csv] [--seeds 1-5] [--trials 12] [--out reports/evaluation.json]';

interface EvaluateArguments {
  input: string;
  seeds: number[];
  trials: number;
  out: string;
}

function parseArguments(argv: readonly string[]): EvaluateArguments {
  const parsed: EvaluateArguments = {
    input: path.join(paths.data, 'stroke-pii-sample.csv'),
    seeds: [1, 2, 3, 4, 5],
    trials: 12,
    out: path.join(paths.reports, 'evaluation.json'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
    if (flag === '--input') parsed.input = path.resolve(value);
    else if (flag === '--seeds') parsed.seeds = parseSeeds(value);
    else if (flag === '--out') parsed.out = path.resolve(value);
    else if (flag === '--trials') {
      if (!/^\d+$/.test(value) || Number(value) < 1)
        throw new Error(`--trials is ${JSON.stringify(value)}; expected a positive integer`);
      parsed.trials = Number(value);
    } else throw new Error(`unknown option ${JSON.stringify(flag)}; ${USAGE}`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (!fs.existsSync(args.input)) throw new Error(`--input ${args.input} does not exist`);
  const silver = await buildSilverTable(new Uint8Array(fs.readFileSync(args.input)), path.basename(args.input));
  const { gold } = toGold(silver.table);
  console.log(
    `evaluate: ${path.basename(args.input)}: ${gold.numRows} gold rows; seeds ${args.seeds.join(', ')}; ${args.trials} trials per search`,
  );
  const results: SeedResult[] = [];
  for (const seed of args.seeds) {
    const started = Date.now();
    const result = await runSeed(gold, seed, { trials: args.trials });
    results.push(result);
    const x = result.models['XGBoost (calibrated)'];
    console.log(
      `  seed ${seed}: XGBoost ROC-AUC ${x.rocAuc.toFixed(3)}, AP ${x.averagePrecision.toFixed(3)}, Brier ${x.brier.toFixed(4)}, ` +
        `flags ${(100 * result.flagged).toFixed(1)}%, logistic weight ${result.logisticWeight} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  const summary = summarizeSeeds(results);
  console.log(`\n${summaryTable(summary, args.seeds)}`);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(
    args.out,
    `${JSON.stringify({ input: path.basename(args.input), goldRows: gold.numRows, trials: args.trials, seeds: args.seeds, summary, results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(process.cwd(), args.out)}`);
}

main().catch((error: unknown) => {
  console.error(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
