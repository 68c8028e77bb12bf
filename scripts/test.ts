/**
 * npm test: strict typecheck of shared/, scripts/ and test/, the same check of shared/ with tslab's
 * own compiler and options, then every test file with node's
 * test runner (unit tests, then the integration tests that execute the notebooks).
 *   npm test -- --unit      skip test/integration (no Jupyter needed)
 *   npm test -- <filter>    only test files whose path contains <filter>
 * The runner's summary is the last thing printed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../shared/core/project/paths';

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
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(paths.root, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.log('typecheck failed: 0 passed, 1 failed');
  process.exit(1);
}
console.log("typecheck: shared/ as tslab compiles it (its TypeScript 5.0, non-strict, declarations)");
const tslabTsc = path.join(paths.root, 'node_modules', '@tslab', 'typescript-for-tslab', 'lib', 'tsc.js');
const tslabCheck = spawnSync(process.execPath, [tslabTsc, '-p', path.join(paths.root, 'test', 'tslab', 'tsconfig.json')], { stdio: 'inherit' });
if (tslabCheck.status !== 0) {
  console.log('tslab typecheck failed: 0 passed, 1 failed');
  process.exit(1);
}
if (files.length === 0) {
  console.log(`no test files matched ${filters.join(' ')}`);
  process.exit(1);
}
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  { stdio: 'inherit', cwd: paths.root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
);
process.exit(run.status ?? 1);
