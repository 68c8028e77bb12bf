/**
 * Behaviour every ObjectStore implementation must show, run against each store by its own test
 * file. The expectations come from the ObjectStore interface contract (and S3 semantics).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectExistsError, ObjectNotFoundError, ObjectStore } from '../../shared/core/storage/object-store';

export function objectStoreContract(makeStore: () => Promise<ObjectStore>): void {
  test('put then get returns the same bytes, metadata and content type', async () => {
    const store = await makeStore();
    const body = new Uint8Array([0, 1, 2, 250, 255]);
    await store.put('a/b/c.bin', body, { metadata: { owner: 'etl' }, contentType: 'application/octet-stream' });
    const got = await store.get('a/b/c.bin');
    assert.deepEqual(Array.from(got.body), [0, 1, 2, 250, 255]);
    assert.deepEqual(got.metadata, { owner: 'etl' });
    assert.equal(got.contentType, 'application/octet-stream');
  });

  test('strings are stored as UTF-8', async () => {
    const store = await makeStore();
    await store.put('t.txt', 'héllo');
    assert.deepEqual(Array.from((await store.get('t.txt')).body), Array.from(Buffer.from('héllo', 'utf8')));
  });

  test('get of a missing key throws ObjectNotFoundError naming the key; tryGet gives undefined', async () => {
    const store = await makeStore();
    await assert.rejects(
      store.get('nope/x'),
      (error: unknown) => error instanceof ObjectNotFoundError && error.message.includes('nope/x'),
    );
    assert.equal(await store.tryGet('nope/x'), undefined);
  });

  test('plain put overwrites; ifNoneMatch put refuses an existing key and keeps the first body', async () => {
    const store = await makeStore();
    await store.put('k', 'one');
    await store.put('k', 'two');
    assert.equal(Buffer.from((await store.get('k')).body).toString(), 'two');
    await store.put('log/0.json', 'first', { ifNoneMatch: true });
    await assert.rejects(
      store.put('log/0.json', 'second', { ifNoneMatch: true }),
      (error: unknown) => error instanceof ObjectExistsError && error.message.includes('log/0.json'),
    );
    assert.equal(Buffer.from((await store.get('log/0.json')).body).toString(), 'first');
    assert.equal(store.supportsConditionalPut, true);
  });

  test('concurrent conditional puts of one key: exactly one succeeds', async () => {
    const store = await makeStore();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.put('race/00.json', `writer ${i}`, { ifNoneMatch: true })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 7);
    for (const r of lost) assert.ok((r as PromiseRejectedResult).reason instanceof ObjectExistsError);
  });

  test('list returns keys with the prefix, sorted, with sizes; prefix is a string prefix, not a folder', async () => {
    const store = await makeStore();
    for (const key of ['t/b/2.json', 't/a/1.json', 't/ab', 'u/x', 't/b/10.json']) await store.put(key, key);
    const listed = await store.list('t/');
    assert.deepEqual(
      listed.map((o) => o.key),
      ['t/a/1.json', 't/ab', 't/b/10.json', 't/b/2.json'],
    );
    assert.deepEqual(
      listed.map((o) => o.size),
      listed.map((o) => Buffer.byteLength(o.key)),
    );
    assert.ok(listed.every((o) => o.lastModified instanceof Date));
    assert.deepEqual(
      (await store.list('t/a')).map((o) => o.key),
      ['t/a/1.json', 't/ab'],
    );
    assert.deepEqual(
      (await store.list('missing/')).map((o) => o.key),
      [],
    );
  });

  test('delete removes the given keys and ignores missing ones', async () => {
    const store = await makeStore();
    await store.put('d/1', 'x');
    await store.put('d/2', 'y');
    await store.delete(['d/1', 'd/never']);
    assert.deepEqual(
      (await store.list('d/')).map((o) => o.key),
      ['d/2'],
    );
  });
}
