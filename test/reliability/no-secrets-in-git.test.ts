/**
 * No credential is committed: every file git tracks is scanned for AWS access key ids and for
 * secret-key assignments. The only key-shaped string allowed is the pipeline test's sentinel,
 * which exists to prove outputs never echo credentials.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../../shared/core/project/paths';

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
const SECRET_ASSIGNMENT = /aws_secret_access_key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{30,})/gi;
const ALLOWED = new Set(['AKIASENTINEL7TESTKEY']);

function trackedFiles(): string[] | undefined {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: paths.root, encoding: 'utf8' });
  return listed.status === 0 ? listed.stdout.split('\0').filter((f) => f !== '') : undefined;
}

const files = trackedFiles();

test('no AWS credential in any tracked file', { skip: files === undefined && 'not a git checkout' }, () => {
  const findings: string[] = [];
  for (const file of files ?? []) {
    const full = path.join(paths.root, file);
    if (!fs.existsSync(full) || fs.statSync(full).size > 20 * 1024 * 1024) continue;
    const text = fs.readFileSync(full, 'latin1');
    for (const match of text.matchAll(ACCESS_KEY_ID))
      if (!ALLOWED.has(match[0])) findings.push(`${file}: access key id ${match[0]}`);
    for (const _match of text.matchAll(SECRET_ASSIGNMENT)) findings.push(`${file}: secret key assignment`);
  }
  assert.ok((files ?? []).length > 100, 'the repository was listed');
  assert.deepEqual(findings, []);
});

test('the patterns catch what they are for', () => {
  // AWS's documented example values, assembled here so this file itself stays clean.
  const exampleKeyId = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
  assert.equal(`key ${exampleKeyId} here`.match(ACCESS_KEY_ID)?.[0], exampleKeyId);
  assert.ok(
    SECRET_ASSIGNMENT.test(['aws_secret_access_key', ' = ', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'].join('')),
  );
  SECRET_ASSIGNMENT.lastIndex = 0;
  assert.equal('.env is git-ignored'.match(ACCESS_KEY_ID), null);
  assert.ok(
    fs.readFileSync(path.join(paths.root, '.gitignore'), 'utf8').split('\n').includes('.env'),
    '.env is git-ignored',
  );
});
