/**
 * The model store's registry: every version's registration (immutable), every promotion decision
 * with its evidence, and one champion pointer. The pointer is `stroke/latest.json`, the file the
 * endpoint loads (./model-bundle.ts; every key is ./layout.ts's), so what the registry calls champion is what
 * is served. Versions and decisions are written put-if-absent where the store supports it, so a
 * record is never silently replaced; the pointer is the one mutable object.
 */
import { findLatestVersion } from './model-bundle';
import type { ObjectStore } from '../../core/storage/object-store';
import {
  DECISIONS_PREFIX,
  decisionKey,
  isVersionName,
  latestKey,
  REGISTERED_VERSIONS_PREFIX,
  registeredVersionKey,
  versionPrefix,
} from './layout';

export interface RegisteredVersion {
  version: string;
  /** Where the artifacts live (e.g. `stroke/v20261126...` in the models bucket). */
  artifactPrefix: string;
  registeredAt: string;
  /** Headline numbers; the full record is the version's metrics.json (shared/pipeline/modeling/version-metrics.ts). */
  metrics: Record<string, number>;
  trainingData: string;
  /** Why this version exists: the initial training, or the alert that triggered a retraining. */
  reason: string;
}

/** What the gate compares: one model's scores on the fixed holdout. */
export interface HoldoutScore {
  averagePrecision: number;
  brier: number;
  /** Share of holdout patients the model labels positive at its own threshold. */
  flagged: number;
}

export interface GateRules {
  /** The challenger's AP must beat the champion's by at least this. */
  minimumApGain: number;
  /** The challenger's Brier may exceed the champion's by at most this. */
  maximumBrierIncrease: number;
  /** The challenger may flag at most this many times the holdout's base rate of patients. */
  maximumFlaggedOverBaseRate: number;
}

const DEFAULT_GATE: GateRules = { minimumApGain: 0.005, maximumBrierIncrease: 0.001, maximumFlaggedOverBaseRate: 5 };

export interface PromotionDecision {
  decidedAt: string;
  champion: string | null;
  challenger: string;
  evidence: { champion: HoldoutScore | null; challenger: HoldoutScore; baseRate: number; rules: GateRules };
  promoted: boolean;
  /** Every rule the challenger failed (empty when promoted). */
  refusals: string[];
  explanation: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export async function registerVersion(store: ObjectStore, entry: RegisteredVersion): Promise<void> {
  if (!isVersionName(entry.version)) {
    throw new Error(
      `registerVersion: version "${entry.version}" may hold only letters, digits, dot, dash and underscore, and starts with a letter or digit`,
    );
  }
  await store.put(registeredVersionKey(entry.version), json(entry), {
    contentType: 'application/json',
    ifNoneMatch: store.supportsConditionalPut,
  });
}

export async function listVersions(store: ObjectStore): Promise<RegisteredVersion[]> {
  const keys = (await store.list(REGISTERED_VERSIONS_PREFIX)).map((o) => o.key);
  const entries = await Promise.all(
    keys.map(async (key) => JSON.parse(decode((await store.get(key)).body)) as RegisteredVersion),
  );
  return entries.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.version.localeCompare(b.version));
}

/** The served version (the pointer's), or null before any promotion. */
export async function currentChampion(store: ObjectStore): Promise<string | null> {
  return findLatestVersion(store);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function checkScore(score: HoldoutScore, who: string): void {
  for (const [key, value] of Object.entries(score)) {
    if (!Number.isFinite(value)) throw new Error(`decidePromotion: ${who} ${key} is ${value}`);
  }
}

/**
 * The gate, on the fixed holdout. A challenger is refused when it is no better calibrated than
 * predicting the base rate, when its threshold flags far more patients than the base rate
 * suggests (or none), when its Brier is worse than the champion's beyond the tolerance, or when
 * its AP does not beat the champion's by the minimum gain. With no champion only the first two apply.
 */
export function decidePromotion(input: {
  champion: { version: string; holdout: HoldoutScore } | null;
  challenger: { version: string; holdout: HoldoutScore };
  baseRate: number;
  rules?: GateRules;
  now: Date;
}): PromotionDecision {
  const rules = input.rules ?? DEFAULT_GATE;
  const { champion, challenger, baseRate } = input;
  if (!(baseRate > 0 && baseRate < 1)) throw new Error(`decidePromotion: base rate must be in (0, 1), got ${baseRate}`);
  checkScore(challenger.holdout, 'challenger');
  if (champion) checkScore(champion.holdout, 'champion');
  const c = challenger.holdout;
  const refusals: string[] = [];
  const constantBrier = baseRate * (1 - baseRate);
  if (c.brier >= constantBrier)
    refusals.push(`Brier ${c.brier.toFixed(4)} is no better than the base rate's ${constantBrier.toFixed(4)}`);
  if (c.flagged === 0) refusals.push('its threshold labels no holdout patient positive');
  if (c.flagged > rules.maximumFlaggedOverBaseRate * baseRate) {
    refusals.push(
      `its threshold flags ${pct(c.flagged)} of patients, more than ${rules.maximumFlaggedOverBaseRate}× the base rate ${pct(baseRate)}`,
    );
  }
  if (champion) {
    const h = champion.holdout;
    if (c.brier > h.brier + rules.maximumBrierIncrease) {
      refusals.push(
        `worse calibrated: Brier ${c.brier.toFixed(4)} > champion ${h.brier.toFixed(4)} + ${rules.maximumBrierIncrease}`,
      );
    }
    if (c.averagePrecision < h.averagePrecision + rules.minimumApGain) {
      refusals.push(
        `AUC-PR ${c.averagePrecision.toFixed(4)} < champion ${h.averagePrecision.toFixed(4)} + ${rules.minimumApGain}`,
      );
    }
  }
  const promoted = refusals.length === 0;
  const explanation = promoted
    ? champion
      ? `${challenger.version} passes every rule against ${champion.version}: promoted`
      : `no champion to compare with: ${challenger.version} becomes champion`
    : `${challenger.version} refused (${refusals.join('; ')}); ${champion ? `${champion.version} stays champion` : 'nothing is served'}`;
  return {
    decidedAt: input.now.toISOString(),
    champion: champion?.version ?? null,
    challenger: challenger.version,
    evidence: { champion: champion?.holdout ?? null, challenger: c, baseRate, rules },
    promoted,
    refusals,
    explanation,
  };
}

/** Records the decision and, when promoted, moves the champion pointer to the challenger. */
export async function recordDecision(store: ObjectStore, decision: PromotionDecision): Promise<void> {
  await store.put(decisionKey(decision.decidedAt, decision.challenger), json(decision), {
    contentType: 'application/json',
    ifNoneMatch: store.supportsConditionalPut,
  });
  if (decision.promoted) {
    const pointer = {
      version: decision.challenger,
      prefix: versionPrefix(decision.challenger),
      since: decision.decidedAt,
    };
    await store.put(latestKey(), json(pointer), { contentType: 'application/json' });
  }
}

export async function listDecisions(store: ObjectStore): Promise<PromotionDecision[]> {
  const keys = (await store.list(DECISIONS_PREFIX)).map((o) => o.key);
  const decisions = await Promise.all(
    keys.map(async (key) => JSON.parse(decode((await store.get(key)).body)) as PromotionDecision),
  );
  return decisions.sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
}

/** The registry's decisions as table rows: when, champion (blank when none), challenger, outcome and why. */
export function decisionRows(
  decisions: readonly PromotionDecision[],
): Array<{ decided: string; champion: string; challenger: string; promoted: boolean; why: string }> {
  return decisions.map((d) => ({
    decided: d.decidedAt,
    champion: d.champion ?? '',
    challenger: d.challenger,
    promoted: d.promoted,
    why: d.explanation,
  }));
}
