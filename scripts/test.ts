/**
 * npm test: strict typecheck of shared/, scripts/ and test/, the same check of shared/ with tslab's
 * own compiler and options, the format check (Prettier, notebook cells included) and ESLint, then
 * every test file with node's test runner (unit tests, then the integration tests that execute the
 * notebooks). Format and lint findings are printed before the tests run and fail the run after them.
 *   npm test -- --unit      skip test/integration (no Jupyter needed)
 *   npm test -- <filter>    only test files whose path contains <filter>
 * The runner's summary is the last thing printed.
 */
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../shared/core/project/paths';
import { formatFindings } from './lib/format-check';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
const integrationDir = path.join(paths.root, 'test', 'integration') + path.sep;
const files = testFiles(path.join(paths.root, 'test'))
  .filter((f) => !(unitOnly && f.startsWith(integrationDir)))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort((a, b) => Number(a.startsWith(integrationDir)) - Number(b.startsWith(integrationDir)) || a.localeCompare(b));

console.log('typecheck: tsc --noEmit (strict) over shared/, scripts/, test/');
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', path.join(paths.root, 'tsconfig.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  console.log('typecheck failed: 0 passed, 1 failed');
  process.exit(1);
}
console.log('typecheck: shared/ as tslab compiles it (its TypeScript 5.0, non-strict, declarations)');
const tslabTsc = path.join(paths.root, 'node_modules', '@tslab', 'typescript-for-tslab', 'lib', 'tsc.js');
const tslabCheck = spawnSync(
  process.execPath,
  [tslabTsc, '-p', path.join(paths.root, 'test', 'tslab', 'tsconfig.json')],
  { stdio: 'inherit' },
);
if (tslabCheck.status !== 0) {
  console.log('tslab typecheck failed: 0 passed, 1 failed');
  process.exit(1);
}
if (files.length === 0) {
  console.log(`no test files matched ${filters.join(' ')}`);
  process.exit(1);
}

/** Prettier and ESLint: their findings, printed; the names of the checks that found something. */
async function styleChecks(): Promise<string[]> {
  console.log("format: prettier over the code and the notebooks' code cells");
  const formatting = await formatFindings(paths.root);
  for (const finding of formatting) console.log(`  ${finding}`);
  if (formatting.length > 0) {
    console.log(`format: ${formatting.length} finding(s); fix with npm run format and npm run notebooks:clean`);
  }
  console.log('lint: eslint (eslint.config.mjs: shared/, scripts/, test/)');
  const eslint = new ESLint({ cwd: paths.root });
  const results = await eslint.lintFiles(['.']);
  const problems = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
  if (problems > 0) {
    const formatter = await eslint.loadFormatter('stylish');
    console.log(await formatter.format(results));
    console.log('lint: npm run lint -- --fix fixes some of these; the others need a code change');
  }
  return [...(formatting.length > 0 ? ['format'] : []), ...(problems > 0 ? ['lint'] : [])];
}

async function main(): Promise<number> {
  const failedChecks = await styleChecks();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    {
      stdio: 'inherit',
      cwd: paths.root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  if (failedChecks.length > 0) console.log(`${failedChecks.join(' and ')} failed (findings printed before the tests)`);
  return failedChecks.length > 0 ? 1 : (run.status ?? 1);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
