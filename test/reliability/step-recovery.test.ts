/**
 * One failed step must not poison a live kernel (issue 15 item 1). In ONE real project kernel,
 * cells run as a user runs them: a step fails, the later cell is skipped naming it, the fixed cell
 * is run again and passes, and then the later cell runs; after a second failure a step that passed
 * before it still runs, one after it is skipped until the notebook runs from its first cell. Every reply is "ok": a step never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jupyterSkipReason, runCellsInKernel } from '../integration/jupyter';

const FIRST = [
  "import { startNotebook, step } from './shared/notebook/step';",
  'startNotebook();',
  "const table = await step('open the session', () => 'stroke');",
].join('\n');
const BROKEN = "const rows = await step('read the table', () => { throw new Error(`no table at ${table.slice(0, 5)}`); });";
const FIXED = "const rows = await step('read the table', () => table.length);";
const LATER = "const doubled = await step('double the rows', () => rows * 2);\nconsole.log(`doubled: ${doubled}`);";
const FAILS = "await step('check the rows', () => { throw new Error('late failure'); });";
const SUMMARY = "await step('summarise', () => console.log(`summary of ${rows} rows`));";

test('in a live kernel a failed step, fixed and run again, runs; then the cells after it run', { skip: jupyterSkipReason() }, () => {
  const runs = runCellsInKernel([FIRST, BROKEN, LATER, FIXED, LATER, FAILS, SUMMARY, LATER, FIRST, SUMMARY]);
  assert.equal(runs.length, 10, JSON.stringify(runs));
  runs.forEach((run, i) => assert.equal(run.status, 'ok', `cell ${i + 1}: ${run.text}`));
  const [, broken, skipped, fixed, later, fails, skippedAgain, earlierAgain, , fromTheTop] = runs.map((run) => run.text);
  assert.match(broken, /Step "read the table" failed\nError: no table at strok/);
  assert.match(skipped, /Skipped "double the rows"\nbecause step "read the table" failed: Error: no table at strok/);
  assert.match(skipped, /run the cell of "read the table" again/);
  assert.doesNotMatch(fixed, /Skipped|failed/, 'the fixed cell runs');
  assert.match(later, /doubled: 12/);
  assert.match(fails, /Step "check the rows" failed/);
  assert.match(skippedAgain, /Skipped "summarise"\nbecause step "check the rows" failed: Error: late failure/);
  assert.match(earlierAgain, /doubled: 12/, 'a step that passed before the failure runs again');
  assert.match(fromTheTop, /summary of 6 rows/, 'running from the first cell runs the later cells again');
});
