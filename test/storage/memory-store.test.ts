import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { objectStoreContract } from './store-contract';

describe('MemoryObjectStore contract', () => {
  objectStoreContract(async () => new MemoryObjectStore());
});

describe('MemoryObjectStore fault injection', () => {
  test('failPutsMatching refuses matching puts without storing them, until cleared', async () => {
    const store = new MemoryObjectStore();
    store.failPutsMatching((key) => key.endsWith('.json'));
    await assert.rejects(store.put('log/1.json', '{}'), /simulated crash.*log\/1\.json/);
    await store.put('data/1.parquet', 'ok');
    assert.equal(await store.tryGet('log/1.json'), undefined);
    store.clearFaults();
    await store.put('log/1.json', '{}');
    assert.equal(store.size, 2);
  });

  test('returned bodies are copies: mutating them does not change the store', async () => {
    const store = new MemoryObjectStore();
    const body = new Uint8Array([1, 2, 3]);
    await store.put('k', body);
    body[0] = 9;
    const got = await store.get('k');
    got.body[1] = 9;
    assert.deepEqual(Array.from((await store.get('k')).body), [1, 2, 3]);
  });

  test('rejects keys with a leading slash or empty keys', async () => {
    const store = new MemoryObjectStore();
    await assert.rejects(store.put('/abs', 'x'), /invalid object key "\/abs"/);
    await assert.rejects(store.put('', 'x'), /invalid object key ""/);
  });
});
