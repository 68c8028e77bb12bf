/**
 * The stage notebooks, in the order they run, and what each reads from the ones before it. A
 * notebook opened too early says so in its first cell (which notebooks to run first, and how)
 * instead of failing later on a missing table. The checks list a key or two and import nothing
 * heavy, so they cost the first cell nothing noticeable.
 */
import { classifyLogFile, logFolderKey } from '../core/lake/delta-log';
import { ExplainedError } from '../core/notebook/step';
import type { ObjectStore } from '../core/storage/object-store';
import { latestKey } from './model-store/layout';
import { goldManifestKey } from '../core/lake/gold-layout';
import { GOLD_TABLE_PREFIX, SILVER_TABLE_PATH } from './table-paths';

/** The pipeline's notebooks in `notebooks/`, in run order (file names without `.ipynb`). */
export const STAGE_NOTEBOOKS = [
  '01_data_engineering',
  '02_exploratory_data_analysis',
  '03_modeling',
  '04_deployment_and_monitoring',
] as const;

export type StageNotebook = (typeof STAGE_NOTEBOOKS)[number];

/** The stores the checks read (a pipeline session's `stores` has them). */
export type StageStores = Record<'silver' | 'gold' | 'models', ObjectStore>;

interface StageOutput {
  /** As the message names it. */
  what: string;
  bucket: keyof StageStores;
  /** The key (or prefix, ending in '/') the message shows. */
  key: string;
  producer: StageNotebook;
  present(store: ObjectStore): Promise<boolean>;
}

const hasKey = (key: string) => async (store: ObjectStore) => (await store.list(key)).some((o) => o.key === key);

/** Written by 01: a commit or checkpoint in the silver table's log. */
const SILVER_TABLE: StageOutput = {
  what: 'the silver Delta table',
  bucket: 'silver',
  key: `${SILVER_TABLE_PATH}/`,
  producer: '01_data_engineering',
  present: async (store) => {
    const folder = `${logFolderKey(SILVER_TABLE_PATH)}/`;
    return (await store.list(folder)).some((o) => classifyLogFile(o.key.slice(folder.length)) !== undefined);
  },
};

/** Written by 02: the gold parts' manifest (shared/core/lake/gold.ts), written last. */
const GOLD_TABLE: StageOutput = {
  what: 'the gold table',
  bucket: 'gold',
  key: goldManifestKey(GOLD_TABLE_PREFIX),
  producer: '02_exploratory_data_analysis',
  present: hasKey(goldManifestKey(GOLD_TABLE_PREFIX)),
};

/** Written by 03: the champion pointer (shared/pipeline/model-store/model-registry.ts) that serving reads. */
const CHAMPION_MODEL: StageOutput = {
  what: 'the registered model',
  bucket: 'models',
  key: latestKey(),
  producer: '03_modeling',
  present: hasKey(latestKey()),
};

const READS: Record<StageNotebook, StageOutput[]> = {
  '01_data_engineering': [],
  '02_exploratory_data_analysis': [SILVER_TABLE],
  '03_modeling': [GOLD_TABLE],
  '04_deployment_and_monitoring': [CHAMPION_MODEL, GOLD_TABLE],
};

/** A notebook was run before the notebooks that write what it reads. */
export class StageOrderError extends ExplainedError {
  constructor(
    readonly notebook: StageNotebook,
    readonly runFirst: StageNotebook[],
    missing: string[],
  ) {
    const names = runFirst.map((n) => `${n}.ipynb`);
    const several = names.length > 1;
    const list = several ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
    super(
      `${notebook} reads ${missing.join(' and ')}, not written yet. ` +
        `Run ${list} first${several ? ', in this order' : ''}: open ${several ? 'each' : 'it'} and Run All, ` +
        `or in a terminal: npm run pipeline -- ${runFirst.map((n) => n.slice(0, 2)).join(' ')}. ` +
        'Then run this notebook again from the top.',
    );
    this.name = 'StageOrderError';
  }
}

async function missingReads(stores: StageStores, notebook: StageNotebook): Promise<StageOutput[]> {
  const reads = READS[notebook];
  const present = await Promise.all(reads.map((output) => output.present(stores[output.bucket])));
  return reads.filter((_, i) => !present[i]);
}

/** The earliest stage that must run before `notebook` can: itself when its inputs are all there. */
async function earliestToRun(stores: StageStores, notebook: StageNotebook): Promise<number> {
  let earliest = STAGE_NOTEBOOKS.indexOf(notebook);
  for (const output of await missingReads(stores, notebook)) {
    earliest = Math.min(earliest, await earliestToRun(stores, output.producer));
  }
  return earliest;
}

/**
 * Throws StageOrderError when what `notebook` reads is not there yet, naming every notebook to
 * run first (following the chain back: 04 on an empty store needs 01, 02 and 03).
 */
export async function requireEarlierStages(stores: StageStores, notebook: StageNotebook): Promise<void> {
  const missing = await missingReads(stores, notebook);
  if (missing.length === 0) return;
  const start = await earliestToRun(stores, notebook);
  const runFirst = STAGE_NOTEBOOKS.slice(start, STAGE_NOTEBOOKS.indexOf(notebook));
  const where = (o: StageOutput) => `${stores[o.bucket].description.replace(/\/+$/, '')}/${o.key}`;
  throw new StageOrderError(
    notebook,
    runFirst,
    missing.map((o) => `${o.what} (${where(o)}, from ${o.producer})`),
  );
}
