/**
 * The bench's memory-traffic count: cache lines are counted once each, in the patterns the
 * kernels read them; counting changes nothing of the training it watches; and a training's
 * counts follow from its shape where they are known in closed form (one gradient pass of every
 * row per round and one before the first, a root histogram reading every row's gradient pair).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countingKernels, emptyTraffic, LineCounter, trafficBytes } from '../../scripts/lib/bench/kernel-traffic';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { Random } from '../../shared/core/util/random';

test('a line is counted once, however many elements of it are read', () => {
  const pairs = new LineCounter(0, 8);
  for (let row = 0; row < 8; row++) pairs.touch(row);
  assert.equal(pairs.count, 1);
  for (const row of [8, 9, 16, 100]) pairs.touch(row);
  assert.equal(pairs.count, 4, 'rows 8-9 share line 1; 16 is line 2; 100 is line 12');
  const codes = new LineCounter(64, 2);
  codes.touch(0, 40);
  assert.equal(codes.count, 2, 'bytes 64..145 span lines 1 and 2');
  codes.touch(41, 47);
  assert.equal(codes.count, 2, 'bytes 146..159: still line 2');
  codes.touch(64, 64);
  assert.equal(codes.count, 3, 'byte 192 starts line 3');
});

test('counting leaves the model as it is, and counts what the shape implies', async () => {
  const rows = 3000;
  const cols = 5;
  const random = new Random(3);
  const data = Float64Array.from({ length: rows * cols }, () => Math.round(random.normal(0, 2) * 4) / 4);
  const labels = Float32Array.from({ length: rows }, (_, r) => (data[r * cols] + random.normal(0, 1) > 1 ? 1 : 0));
  const params = { max_depth: 4, eta: 0.3 };
  const rounds = 3;
  const plain = await trainHistBooster({ data, rows, cols }, labels, params, rounds);
  const traffic = emptyTraffic();
  const counted = await trainHistBooster({ data, rows, cols }, labels, params, rounds, {
    instrument: (kernels) => countingKernels(kernels, traffic),
  });
  assert.deepEqual(counted.modelBytes, plain.modelBytes);
  assert.equal(traffic.calls.gradients, rounds + 1);
  for (const name of ['histograms', 'partitions', 'leaves', 'gradients'] as const) {
    assert.ok(traffic.ms[name] > 0, `${name}: its calls were timed`);
  }
  assert.equal(traffic.lines.gradients, (rounds + 1) * (5 * Math.ceil((4 * rows) / 64) + Math.ceil((8 * rows) / 64)));
  assert.ok(traffic.calls.histograms >= rounds && traffic.calls.partitions >= rounds);
  assert.ok(traffic.lines.histograms >= rounds * Math.ceil((8 * rows) / 64), 'each root reads every gradient pair');
  assert.equal(
    trafficBytes(traffic),
    64 * (traffic.lines.histograms + traffic.lines.partitions + traffic.lines.leaves + traffic.lines.gradients),
  );
});
