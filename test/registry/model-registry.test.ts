import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentChampion, decidePromotion, listDecisions, listVersions, recordDecision, registerVersion } from '../../shared/registry/model-registry';
import { MemoryObjectStore } from '../../shared/storage/memory-store';
import { ObjectExistsError } from '../../shared/storage/object-store';

const version = (name: string, at: string) => ({ version: name, artifactPrefix: `stroke/${name}`, registeredAt: at, metrics: { aucpr: 0.3 }, trainingData: 's3://gold-data/stroke', reason: 'initial' });

test('versions are recorded once and listed in registration order', async () => {
  const store = new MemoryObjectStore();
  await registerVersion(store, version('v2', '2026-11-26T08:00:00Z'));
  await registerVersion(store, version('v1', '2026-11-26T07:00:00Z'));
  assert.deepEqual((await listVersions(store)).map((v) => v.version), ['v1', 'v2']);
  await assert.rejects(registerVersion(store, version('v1', '2026-11-26T09:00:00Z')), ObjectExistsError, 'a version is immutable');
  await assert.rejects(registerVersion(store, version('../x', 'now')), /may hold only letters/);
});

test('the first model is promoted; later ones only when better by the margin', () => {
  const now = new Date('2026-11-26T08:00:00Z');
  const first = decidePromotion({ champion: null, challenger: 'v1', metric: 'aucpr', championValue: null, challengerValue: 0.2, minimumGain: 0.01, now });
  assert.equal(first.promoted, true);
  const worse = decidePromotion({ champion: 'v1', challenger: 'v2', metric: 'aucpr', championValue: 0.3, challengerValue: 0.305, minimumGain: 0.01, now });
  assert.equal(worse.promoted, false);
  assert.match(worse.explanation, /v1 stays champion/);
  const better = decidePromotion({ champion: 'v1', challenger: 'v3', metric: 'aucpr', championValue: 0.3, challengerValue: 0.31, minimumGain: 0.01, now });
  assert.equal(better.promoted, true);
  assert.throws(() => decidePromotion({ champion: 'v1', challenger: 'v4', metric: 'aucpr', championValue: 0.3, challengerValue: NaN, minimumGain: 0, now }), /challenger aucpr is NaN/);
});

test('decisions are kept; only a promotion moves the champion', async () => {
  const store = new MemoryObjectStore();
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute));
  await recordDecision(store, decidePromotion({ champion: null, challenger: 'v1', metric: 'aucpr', championValue: null, challengerValue: 0.3, minimumGain: 0.01, now: at(0) }));
  assert.equal(await currentChampion(store), 'v1');
  await recordDecision(store, decidePromotion({ champion: 'v1', challenger: 'v2', metric: 'aucpr', championValue: 0.3, challengerValue: 0.29, minimumGain: 0.01, now: at(1) }));
  assert.equal(await currentChampion(store), 'v1', 'a refused challenger leaves the champion');
  await recordDecision(store, decidePromotion({ champion: 'v1', challenger: 'v3', metric: 'aucpr', championValue: 0.3, challengerValue: 0.35, minimumGain: 0.01, now: at(2) }));
  assert.equal(await currentChampion(store), 'v3');
  assert.deepEqual((await listDecisions(store)).map((d) => [d.challenger, d.promoted]), [['v1', true], ['v2', false], ['v3', true]]);
});
