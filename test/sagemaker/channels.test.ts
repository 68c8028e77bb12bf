/**
 * SageMaker channel text: parsed back exactly, and read by independent readers (sklearn's
 * load_svmlight_file with zero_based=True, pandas.read_csv with header=None) when
 * /usr/bin/python3 has them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FeatureMatrix } from '../../shared/ml/data/preprocess';
import {
  csvTrainingChannels,
  parseLabelFirstCsv,
  toFeatureCsv,
  toLabelFirstCsv,
  toLibsvm,
  writeChannels,
} from '../../shared/aws/channels';
import { parseFeatureCsv } from '../../shared/pipeline/serving/request-validation';
import { MemoryObjectStore } from '../../shared/core/storage/memory-store';
import { Random } from '../../shared/core/util/random';

/** Values chosen to stress formatting: exact zeros, NaN, negatives, subnormals, huge, -0, 0.1+0.2. */
function trickyMatrix(): { features: FeatureMatrix; labels: Float64Array } {
  const random = new Random(9);
  const rows = 40;
  const cols = 7;
  const matrix = new Float64Array(rows * cols);
  const specials = [0, NaN, -1, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -2.5e-7, 1, -0];
  for (let i = 0; i < matrix.length; i++) {
    matrix[i] = random.bernoulli(0.35) ? specials[random.int(specials.length)] : random.normal(0, 3);
  }
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = random.bernoulli(0.3) ? 1 : 0;
  return { features: { matrix, rows, cols }, labels };
}

/** A minimal libsvm reader written from the format definition (test-side, not shared code). */
function readLibsvm(text: string, cols: number): { matrix: Float64Array; labels: number[] } {
  const lines = text.trimEnd().split('\n');
  const matrix = new Float64Array(lines.length * cols).fill(NaN);
  const labels = lines.map((line, r) => {
    const [label, ...pairs] = line.split(' ');
    let previous = -1;
    for (const pair of pairs) {
      const [index, value] = pair.split(':');
      assert.ok(Number(index) > previous, `indices increase on line ${r + 1}`);
      previous = Number(index);
      matrix[r * cols + Number(index)] = Number(value);
    }
    return Number(label);
  });
  return { matrix, labels };
}

const sklearnAbsent =
  spawnSync('/usr/bin/python3', ['-c', 'import sklearn.datasets, pandas, numpy'], { encoding: 'utf8' }).status !== 0;

describe('channel text formats', () => {
  test('CSV: no header, label first, NaN as an empty field, and parses back to identical float64 values', () => {
    const { features, labels } = trickyMatrix();
    const text = toLabelFirstCsv(features, labels);
    const firstLine = text.split('\n')[0].split(',');
    assert.equal(firstLine.length, features.cols + 1);
    assert.equal(Number(firstLine[0]), labels[0]);
    const parsed = parseLabelFirstCsv(text, 'roundtrip');
    assert.equal(parsed.features.rows, features.rows);
    assert.equal(parsed.features.cols, features.cols);
    assert.deepEqual(Array.from(parsed.labels), Array.from(labels));
    // -0 is written as "0": the sign of zero carries no meaning for trees.
    const expected = Array.from(features.matrix, (v) => (Object.is(v, -0) ? 0 : v));
    assert.deepEqual(Array.from(parsed.features.matrix), expected);
  });

  test('libsvm: zero-based increasing indices, zeros and NaN omitted by default, kept zeros on request', () => {
    const { features, labels } = trickyMatrix();
    const sparse = readLibsvm(toLibsvm(features, labels), features.cols);
    const dense = readLibsvm(toLibsvm(features, labels, { keepZeros: true }), features.cols);
    assert.deepEqual(sparse.labels, Array.from(labels));
    for (let i = 0; i < features.matrix.length; i++) {
      const v = features.matrix[i];
      const omitted = Number.isNaN(v) || v === 0;
      assert.ok(omitted ? Number.isNaN(sparse.matrix[i]) : sparse.matrix[i] === v, `sparse cell ${i}`);
      assert.ok(Number.isNaN(v) ? Number.isNaN(dense.matrix[i]) : dense.matrix[i] === v, `dense cell ${i}`);
    }
  });

  test('a hand-checked row', () => {
    const features: FeatureMatrix = { matrix: Float64Array.from([0, 2.5, NaN, -1]), rows: 1, cols: 4 };
    assert.equal(toLibsvm(features, [1]), '1 1:2.5 3:-1\n');
    assert.equal(toLibsvm(features, [1], { keepZeros: true }), '1 0:0 1:2.5 3:-1\n');
    assert.equal(toLabelFirstCsv(features, [1]), '1,0,2.5,,-1\n');
    assert.equal(toFeatureCsv(features), '0,2.5,,-1\n');
  });

  test('feature CSV is what the endpoint parses back, value for value', () => {
    // Preprocessed rows have no missing values (the endpoint refuses empty CSV fields rather than guess).
    const matrix = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i) * 10 ** (i % 5));
    const parsed = parseFeatureCsv(toFeatureCsv({ matrix, rows: 12, cols: 5 }), ['a', 'b', 'c', 'd', 'e'], 100);
    assert.equal(parsed.rows, 12);
    assert.deepEqual(Array.from(parsed.matrix), Array.from(matrix));
    assert.throws(
      () => toFeatureCsv({ matrix: Float64Array.from([1, 2, 3]), rows: 1, cols: 2 }),
      /toFeatureCsv: matrix holds 3 values, expected rows x cols = 1 x 2/,
    );
  });

  test('bad input is named: infinite feature, label count, non-finite label, ragged CSV', () => {
    const features: FeatureMatrix = { matrix: Float64Array.from([1, Infinity]), rows: 1, cols: 2 };
    assert.throws(() => toLibsvm(features, [0]), /row 0, column 1 is Infinity/);
    assert.throws(() => toLabelFirstCsv(features, [0, 1]), /2 labels for 1 feature rows/);
    assert.throws(
      () => toLabelFirstCsv({ matrix: Float64Array.from([1, 2]), rows: 1, cols: 2 }, [NaN]),
      /label at row 0 is NaN/,
    );
    assert.throws(() => parseLabelFirstCsv('1,2,3\n0,1\n', 'train.csv'), /train.csv: line 2 has 2 fields, expected 3/);
    assert.throws(() => parseLabelFirstCsv('1,2,x\n', 'train.csv'), /line 1, feature 1 \(field 3\): "x"/);
    assert.throws(() => parseLabelFirstCsv('', 'train.csv'), /train.csv: no rows/);
  });
});

describe('writeChannels', () => {
  test('writes csv and libsvm per split under the prefix and returns keys and URIs', async () => {
    const store = new MemoryObjectStore('memory://gold-data');
    const { features, labels } = trickyMatrix();
    const split = { features, labels };
    const written = await writeChannels(store, 'sagemaker/v1', { train: split, validation: split, test: split });
    assert.deepEqual(
      (await store.list('sagemaker/v1/')).map((o) => o.key),
      ['test', 'train', 'validation'].flatMap((s) => [`sagemaker/v1/${s}/data.csv`, `sagemaker/v1/${s}/data.libsvm`]),
    );
    assert.equal(written.train.csv.key, 'sagemaker/v1/train/data.csv');
    assert.equal(written.validation.libsvm.uri, 'memory://gold-data/sagemaker/v1/validation/data.libsvm');
    assert.equal(written.test.rows, features.rows);
    const csv = await store.get(written.train.csv.key);
    assert.equal(csv.contentType, 'text/csv');
    assert.equal(new TextDecoder().decode(csv.body), toLabelFirstCsv(features, labels));
  });

  test('the training channels are the train and validation CSV objects, not their libsvm twins', async () => {
    const store = new MemoryObjectStore('memory://gold-data');
    const { features, labels } = trickyMatrix();
    const other = { features, labels: labels.map((y) => 1 - y) };
    const written = await writeChannels(store, 'c', { train: { features, labels }, validation: other, test: other });
    const channels = csvTrainingChannels(store, written);
    assert.equal(channels.train.store, store);
    assert.deepEqual(
      [channels.train.prefix, channels.validation.prefix],
      ['c/train/data.csv', 'c/validation/data.csv'],
    );
    const text = async (key: string) => new TextDecoder().decode((await store.get(key)).body);
    assert.equal(await text(channels.train.prefix), toLabelFirstCsv(features, labels));
    assert.equal(await text(channels.validation.prefix), toLabelFirstCsv(features, other.labels));
  });

  test('refuses splits with different column counts, naming the split', async () => {
    const store = new MemoryObjectStore();
    const a = { features: { matrix: new Float64Array(4), rows: 2, cols: 2 }, labels: [0, 1] };
    const b = { features: { matrix: new Float64Array(6), rows: 2, cols: 3 }, labels: [0, 1] };
    await assert.rejects(
      writeChannels(store, 'p', { train: a, validation: b, test: a }),
      /validation has 3 feature columns, train has 2/,
    );
  });
});

describe('python readers as the oracle', () => {
  test(
    'sklearn load_svmlight_file(zero_based=True) and pandas read_csv(header=None) read our files to the same matrix',
    { skip: sklearnAbsent ? '/usr/bin/python3 with sklearn and pandas is not available' : false },
    () => {
      const { features, labels } = trickyMatrix();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'channels-oracle-'));
      try {
        fs.writeFileSync(path.join(dir, 'data.libsvm'), toLibsvm(features, labels));
        fs.writeFileSync(path.join(dir, 'data.csv'), toLabelFirstCsv(features, labels));
        const script = [
          'import json, math, sys',
          'import pandas as pd',
          'from sklearn.datasets import load_svmlight_file',
          "X, y = load_svmlight_file(sys.argv[1] + '/data.libsvm', n_features=int(sys.argv[2]), zero_based=True)",
          "frame = pd.read_csv(sys.argv[1] + '/data.csv', header=None, float_precision='round_trip')",
          'clean = lambda rows: [[None if math.isnan(v) else float(v) for v in row] for row in rows]',
          "print(json.dumps({'svm_X': clean(X.toarray().tolist()), 'svm_y': [float(v) for v in y],",
          "  'csv_y': [float(v) for v in frame.iloc[:, 0]], 'csv_X': clean(frame.iloc[:, 1:].to_numpy(dtype=float).tolist())}))",
        ].join('\n');
        const run = spawnSync('/usr/bin/python3', ['-c', script, dir, String(features.cols)], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const read = JSON.parse(run.stdout) as {
          svm_X: Array<Array<number | null>>;
          svm_y: number[];
          csv_X: Array<Array<number | null>>;
          csv_y: number[];
        };
        const rowsOf = (map: (v: number) => number | null): Array<Array<number | null>> =>
          Array.from({ length: features.rows }, (_, r) =>
            Array.from(features.matrix.subarray(r * features.cols, (r + 1) * features.cols), map),
          );
        // sklearn reads an omitted entry as 0 (scipy sparse); pandas reads an empty field as NaN.
        // (pandas' default float parser is not correctly rounded, hence float_precision='round_trip'.)
        assert.deepEqual(
          read.svm_X,
          rowsOf((v) => (Number.isNaN(v) || v === 0 ? 0 : v)),
        );
        assert.deepEqual(
          read.csv_X,
          rowsOf((v) => (Number.isNaN(v) ? null : v === 0 ? 0 : v)),
        );
        assert.deepEqual(read.svm_y, Array.from(labels));
        assert.deepEqual(read.csv_y, Array.from(labels));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
