/**
 * The folders of shared/ are the architecture, and this test holds the code to it (README, "Layout"):
 *   core/      generic parts (storage, S3, lake, CSV, stats, metrics, tuning, parallel, charts, cell helpers);
 *   ml/        machine learning on top of core (the XGBoost format and scoring, SHAP, training, preprocessing);
 *   pipeline/  this project's stages (config, schema, ingest, ETL, gold, modeling, model store, serving, ...);
 *   aws/       the SageMaker edge, which reaches the pipeline only through its contracts (AWS_MAY_IMPORT).
 * An import may point to its own tier or one below, never up; nothing in shared/ imports scripts/ or test/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../../shared/core/project/paths';
import { resolveImport, tsFiles } from './source-files';

export const TIERS = ['core', 'ml', 'pipeline', 'aws'] as const;
type Tier = (typeof TIERS)[number];

/** The pipeline modules the AWS edge may use: configuration, the model store and the contracts it implements. */
export const AWS_MAY_IMPORT: readonly string[] = [
  'pipeline/config.ts',
  'pipeline/model-store/',
  'pipeline/serving/client.ts',
  'pipeline/modeling/stroke-tuning-config.ts',
];

export interface ImportEdge {
  /** Importing file, relative to the project root. */
  from: string;
  /** Imported file, relative to the project root (extension resolved). */
  to: string;
  line: number;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** Every relative import of a TypeScript file, resolved to the file it names. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const target = resolveImport(path.dirname(file), match[2]) ?? path.resolve(path.dirname(file), match[2]);
    const line = source.slice(0, match.index).split('\n').length;
    edges.push({ from: file, to: target, line: line });
  }
  return edges;
}

/** The tier of a path under shared/, or undefined outside the tiers. */
export function tierOf(relativeToShared: string): Tier | undefined {
  const top = relativeToShared.split('/')[0];
  return (TIERS as readonly string[]).includes(top) ? (top as Tier) : undefined;
}

/** Why an import breaks the layout, or undefined when it keeps it. */
export function layoutViolation(fromShared: string, toRoot: string): string | undefined {
  if (!toRoot.startsWith('shared/'))
    return toRoot.startsWith('node_modules/') ? undefined : `imports ${toRoot} outside shared/`;
  const to = toRoot.slice('shared/'.length);
  const fromTier = tierOf(fromShared);
  const toTier = tierOf(to);
  if (!fromTier) return `${fromShared} is in no tier (${TIERS.join(', ')})`;
  if (!toTier) return `imports ${to}, which is in no tier`;
  if (TIERS.indexOf(toTier) > TIERS.indexOf(fromTier)) return `${fromTier} imports ${to}, a tier above it`;
  if (fromTier === 'aws' && toTier === 'pipeline' && !AWS_MAY_IMPORT.some((allowed) => to.startsWith(allowed))) {
    return `aws imports ${to}; the AWS edge may use only ${AWS_MAY_IMPORT.join(', ')}`;
  }
  return undefined;
}

test('every shared/ file sits in a tier, and no import points up a tier', () => {
  const shared = path.join(paths.root, 'shared');
  const problems: string[] = [];
  for (const file of tsFiles(shared)) {
    const fromShared = path.relative(shared, file);
    if (!tierOf(fromShared)) problems.push(`shared/${fromShared}: in no tier (${TIERS.join(', ')})`);
    for (const edge of importsOf(file, fs.readFileSync(file, 'utf8'))) {
      const why = layoutViolation(fromShared, path.relative(paths.root, edge.to));
      if (why) problems.push(`shared/${fromShared}:${edge.line}: ${why}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the layout rule catches an arrow against the tiers', () => {
  assert.equal(layoutViolation('core/stats/normal.ts', 'shared/core/util/random.ts'), undefined);
  assert.equal(layoutViolation('pipeline/etl/mice.ts', 'shared/ml/impute/mice.ts'), undefined);
  assert.match(
    layoutViolation('core/s3/client.ts', 'shared/pipeline/config.ts') ?? '',
    /core imports pipeline\/config\.ts, a tier above/,
  );
  assert.match(layoutViolation('ml/xgboost/a.ts', 'shared/aws/estimator.ts') ?? '', /a tier above/);
  assert.equal(layoutViolation('aws/estimator.ts', 'shared/pipeline/model-store/artifacts.ts'), undefined);
  assert.match(layoutViolation('aws/estimator.ts', 'shared/pipeline/etl/run-etl.ts') ?? '', /AWS edge may use only/);
  assert.match(layoutViolation('core/util/x.ts', 'scripts/lib/bench/args.ts') ?? '', /outside shared/);
});

test('importsOf finds static, dynamic and type-only imports with their lines', () => {
  const file = path.join(paths.root, 'shared', 'core', 'stats', 'example.ts');
  const source = [
    "import type { A } from '../util/random';",
    '',
    "const m = await import('../lake/delta');",
    "export * from './normal';",
  ].join('\n');
  const edges = importsOf(file, source).map((edge) => [path.relative(paths.root, edge.to), edge.line]);
  assert.deepEqual(edges, [
    ['shared/core/util/random.ts', 1],
    ['shared/core/lake/delta.ts', 3],
    ['shared/core/stats/normal.ts', 4],
  ]);
});
