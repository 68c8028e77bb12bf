/**
 * Traffic for the monitoring walkthrough: raw patient records drawn from gold, a drifted copy
 * (older patients, higher glucose, more smokers), and the records read back from the endpoint's
 * data capture, all turned into the feature samples the drift report compares.
 */
import type { Table } from 'apache-arrow';
import type { ObjectStore } from '../../core/storage/object-store';
import { readCategoryColumn, readNumericColumn, requireComplete } from '../../core/profile/columns';
import { Random } from '../../core/util/random';
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
export function patientRecords(table: Table, indices: ArrayLike<number>): PatientRecord[] {
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

/**
 * Every JSON patient record captured under `prefix` (CSV captures carry no raw fields). Files
 * whose keys are in `exclude` (an earlier window's) are skipped.
 */
export async function readCapturedRecords(
  store: ObjectStore,
  prefix: string,
  options: { exclude?: ReadonlySet<string> } = {},
): Promise<{ records: PatientRecord[]; files: number; events: number; keys: string[] }> {
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
