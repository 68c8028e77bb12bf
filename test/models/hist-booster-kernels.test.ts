/**
 * The hist booster's kernels against direct computations: histograms summed cell by cell,
 * partitions by filtering, the pooled kernels against the single-thread ones at sizes where the
 * pool is really used, and the committed WebAssembly against its source.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleKernels, binaryModuleSource, BINARY_MODULE } from '../../scripts/build-wasm';
import * as fs from 'node:fs';
import {
  buildGroupHistograms,
  partitionRows,
  placeSplitPiece,
  slotSize,
  splitPiece,
} from '../../shared/ml/training/hist-booster/kernels';
import { quantize } from '../../shared/ml/training/hist-booster/quantize';
import { fillSparseGroup, planSparseGroups } from '../../shared/ml/training/hist-booster/sparse-rows';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { allocateKernelMemory, KernelMemory } from '../../shared/ml/training/hist-booster/wasm-memory';
import { Random } from '../../shared/core/util/random';

/** A matrix mixing a continuous column, flags, a 3-level column and missing values. */
function mixedMatrix(rows: number, seed: number): { data: Float64Array; cols: number } {
  const cols = 5;
  const random = new Random(seed);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    data[r * cols] = random.normal();
    data[r * cols + 1] = random.next() < 0.1 ? 1 : 0;
    data[r * cols + 2] = random.next() < 0.2 ? NaN : random.int(3);
    data[r * cols + 3] = random.next() < 0.5 ? 1 : 0;
    data[r * cols + 4] = random.next() < 0.05 ? NaN : Math.round(random.normal() * 10) / 10;
  }
  return { data, cols };
}

function setUp(
  rows: number,
  groups: number,
  seed: number,
): {
  run: KernelMemory;
  binned: ReturnType<typeof quantize>;
  gradPairs: Float32Array;
  rowIndex: Int32Array;
  scratch: Int32Array;
} {
  const { data, cols } = mixedMatrix(rows, seed);
  const binned = quantize(data, rows, cols, 16);
  const run = allocateKernelMemory(rows, cols, planSparseGroups(binned, groups), slotSize(binned.featureOffset));
  const buffer = run.memory.buffer;
  new Uint16Array(buffer, run.layout.columns, rows * cols).set(binned.columns);
  for (const group of run.layout.groups) fillSparseGroup(binned, group, buffer);
  const gradPairs = new Float32Array(buffer, run.layout.gradPairs, 2 * rows);
  const random = new Random(seed + 1);
  for (let i = 0; i < 2 * rows; i++) gradPairs[i] = i % 2 === 0 ? random.normal() : random.next();
  const rowIndex = new Int32Array(buffer, run.layout.rowIndex, rows);
  for (let i = 0; i < rows; i++) rowIndex[i] = i;
  return { run, binned, gradPairs, rowIndex, scratch: new Int32Array(buffer, run.layout.scratch, rows) };
}

test('histograms equal cell-by-cell sums over the node rows, for every feature group split', () => {
  for (const groups of [1, 2, 3]) {
    const rows = 500;
    const { run, binned, gradPairs, rowIndex } = setUp(rows, groups, 3);
    const { featureOffset, columns, cols } = binned;
    // A node of every third row, out of order relative to nothing: rowIndex[start..end).
    const nodeRows = Array.from({ length: rows }, (_, i) => i).filter((i) => i % 3 === 0);
    rowIndex.set(nodeRows, 10);
    const size = slotSize(featureOffset);
    const hist = new Float64Array(2 * size).fill(NaN);
    const features = Int32Array.from({ length: cols }, (_, f) => f);
    run.layout.groups.forEach((_, group) =>
      buildGroupHistograms(
        run,
        group,
        featureOffset,
        binned.dominant,
        hist,
        Int32Array.of(1, 10, 10 + nodeRows.length),
        features,
      ),
    );
    const expected = new Float64Array(size);
    for (const row of nodeRows) {
      for (let f = 0; f < cols; f++) {
        const code = columns[f * rows + row];
        expected[2 * code] += gradPairs[2 * row];
        expected[2 * code + 1] += gradPairs[2 * row + 1];
      }
    }
    for (let cell = 0; cell < size; cell++) {
      assert.ok(
        Math.abs(hist[size + cell] - expected[cell]) <= 1e-9,
        `groups ${groups}, cell ${cell}: ${hist[size + cell]} vs ${expected[cell]}`,
      );
    }
  }
});

test('a feature outside the tree sample is left alone', () => {
  const { run, binned } = setUp(200, 1, 4);
  const hist = new Float64Array(slotSize(binned.featureOffset)).fill(-7);
  buildGroupHistograms(
    run,
    0,
    binned.featureOffset,
    binned.dominant,
    hist,
    Int32Array.of(0, 0, 200),
    Int32Array.of(1, 3),
  );
  const untouched = [0, 2, 4].every((f) =>
    hist.subarray(2 * binned.featureOffset[f], 2 * binned.featureOffset[f + 1]).every((v) => v === -7),
  );
  assert.ok(untouched);
  assert.ok(hist.subarray(2 * binned.featureOffset[1], 2 * binned.featureOffset[2]).some((v) => v !== -7));
});

test('partitions are stable filters, with missing values sent either way; the two-pass split agrees', () => {
  const rows = 300;
  const { run, binned, rowIndex, scratch } = setUp(rows, 1, 5);
  const feature = 2;
  const missingCode = binned.featureOffset[feature + 1] - 1;
  const threshold = binned.featureOffset[feature];
  for (const defaultLeft of [false, true]) {
    const start = 7;
    const end = 290;
    for (let i = 0; i < rows; i++) rowIndex[i] = rows - 1 - i;
    const before = Array.from(rowIndex.subarray(start, end));
    const code = (row: number): number => binned.columns[feature * rows + row];
    const goesLeft = (row: number): boolean => (code(row) === missingCode ? defaultLeft : code(row) <= threshold);
    const expected = [...before.filter(goesLeft), ...before.filter((row) => !goesLeft(row))];
    const split = { feature: feature, threshold: threshold, missingCode: missingCode, defaultLeft: defaultLeft };
    const left = partitionRows(run, split, start, end);
    assert.equal(left, before.filter(goesLeft).length);
    assert.deepEqual(Array.from(rowIndex.subarray(start, end)), expected);
    assert.deepEqual(
      Array.from(rowIndex.subarray(0, start)),
      Array.from({ length: start }, (_, i) => rows - 1 - i),
      'rows before the range untouched',
    );

    rowIndex.set(before, start);
    const pieceLeft = splitPiece(run, split, start, end);
    placeSplitPiece(rowIndex, scratch, start, end, pieceLeft, start, start + pieceLeft);
    assert.deepEqual(Array.from(rowIndex.subarray(start, end)), expected);
  }
});

test('the pooled kernels (row counts above the pooling threshold) give the single-thread bytes', async () => {
  const rows = 30_000;
  const { data, cols } = mixedMatrix(rows, 9);
  const random = new Random(10);
  const labels = Float32Array.from({ length: rows }, (_, r) =>
    random.next() < 1 / (1 + Math.exp(-2 * data[r * cols])) ? 1 : 0,
  );
  for (const subsample of [1, 0.7]) {
    const params = { eta: 0.3, max_depth: 5, subsample, colsample_bytree: 0.8, seed: 3 };
    const one = await trainHistBooster({ data, rows, cols }, labels, params, 4);
    const two = await trainHistBooster({ data, rows, cols }, labels, params, 4, { workers: 2 });
    assert.deepEqual(two.modelBytes, one.modelBytes, `subsample ${subsample}`);
    assert.deepEqual(two.trainingMargins, one.trainingMargins);
  }
});

test('the committed WebAssembly is what kernels.wat assembles to (run scripts/build-wasm.ts after editing it)', async () => {
  assert.equal(fs.readFileSync(BINARY_MODULE, 'utf8'), binaryModuleSource(await assembleKernels()));
});
