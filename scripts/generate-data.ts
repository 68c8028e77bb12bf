/**
 * Writes a synthetic stroke-dataset CSV of either variant, streaming (bounded memory at any size).
 *
 *   npx tsx scripts/generate-data.ts --variant original|pii --rows N --seed S --out path.csv
 *
 * The shipped samples were made with:
 *   npx tsx scripts/generate-data.ts --variant original --rows 5110 --seed 42 --out data/stroke-original-sample.csv
 *   npx tsx scripts/generate-data.ts --variant pii --rows 5109 --seed 42 --out data/stroke-pii-sample.csv
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { syntheticCsvChunks } from '../shared/pipeline/data/synthetic-csv';
import type { Variant } from '../shared/pipeline/schema';

interface Arguments {
  variant: Variant;
  rows: number;
  seed: number;
  out: string;
}

const USAGE = 'usage: npx tsx scripts/generate-data.ts --variant original|pii --rows N --seed S --out path.csv';

function parseArguments(argv: readonly string[]): Arguments {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--variant', '--rows', '--seed', '--out'].includes(flag) || value === undefined) {
      throw new Error(`unexpected argument ${JSON.stringify(flag)}\n${USAGE}`);
    }
    values.set(flag.slice(2), value);
  }
  const variant = values.get('variant');
  if (variant !== 'original' && variant !== 'pii')
    throw new Error(`--variant must be original or pii, got ${String(variant)}\n${USAGE}`);
  const rows = Number(values.get('rows'));
  if (!Number.isInteger(rows) || rows < 0)
    throw new Error(`--rows must be a non-negative integer, got ${String(values.get('rows'))}\n${USAGE}`);
  const seed = Number(values.get('seed'));
  if (!Number.isInteger(seed))
    throw new Error(`--seed must be an integer, got ${String(values.get('seed'))}\n${USAGE}`);
  const out = values.get('out');
  if (out === undefined || out === '') throw new Error(`--out is required\n${USAGE}`);
  return { variant, rows, seed, out };
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const file = createWriteStream(args.out);
  for (const chunk of syntheticCsvChunks(args)) {
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  process.stdout.write(`wrote ${args.rows} ${args.variant} rows (seed ${args.seed}) to ${args.out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
