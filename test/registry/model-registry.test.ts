import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentChampion,
  decidePromotion,
  decisionRows,
  listDecisions,
  listVersions,
  recordDecision,
  registerVersion,
} from '../../shared/pipeline/model-store/model-registry';
import { resolveLatestVersion } from '../../shared/pipeline/model-store/model-bundle';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { ObjectExistsError } from '../../shared/core/storage/object-store';

const version = (name: string, at: string) => ({
  version: name,
  artifactPrefix: `stroke/${name}`,
  registeredAt: at,
  metrics: { aucpr: 0.3 },
  trainingData: 's3://gold-data/stroke',
  reason: 'initial',
});

test('versions are recorded once and listed in registration order', async () => {
  const store = new MemoryObjectStore();
  await registerVersion(store, version('v2', '2026-11-26T08:00:00Z'));
  await registerVersion(store, version('v1', '2026-11-26T07:00:00Z'));
  assert.deepEqual(
    (await listVersions(store)).map((v) => v.version),
    ['v1', 'v2'],
  );
  await assert.rejects(
    registerVersion(store, version('v1', '2026-11-26T09:00:00Z')),
    ObjectExistsError,
    'a version is immutable',
  );
  await assert.rejects(registerVersion(store, version('../x', 'now')), /may hold only letters/);
  // The names the endpoint can load are the only ones the registry takes (one rule, model-store/layout.ts).
  for (const name of ['..', '.hidden', '-v1'])
    await assert.rejects(registerVersion(store, version(name, 'now')), /starts with a letter or digit/, name);
});

const score = (averagePrecision: number, brier: number, flagged: number) => ({ averagePrecision, brier, flagged });
const now = new Date('2026-11-26T08:00:00Z');
// Base rate 5%: the constant predictor's Brier is 0.0475.
const gate = (champion: ReturnType<typeof score> | null, challenger: ReturnType<typeof score>) =>
  decidePromotion({
    champion: champion && { version: 'v1', holdout: champion },
    challenger: { version: 'v2', holdout: challenger },
    baseRate: 0.05,
    now,
  });

test('the gate promotes a challenger better on AP and no worse calibrated, and says why it refuses the others', () => {
  const champion = score(0.2, 0.044, 0.1);
  assert.equal(gate(null, score(0.2, 0.044, 0.1)).promoted, true);
  assert.match(gate(null, score(0.2, 0.044, 0.1)).explanation, /no champion to compare with: v2 becomes champion/);
  assert.equal(gate(champion, score(0.21, 0.0445, 0.1)).promoted, true);
  const cases: Array<[ReturnType<typeof score>, RegExp]> = [
    [score(0.204, 0.044, 0.1), /AUC-PR 0\.2040 < champion 0\.2000 \+ 0\.005/],
    [score(0.3, 0.046, 0.1), /worse calibrated: Brier 0\.0460 > champion 0\.0440 \+ 0\.001/],
    [score(0.3, 0.044, 1), /flags 100\.0% of patients, more than 5× the base rate 5\.0%/],
    [score(0.3, 0.044, 0), /labels no holdout patient positive/],
  ];
  for (const [challenger, reason] of cases) {
    const decision = gate(champion, challenger);
    assert.equal(decision.promoted, false, JSON.stringify(challenger));
    assert.match(decision.explanation, reason);
    assert.match(decision.explanation, /v1 stays champion/);
  }
  // Even the first version must beat the constant predictor.
  assert.match(
    gate(null, score(0.3, 0.05, 0.1)).explanation,
    /Brier 0\.0500 is no better than the base rate's 0\.0475/,
  );
  assert.throws(() => gate(champion, score(NaN, 0.04, 0.1)), /challenger averagePrecision is NaN/);
});

test('decisions are kept; only a promotion moves the one pointer, which is what the endpoint serves', async () => {
  const store = new MemoryObjectStore();
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute));
  const decide = (champion: string | null, challenger: string, ap: number, minute: number) =>
    decidePromotion({
      champion: champion === null ? null : { version: champion, holdout: score(0.3, 0.044, 0.1) },
      challenger: { version: challenger, holdout: score(ap, 0.044, 0.1) },
      baseRate: 0.05,
      now: at(minute),
    });
  assert.equal(await currentChampion(store), null);
  await recordDecision(store, decide(null, 'v1', 0.3, 0));
  assert.equal(await currentChampion(store), 'v1');
  assert.equal(await resolveLatestVersion(store), 'v1');
  await recordDecision(store, decide('v1', 'v2', 0.29, 1));
  assert.equal(await currentChampion(store), 'v1', 'a refused challenger leaves the champion');
  await recordDecision(store, decide('v1', 'v3', 0.35, 2));
  assert.equal(await currentChampion(store), 'v3');
  assert.deepEqual(
    (await listDecisions(store)).map((d) => [d.challenger, d.promoted]),
    [
      ['v1', true],
      ['v2', false],
      ['v3', true],
    ],
  );
});

test('decision rows show a missing champion as blank and keep the explanation', () => {
  const first = gate(null, score(0.2, 0.044, 0.1));
  const refused = gate(score(0.2, 0.044, 0.1), score(0.2, 0.044, 0.1));
  assert.deepEqual(decisionRows([first, refused]), [
    { decided: now.toISOString(), champion: '', challenger: 'v2', promoted: true, why: first.explanation },
    { decided: now.toISOString(), champion: 'v1', challenger: 'v2', promoted: false, why: refused.explanation },
  ]);
  assert.match(refused.explanation, /AUC-PR 0\.2000 < champion/);
});
