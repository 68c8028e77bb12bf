import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { CaptureOptions, CaptureRecord, CaptureWriter, CapturedExchange } from '../../shared/pipeline/serving/capture';
import { loadModelBundle } from '../../shared/pipeline/model-store/model-bundle';
import { startEndpoint } from '../../shared/pipeline/serving/server';
import { drawPatients, patientRequest, storeVersion, trainVersion } from './fixture-bundle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FIXED = new Date(Date.UTC(2025, 2, 4, 5, 6, 7, 89));

function exchange(n: number): CapturedExchange {
  return {
    inputContentType: 'text/csv',
    inputData: `${n},1.5`,
    outputContentType: 'text/csv; charset=utf-8',
    outputData: `0.${n}\n`,
    encoding: 'CSV',
  };
}

/** A writer that flushes only when told, capturing everything of endpoint "e" under "c/" unless `options` says otherwise. */
function writerOn(store: MemoryObjectStore, options: Partial<CaptureOptions> = {}): CaptureWriter {
  return new CaptureWriter({
    store: store,
    prefix: 'c',
    samplingPercentage: 100,
    endpointName: 'e',
    flushIntervalMs: 0,
    ...options,
  });
}

async function readCaptured(
  store: MemoryObjectStore,
  prefix: string,
): Promise<{ key: string; records: CaptureRecord[] }[]> {
  const files = [];
  for (const { key } of await store.list(prefix)) {
    const text = new TextDecoder().decode((await store.get(key)).body);
    assert.ok(text.endsWith('\n'), 'JSON Lines end with a newline');
    files.push({
      key,
      records: text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as CaptureRecord),
    });
  }
  return files;
}

describe('the capture writer', () => {
  test('100 %: every exchange, in SageMaker capture format, under the date-partitioned key', async () => {
    const store = new MemoryObjectStore();
    const writer = writerOn(store, { prefix: 'datacapture', endpointName: 'stroke-local', now: () => FIXED });
    for (let n = 0; n < 5; n++) assert.equal(writer.offer(exchange(n)), true);
    await writer.flush();
    const files = await readCaptured(store, 'datacapture/');
    assert.equal(files.length, 1);
    const name = /^datacapture\/stroke-local\/AllTraffic\/2025\/03\/04\/05\/06-07-089-(.+)\.jsonl$/.exec(files[0].key);
    assert.ok(name !== null, files[0].key);
    assert.match(name[1], UUID);
    files[0].records.forEach((record, n) => {
      assert.match(record.eventMetadata.eventId, UUID);
      assert.deepEqual(record, {
        captureData: {
          endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${n},1.5`, encoding: 'CSV' },
          endpointOutput: {
            observedContentType: 'text/csv; charset=utf-8',
            mode: 'OUTPUT',
            data: `0.${n}\n`,
            encoding: 'CSV',
          },
        },
        eventMetadata: { eventId: record.eventMetadata.eventId, inferenceTime: '2025-03-04T05:06:07.089Z' },
        eventVersion: '0',
      });
    });
    assert.equal(new Set(files[0].records.map((r) => r.eventMetadata.eventId)).size, 5, 'event ids are unique');
    assert.deepEqual(writer.stats, {
      offered: 5,
      sampled: 5,
      written: 5,
      files: 1,
      dropped: 0,
      failedWrites: 0,
      lastError: undefined,
    });
    await writer.close();
  });

  test('0 % writes nothing', async () => {
    const store = new MemoryObjectStore();
    const writer = writerOn(store, { samplingPercentage: 0 });
    for (let n = 0; n < 200; n++) assert.equal(writer.offer(exchange(n)), false);
    await writer.close();
    assert.equal(store.size, 0);
  });

  test('50 % samples about half, the same requests for the same seed', async () => {
    const sampledWith = (seed: number): boolean[] => {
      const writer = writerOn(new MemoryObjectStore(), {
        samplingPercentage: 50,
        seed: seed,
        maxBufferedRecords: 10_000,
      });
      return Array.from({ length: 1000 }, (_, n) => writer.offer(exchange(n)));
    };
    const first = sampledWith(42);
    const count = first.filter(Boolean).length;
    // Binomial(1000, 0.5): sd 15.8, so ±80 is five standard deviations.
    assert.ok(count > 420 && count < 580, `sampled ${count} of 1000`);
    assert.deepEqual(sampledWith(42), first);
    assert.notDeepEqual(sampledWith(43), first);
  });

  test('records of different hours go to their own hour partitions', async () => {
    const store = new MemoryObjectStore();
    const times = [Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(2025, 0, 1, 0, 0, 0, 1)];
    let call = 0;
    const writer = writerOn(store, { prefix: 'cap', now: () => new Date(times[call++ % 2]) });
    for (let n = 0; n < 4; n++) writer.offer(exchange(n));
    await writer.close();
    const keys = (await store.list('cap/')).map((o) => o.key.replace(/-[0-9a-f-]{36}\.jsonl$/, ''));
    assert.deepEqual(keys, ['cap/e/AllTraffic/2024/12/31/23/59-59-999', 'cap/e/AllTraffic/2025/01/01/00/00-00-001']);
  });

  test('a full buffer is written without waiting for the timer', async () => {
    const store = new MemoryObjectStore();
    const writer = writerOn(store, { maxBufferedRecords: 3 });
    for (let n = 0; n < 3; n++) writer.offer(exchange(n));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.size, 1);
    await writer.close();
  });

  test('a failed write keeps the records, reports the store error and retries on the next flush', async () => {
    const store = new MemoryObjectStore('memory://monitoring');
    store.failPutsMatching(() => true);
    const writer = writerOn(store);
    writer.offer(exchange(1));
    writer.offer(exchange(2));
    await assert.rejects(
      writer.flush(),
      /capture: writing 2 record\(s\) to memory:\/\/monitoring failed: simulated crash/,
    );
    assert.equal(writer.stats.failedWrites, 1);
    store.clearFaults();
    writer.offer(exchange(3));
    await writer.flush();
    const records = (await readCaptured(store, 'c/')).flatMap((f) => f.records);
    assert.deepEqual(
      records.map((r) => r.captureData.endpointInput.data),
      ['1,1.5', '2,1.5', '3,1.5'],
    );
    await writer.close();
  });

  test('bad settings are refused with the setting named', () => {
    const store = new MemoryObjectStore();
    assert.throws(
      () => new CaptureWriter({ store, prefix: 'c', samplingPercentage: 101, endpointName: 'e' }),
      /samplingPercentage is 101; expected a number in 0\.\.100/,
    );
    assert.throws(
      () => new CaptureWriter({ store, prefix: 'c', samplingPercentage: 10, endpointName: 'bad name' }),
      /endpointName "bad name"/,
    );
  });
});

test('the endpoint captures exactly what it answered 200, request and response bodies verbatim', async () => {
  const trained = await trainVersion('v1', { eta: 0.3, max_depth: 3 }, 6, 0.1);
  const models = new MemoryObjectStore();
  await storeVersion(models, trained);
  const monitoring = new MemoryObjectStore();
  const endpoint = await startEndpoint({
    bundle: await loadModelBundle(models),
    capture: {
      store: monitoring,
      prefix: 'datacapture',
      samplingPercentage: 100,
      endpointName: 'stroke-local',
      flushIntervalMs: 0,
    },
  });
  const sent: { contentType: string; body: string; response: string; responseType: string }[] = [];
  const patients = drawPatients(6, 3).map(patientRequest);
  const csvLine = trained.preprocessor.featureNames.map((_, i) => String(i / 10)).join(',');
  for (const [contentType, body] of [
    ['application/json', JSON.stringify(patients.slice(0, 3))],
    ['text/csv', `${csvLine}\n${csvLine}\n`],
    ['application/json', JSON.stringify(patients[4])],
  ]) {
    const response = await fetch(`${endpoint.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    assert.equal(response.status, 200);
    sent.push({
      contentType,
      body,
      response: await response.text(),
      responseType: response.headers.get('content-type') ?? '',
    });
  }
  const refused = await fetch(`${endpoint.url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"age": 1}',
  });
  assert.equal(refused.status, 400);
  await endpoint.close();
  const records = (await readCaptured(monitoring, 'datacapture/stroke-local/AllTraffic/')).flatMap((f) => f.records);
  assert.equal(records.length, sent.length, 'one record per answered request, none for the refused one');
  records.forEach((record, i) => {
    const encoding = sent[i].contentType === 'text/csv' ? 'CSV' : 'JSON';
    assert.deepEqual(record.captureData, {
      endpointInput: { observedContentType: sent[i].contentType, mode: 'INPUT', data: sent[i].body, encoding },
      endpointOutput: { observedContentType: sent[i].responseType, mode: 'OUTPUT', data: sent[i].response, encoding },
    });
    assert.ok(Math.abs(Date.parse(record.eventMetadata.inferenceTime) - Date.now()) < 60_000, 'inference time is now');
  });
});
