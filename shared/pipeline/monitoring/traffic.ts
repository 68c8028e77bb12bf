/**
 * Traffic for the monitoring walkthrough: raw patient records drawn from gold, a drifted copy
 * (older patients, higher glucose, more smokers), both windows sent through the endpoint and
 * read back from its data capture, all turned into the feature samples the drift report
 * compares; and the outcomes of the drifted (new) patients, simulated with the sample data's
 * own risk model.
 */
import type { Table } from 'apache-arrow';
import type { ObjectStore } from '../../core/storage/object-store';
import { readCategoryColumn, readNumericColumn, requireComplete } from '../../core/profile/columns';
import { Random } from '../../core/util/random';
import { strokeProbability } from '../data/synthetic';
import { scoreRecords } from '../serving/client';
import type { FeatureSample } from './drift-report';

export const MONITORED_NUMERIC = ['age', 'avg_glucose_level', 'bmi'] as const;
export const MONITORED_CATEGORICAL = [
  'gender',
  'work_type',
  'residence_type',
  'smoking_status',
  'hypertension',
  'heart_disease',
  'ever_married',
] as const;
const FLAGS = new Set<string>(['hypertension', 'heart_disease', 'ever_married']);

export type PatientRecord = Record<string, string | number>;

/** The rows `indices` of gold as the JSON records a client would send the endpoint. */
function patientRecords(table: Table, indices: ArrayLike<number>): PatientRecord[] {
  const numeric = Object.fromEntries(
    [...MONITORED_NUMERIC, ...FLAGS].map((n) => [
      n,
      requireComplete(readNumericColumn(table, n, 'patientRecords'), n, 'patientRecords'),
    ]),
  );
  const categorical = Object.fromEntries(
    MONITORED_CATEGORICAL.filter((n) => !FLAGS.has(n)).map((n) => [
      n,
      readCategoryColumn(table, n, 'patientRecords').values,
    ]),
  );
  return Array.from(indices, (row) => {
    const record: PatientRecord = {};
    for (const [name, values] of Object.entries(numeric)) record[name] = values[row];
    for (const [name, values] of Object.entries(categorical)) record[name] = values[row] ?? '';
    return record;
  });
}

/** Older (+15 years, at most 82), higher glucose (×1.3, at most 271.74) and 40% more likely to smoke. */
export function driftedCopy(records: readonly PatientRecord[], seed: number): PatientRecord[] {
  const random = new Random(seed);
  return records.map((r) => ({
    ...r,
    age: Math.min(82, Number(r.age) + 15),
    avg_glucose_level: Math.round(Math.min(271.74, Number(r.avg_glucose_level) * 1.3) * 100) / 100,
    smoking_status: random.bernoulli(0.4) ? 'smokes' : r.smoking_status,
  }));
}

/** The two windows of traffic: `size` distinct gold rows each, in a seeded order; the second is drifted. */
export function trafficWindows(
  table: Table,
  size: number,
  seed: number,
): { indices: { clean: number[]; drifted: number[] }; sent: { clean: PatientRecord[]; drifted: PatientRecord[] } } {
  if (!(Number.isInteger(size) && size > 0 && 2 * size <= table.numRows))
    throw new Error(
      `trafficWindows: two windows of ${size} rows need a positive size and ${2 * size} rows; gold has ${table.numRows}`,
    );
  const order = new Random(seed).shuffle(Array.from({ length: table.numRows }, (_, i) => i));
  const indices = { clean: order.slice(0, size), drifted: order.slice(size, 2 * size) };
  return {
    indices,
    sent: {
      clean: patientRecords(table, indices.clean),
      drifted: driftedCopy(patientRecords(table, indices.drifted), seed),
    },
  };
}

/**
 * Stroke outcomes for new patients, drawn (seeded) from the risk model that generated the sample
 * data (strokeProbability), one 0/1 label per record in order.
 */
export function simulatedStrokeLabels(records: readonly PatientRecord[], seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from(records, (r) =>
    random.bernoulli(
      strokeProbability({
        age: Number(r.age),
        hypertension: Number(r.hypertension),
        heartDisease: Number(r.heart_disease),
        avgGlucoseLevel: Number(r.avg_glucose_level),
      }),
    )
      ? 1
      : 0,
  );
}

export function featureSample(records: readonly PatientRecord[]): FeatureSample {
  const sample: FeatureSample = { numeric: {}, categorical: {} };
  for (const name of MONITORED_NUMERIC)
    sample.numeric[name] = Float64Array.from(records, (r, i) => {
      const value = Number(r[name]);
      if (!Number.isFinite(value))
        throw new Error(`featureSample: record ${i} has ${name}=${JSON.stringify(r[name])}, expected a number`);
      return value;
    });
  for (const name of MONITORED_CATEGORICAL) sample.categorical[name] = records.map((r) => String(r[name]));
  return sample;
}

interface CaptureLine {
  captureData?: { endpointInput?: { observedContentType?: string; data?: string } };
}

/** What was read back from the capture files: the JSON patient records, and the files and events they came in. */
export interface CapturedRecords {
  records: PatientRecord[];
  files: number;
  /** Captured requests of any content type. */
  events: number;
  keys: string[];
}

/**
 * Every JSON patient record captured under `prefix` (CSV captures carry no raw fields). Files
 * whose keys are in `exclude` (an earlier window's) are skipped.
 */
export async function readCapturedRecords(
  store: ObjectStore,
  prefix: string,
  options: { exclude?: ReadonlySet<string> } = {},
): Promise<CapturedRecords> {
  const objects = (await store.list(prefix)).filter((o) => o.key.endsWith('.jsonl') && !options.exclude?.has(o.key));
  const records: PatientRecord[] = [];
  let events = 0;
  for (const object of objects) {
    const text = new TextDecoder().decode((await store.get(object.key)).body);
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .forEach((line, index) => {
        const input = (JSON.parse(line) as CaptureLine).captureData?.endpointInput;
        if (!input || typeof input.data !== 'string')
          throw new Error(`${object.key} line ${index + 1}: not a capture record (no captureData.endpointInput.data)`);
        events++;
        if (!String(input.observedContentType).startsWith('application/json')) return;
        const body = JSON.parse(input.data) as PatientRecord | PatientRecord[];
        records.push(...(Array.isArray(body) ? body : [body]));
      });
  }
  return { records, files: objects.length, events, keys: objects.map((o) => o.key) };
}

/** The endpoint as the windows need it: where it listens, and its capture writer (absent when not capturing). */
export interface CapturingEndpoint {
  url: string;
  capture?: { flush(): Promise<unknown> } | undefined;
}

/**
 * Sends each window's records through the endpoint, one window after the other, and reads each
 * back from the capture files written under `capture.prefix` since the window began: capture
 * files already there (earlier requests) or another window's belong to no window. Returns each
 * window's scores and what its capture holds.
 */
export async function sendWindows<K extends string>(
  endpoint: CapturingEndpoint,
  sent: Readonly<Record<K, readonly PatientRecord[]>>,
  capture: { store: ObjectStore; prefix: string },
): Promise<{ scores: Record<K, Float64Array>; captured: Record<K, CapturedRecords> }> {
  const scores = {} as Record<K, Float64Array>;
  const captured = {} as Record<K, CapturedRecords>;
  await endpoint.capture?.flush();
  const seen = new Set((await capture.store.list(capture.prefix)).map((o) => o.key));
  for (const name of Object.keys(sent) as K[]) {
    scores[name] = await scoreRecords(endpoint.url, sent[name]);
    await endpoint.capture?.flush();
    captured[name] = await readCapturedRecords(capture.store, capture.prefix, { exclude: seen });
    captured[name].keys.forEach((key) => seen.add(key));
  }
  return { scores, captured };
}

/** One row per window: records read back, and the capture files and events they came in. */
export function captureRows(
  captured: Readonly<Record<string, CapturedRecords>>,
): Array<{ window: string; 'records captured': number; 'capture files': number; events: number }> {
  return Object.entries(captured).map(([window, c]) => ({
    window,
    'records captured': c.records.length,
    'capture files': c.files,
    events: c.events,
  }));
}
