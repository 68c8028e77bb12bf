import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FsObjectStore } from '../../shared/core/storage/fs-store';
import { objectStoreContract } from './store-contract';

const roots: string[] = [];
function freshRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-store-test-'));
  roots.push(root);
  return root;
}
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe('FsObjectStore contract', () => {
  objectStoreContract(async () => new FsObjectStore(freshRoot()));
});

describe('FsObjectStore on disk', () => {
  test('keys are files under the root; metadata sidecars and temp files never show in list', async () => {
    const root = freshRoot();
    const store = new FsObjectStore(root);
    await store.put('tbl/_delta_log/00.json', 'x', { metadata: { a: '1' } });
    assert.equal(fs.readFileSync(path.join(root, 'tbl', '_delta_log', '00.json'), 'utf8'), 'x');
    fs.writeFileSync(path.join(root, 'tbl', '.fs-store-tmp-leftover'), 'partial');
    assert.deepEqual(
      (await store.list('')).map((o) => o.key),
      ['tbl/_delta_log/00.json'],
    );
    // A fresh instance over the same folder sees what the first wrote, metadata included.
    assert.deepEqual((await new FsObjectStore(root).get('tbl/_delta_log/00.json')).metadata, { a: '1' });
  });

  test('unsafe keys are refused with the key named', async () => {
    const store = new FsObjectStore(freshRoot());
    for (const key of ['../escape', 'a/../../b', '/abs', 'a//b', 'a\\b']) {
      await assert.rejects(
        store.put(key, 'x'),
        (e: unknown) => e instanceof Error && e.message.includes(JSON.stringify(key)),
      );
    }
  });

  test('delete prunes emptied folders but not the root', async () => {
    const root = freshRoot();
    const store = new FsObjectStore(root);
    await store.put('p/q/r.bin', 'x');
    await store.delete(['p/q/r.bin']);
    assert.equal(fs.existsSync(path.join(root, 'p')), false);
    assert.equal(fs.existsSync(root), true);
  });

  test('a failed conditional put leaves no temp file behind', async () => {
    const root = freshRoot();
    const store = new FsObjectStore(root);
    await store.put('k.json', 'a', { ifNoneMatch: true });
    await assert.rejects(store.put('k.json', 'b', { ifNoneMatch: true }));
    assert.deepEqual(fs.readdirSync(root).sort(), ['k.json']);
  });
});
