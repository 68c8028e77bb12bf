/**
 * A model registry on an object-store prefix: every version's metadata (immutable), every
 * champion/challenger decision with its evidence, and the current champion. Versions and
 * decisions are written put-if-absent where the store supports it, so a record is never
 * silently replaced; the champion pointer is the one mutable object.
 */
import type { ObjectStore } from '../storage/object-store';

export interface RegisteredVersion {
  version: string;
  /** Where the artifacts live (e.g. `stroke/v20261126...` in the models bucket). */
  artifactPrefix: string;
  registeredAt: string;
  metrics: Record<string, number>;
  trainingData: string;
  /** Why this version exists: the initial training, or the alert that triggered a retraining. */
  reason: string;
}

export interface PromotionDecision {
  decidedAt: string;
  champion: string | null;
  challenger: string;
  metric: string;
  championValue: number | null;
  challengerValue: number;
  minimumGain: number;
  promoted: boolean;
  explanation: string;
}

const ROOT = 'registry/stroke';
const json = (value: unknown) => JSON.stringify(value, null, 2);

export async function registerVersion(store: ObjectStore, entry: RegisteredVersion): Promise<void> {
  if (!/^[A-Za-z0-9._-]+$/.test(entry.version)) throw new Error(`registerVersion: version "${entry.version}" may hold only letters, digits, dot, dash and underscore`);
  await store.put(`${ROOT}/versions/${entry.version}.json`, json(entry), { contentType: 'application/json', ifNoneMatch: store.supportsConditionalPut });
}

export async function listVersions(store: ObjectStore): Promise<RegisteredVersion[]> {
  const keys = (await store.list(`${ROOT}/versions/`)).map((o) => o.key);
  const entries = await Promise.all(keys.map(async (key) => JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as RegisteredVersion));
  return entries.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.version.localeCompare(b.version));
}

export async function currentChampion(store: ObjectStore): Promise<string | null> {
  const pointer = await store.tryGet(`${ROOT}/champion.json`);
  return pointer ? (JSON.parse(new TextDecoder().decode(pointer.body)) as { version: string }).version : null;
}

/**
 * Decides on the fixed holdout: the challenger replaces the champion only when its metric
 * beats the champion's by at least `minimumGain`; with no champion it is promoted.
 */
export function decidePromotion(input: { champion: string | null; challenger: string; metric: string; championValue: number | null; challengerValue: number; minimumGain: number; now: Date }): PromotionDecision {
  const { champion, challenger, metric, championValue, challengerValue, minimumGain } = input;
  if (!Number.isFinite(challengerValue)) throw new Error(`decidePromotion: challenger ${metric} is ${challengerValue}`);
  const promoted = champion === null || championValue === null || challengerValue >= championValue + minimumGain;
  const explanation = champion === null || championValue === null
    ? `no champion yet: ${challenger} becomes champion`
    : promoted
      ? `${challenger} ${metric} ${challengerValue.toFixed(4)} >= champion ${championValue.toFixed(4)} + ${minimumGain}: promoted`
      : `${challenger} ${metric} ${challengerValue.toFixed(4)} < champion ${championValue.toFixed(4)} + ${minimumGain}: ${champion} stays champion`;
  return { decidedAt: input.now.toISOString(), champion, challenger, metric, championValue, challengerValue, minimumGain, promoted, explanation };
}

/** Records the decision and, when promoted, moves the champion pointer. */
export async function recordDecision(store: ObjectStore, decision: PromotionDecision): Promise<void> {
  const stamp = decision.decidedAt.replace(/[-:.]/g, '');
  await store.put(`${ROOT}/decisions/${stamp}-${decision.challenger}.json`, json(decision), { contentType: 'application/json', ifNoneMatch: store.supportsConditionalPut });
  if (decision.promoted) await store.put(`${ROOT}/champion.json`, json({ version: decision.challenger, since: decision.decidedAt }), { contentType: 'application/json' });
}

export async function listDecisions(store: ObjectStore): Promise<PromotionDecision[]> {
  const keys = (await store.list(`${ROOT}/decisions/`)).map((o) => o.key);
  return Promise.all(keys.map(async (key) => JSON.parse(new TextDecoder().decode((await store.get(key)).body)) as PromotionDecision));
}
