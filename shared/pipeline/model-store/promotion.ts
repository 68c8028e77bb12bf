/**
 * A new version's way into the model store, the same for the first training (notebook 03) and a
 * retrained challenger (notebook 04): store its artifacts and register it (./artifacts.ts), judge
 * it against the champion on the fixed holdout (./model-registry.ts's gate), and record the
 * decision, which moves the champion pointer when the version is promoted.
 */
import type { ObjectStore } from '../../core/storage/object-store';
import { storeVersion, type ModelArtifacts } from './artifacts';
import {
  currentChampion,
  decidePromotion,
  listDecisions,
  recordDecision,
  type HoldoutScore,
  type PromotionDecision,
} from './model-registry';

export interface Candidacy {
  /** The version's own scores on the holdout the gate judges on. */
  holdout: HoldoutScore;
  /** The champion it must beat, scored on the same holdout; null when there is none to compare with. */
  champion: { version: string; holdout: HoldoutScore } | null;
  /** Stroke rate of that holdout. */
  baseRate: number;
  /** When the version is registered and the decision taken. */
  now: Date;
}

export interface SubmittedVersion {
  /** Where the artifacts were written (e.g. `stroke/v20261126...`). */
  prefix: string;
  /** Every object under that prefix, as listed after writing. */
  objects: Array<{ key: string; bytes: number }>;
  /** The version the pointer named before this decision (null when nothing was served). */
  previousChampion: string | null;
  decision: PromotionDecision;
  /** Every decision in the registry, oldest first, this one included. */
  decisions: PromotionDecision[];
}

/** Stores and registers the version, decides on its promotion and records the decision. */
export async function submitVersion(
  store: ObjectStore,
  artifacts: ModelArtifacts,
  trainingData: string,
  candidacy: Candidacy,
): Promise<SubmittedVersion> {
  const prefix = await storeVersion(store, artifacts, trainingData, candidacy.now);
  const previousChampion = await currentChampion(store);
  const decision = decidePromotion({
    champion: candidacy.champion,
    challenger: { version: artifacts.version, holdout: candidacy.holdout },
    baseRate: candidacy.baseRate,
    now: candidacy.now,
  });
  await recordDecision(store, decision);
  const objects = (await store.list(`${prefix}/`)).map((o) => ({ key: o.key, bytes: o.size }));
  return { prefix, objects, previousChampion, decision, decisions: await listDecisions(store) };
}
