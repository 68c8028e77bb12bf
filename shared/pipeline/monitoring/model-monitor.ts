/**
 * A monitoring schedule's work in SageMaker Model Monitor's terms, for the monitored patient
 * features: baseline a dataset into `statistics.json` + `constraints.json`, then judge a window
 * of captured records into its own statistics and `constraint_violations.json`, all stored
 * under one prefix so the files sit where a Model Monitor user looks for them.
 */
import type { ObjectStore } from '../../core/storage/object-store';
import { numericDriftDistances } from './baseline-drift';
import { baselineStatistics, type MonitoredRecord, type ModelMonitorStatistics } from './baseline-statistics';
import {
  checkConstraints,
  suggestConstraints,
  type ConstraintViolations,
  type ModelMonitorConstraints,
} from './constraints';
import { MONITORED_CATEGORICAL, MONITORED_NUMERIC } from './traffic';

const MONITORED_FEATURES = { numeric: [...MONITORED_NUMERIC], categorical: [...MONITORED_CATEGORICAL] };

export interface MonitoringBaseline {
  statistics: ModelMonitorStatistics;
  constraints: ModelMonitorConstraints;
}

export interface WindowJudgement {
  statistics: ModelMonitorStatistics;
  violations: ConstraintViolations;
}

/** Only the monitored features of each record: a dataset's other columns (labels, ids) are not traffic. */
export function monitoredFields(records: readonly MonitoredRecord[]): MonitoredRecord[] {
  const names = [...MONITORED_FEATURES.numeric, ...MONITORED_FEATURES.categorical];
  return records.map((record) =>
    Object.fromEntries(names.filter((name) => name in record).map((name) => [name, record[name]])),
  );
}

export function monitoringBaseline(records: readonly MonitoredRecord[]): MonitoringBaseline {
  const statistics = baselineStatistics(monitoredFields(records), MONITORED_FEATURES);
  return { statistics, constraints: suggestConstraints(statistics) };
}

/** Judges every field of the window's records, so a field the baseline never saw is an extra column. */
export function judgeWindow(baseline: MonitoringBaseline, records: readonly MonitoredRecord[]): WindowJudgement {
  const statistics = baselineStatistics(records, MONITORED_FEATURES);
  const drift = numericDriftDistances(baseline.statistics, records);
  return { statistics, violations: checkConstraints(statistics, baseline.constraints, baseline.statistics, drift) };
}

function putJson(store: ObjectStore, key: string, value: unknown): Promise<unknown> {
  return store.put(key, JSON.stringify(value, null, 2), { contentType: 'application/json' });
}

/** Writes `<prefix>/statistics.json` and `<prefix>/constraints.json`; returns their keys. */
export async function writeMonitoringBaseline(
  store: ObjectStore,
  prefix: string,
  baseline: MonitoringBaseline,
): Promise<string[]> {
  const keys = [`${prefix}/statistics.json`, `${prefix}/constraints.json`];
  await putJson(store, keys[0], baseline.statistics);
  await putJson(store, keys[1], baseline.constraints);
  return keys;
}

/** Writes `<prefix>/statistics.json` and `<prefix>/constraint_violations.json`; returns their keys. */
export async function writeWindowJudgement(
  store: ObjectStore,
  prefix: string,
  judgement: WindowJudgement,
): Promise<string[]> {
  const keys = [`${prefix}/statistics.json`, `${prefix}/constraint_violations.json`];
  await putJson(store, keys[0], judgement.statistics);
  await putJson(store, keys[1], judgement.violations);
  return keys;
}

/**
 * Writes the baseline under `prefixes.baseline` and each window's judgement under
 * `prefixes.windows/<window name>`; returns every key written, the baseline's first.
 */
export async function writeModelMonitorFiles(
  store: ObjectStore,
  prefixes: { baseline: string; windows: string },
  baseline: MonitoringBaseline,
  windows: Readonly<Record<string, WindowJudgement>>,
): Promise<string[]> {
  const keys = await writeMonitoringBaseline(store, prefixes.baseline, baseline);
  for (const [name, judgement] of Object.entries(windows))
    keys.push(...(await writeWindowJudgement(store, `${prefixes.windows}/${name}`, judgement)));
  return keys;
}
