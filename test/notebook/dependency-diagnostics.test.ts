/**
 * The kernel's cache of imported files' diagnostics (scripts/kernel/dependency-diagnostics.cjs):
 * the same diagnostics as checking everything every time, with each imported file checked once
 * while no imported file changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

interface FakeFile {
  fileName: string;
}
interface FakeDiagnostic {
  file: FakeFile | undefined;
  text: string;
}
type Check = (program: unknown, files: FakeFile[]) => FakeDiagnostic[];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cachingDependencyDiagnostics } = require('../../scripts/kernel/dependency-diagnostics.cjs') as {
  cachingDependencyDiagnostics: (check: Check, sort: (d: FakeDiagnostic[]) => FakeDiagnostic[]) => Check;
};

/** A checker that reports one error per file and a global one, and records which files it checked. */
function recordingCheck(): { check: Check; checked: string[] } {
  const checked: string[] = [];
  const check: Check = (_program, files) => {
    checked.push(...files.map((f) => f.fileName));
    return [{ file: undefined, text: 'global' }, ...files.map((f) => ({ file: f, text: `error in ${f.fileName}` }))];
  };
  return { check, checked };
}
const sorted = (d: FakeDiagnostic[]): FakeDiagnostic[] => [...d].sort((a, b) => a.text.localeCompare(b.text));
const texts = (d: FakeDiagnostic[]): string[] => d.map((x) => x.text);
const cell = { fileName: '/p/__tslab__.ts' };
const prev = { fileName: '/p/__prev__.d.ts' };
const a = { fileName: '/p/shared/a.ts' };
const b = { fileName: '/p/shared/b.ts' };

test('imported files are checked once; the cell every time; the answer is what a full check gives', () => {
  const { check, checked } = recordingCheck();
  const cached = cachingDependencyDiagnostics(check, sorted);
  const first = cached(null, [cell, prev, a]);
  assert.deepEqual(texts(first), texts(sorted(check(null, [cell, prev, a]))));
  checked.length = 0;
  const second = cached(null, [cell, prev, a, b]);
  assert.deepEqual(texts(second), texts(sorted(recordingCheck().check(null, [cell, prev, a, b]))));
  assert.deepEqual(checked, ['/p/__tslab__.ts', '/p/__prev__.d.ts', '/p/shared/b.ts'], 'a comes from the cache');
  checked.length = 0;
  cached(null, [cell, prev, a, b]);
  assert.deepEqual(checked, ['/p/__tslab__.ts', '/p/__prev__.d.ts']);
});

test('an imported file parsed anew (an edit) drops every cached answer', () => {
  const { check, checked } = recordingCheck();
  const cached = cachingDependencyDiagnostics(check, sorted);
  cached(null, [cell, a, b]);
  checked.length = 0;
  const edited = { fileName: '/p/shared/b.ts' };
  cached(null, [cell, a, edited]);
  assert.deepEqual(checked, ['/p/__tslab__.ts', '/p/shared/a.ts', '/p/shared/b.ts'], 'a depends on b: checked again');
});
