/** Loads the XGBoost golden fixtures written by scripts/fixtures/make_xgb_{model.ts,golden.py}. */
import { readFileSync } from 'fs';
import { join } from 'path';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'xgb');

/** [tree, node, feature (-1 leaf), threshold | leaf value, yes, no, missing, gain, cover] */
export type DumpedNode = [number, number, number, number, number, number, number, number, number];

export interface ModelGolden {
  trees: number;
  nodes: DumpedNode[];
  margin: number[];
  proba: number[];
  contribs: number[];
  prefixCounts: number[];
  prefixMargins: number[][];
}

export interface Golden {
  xgboostVersion: string;
  cols: number;
  rows: number;
  features: Float64Array;
  wasmModel: ModelGolden;
  pythonModel: ModelGolden;
}

export interface TrainingData {
  cols: number;
  trainRows: number;
  train: Float64Array;
  labels: Float32Array;
}

const withNaN = (values: Array<number | null>): Float64Array =>
  Float64Array.from(values, (v) => (v === null ? NaN : v));

export function readModelBytes(name: 'model.bin' | 'python-model.bin'): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));
}

export function readGolden(): Golden {
  const raw = JSON.parse(readFileSync(join(FIXTURE_DIR, 'golden.json'), 'utf8')) as Omit<Golden, 'features'> & {
    features: Array<number | null>;
  };
  return { ...raw, features: withNaN(raw.features) };
}

export function readTrainingData(): TrainingData {
  const raw = JSON.parse(readFileSync(join(FIXTURE_DIR, 'data.json'), 'utf8')) as {
    cols: number;
    trainRows: number;
    train: Array<number | null>;
    labels: number[];
  };
  return { cols: raw.cols, trainRows: raw.trainRows, train: withNaN(raw.train), labels: Float32Array.from(raw.labels) };
}

/** Largest |a[i] - b[i]|, with the index where it occurs; throws on length mismatch. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; index: number } {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let diff = 0;
  let index = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return { diff: Infinity, index: i };
    if (d > diff) {
      diff = d;
      index = i;
    }
  }
  return { diff, index };
}
