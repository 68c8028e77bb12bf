import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../shared/core/util/random';
import { SearchSpace } from '../../shared/core/tuning/search-space';
import { STROKE_XGBOOST_TUNING } from '../../shared/pipeline/modeling/stroke-tuning-config';

const stroke = new SearchSpace(STROKE_XGBOOST_TUNING.ranges);

describe('SearchSpace encoding', () => {
  test('dimension order is continuous, integer, categorical', () => {
    const space = new SearchSpace({
      CategoricalParameterRanges: [{ Name: 'c', Values: ['x', 'y'] }],
      IntegerParameterRanges: [{ Name: 'i', MinValue: 0, MaxValue: 4, ScalingType: 'Linear' }],
      ContinuousParameterRanges: [{ Name: 'r', MinValue: 0, MaxValue: 1, ScalingType: 'Linear' }],
    });
    assert.deepEqual(space.names, ['r', 'i', 'c']);
    assert.equal(stroke.dimension, 5);
  });

  test('scaling: cube midpoint decodes to arithmetic, geometric and reverse-geometric means', () => {
    const space = new SearchSpace({
      ContinuousParameterRanges: [
        { Name: 'lin', MinValue: 2, MaxValue: 10, ScalingType: 'Linear' },
        { Name: 'auto', MinValue: 2, MaxValue: 10, ScalingType: 'Auto' },
        { Name: 'log', MinValue: 0.01, MaxValue: 0.3, ScalingType: 'Logarithmic' },
        { Name: 'rev', MinValue: 0.9, MaxValue: 0.999, ScalingType: 'ReverseLogarithmic' },
      ],
    });
    const mid = space.decode([0.5, 0.5, 0.5, 0.5]);
    assert.ok(Math.abs((mid.lin as number) - 6) < 1e-12);
    assert.ok(Math.abs((mid.auto as number) - 6) < 1e-12);
    assert.ok(Math.abs((mid.log as number) - Math.sqrt(0.01 * 0.3)) < 1e-12);
    // 1 − v is log-uniform between 1 − max and 1 − min.
    assert.ok(Math.abs((mid.rev as number) - (1 - Math.sqrt(0.1 * 0.001))) < 1e-12);
    const lo = space.decode([0, 0, 0, 0]);
    const hi = space.decode([1, 1, 1, 1]);
    assert.deepEqual([lo.lin, lo.log, hi.lin, hi.log], [2, 0.01, 10, 0.3]);
    assert.ok(Math.abs((lo.rev as number) - 0.9) < 1e-12 && Math.abs((hi.rev as number) - 0.999) < 1e-12);
    // A quarter of the way in log space: 0.01 · 30^0.25.
    assert.ok(Math.abs((space.decode([0, 0, 0.25, 0]).log as number) - 0.01 * 30 ** 0.25) < 1e-12);
  });

  test('continuous round trip: decode(encode(p)) = p and encode(decode(u)) = u', () => {
    const random = new Random(5);
    for (let n = 0; n < 200; n++) {
      const u = Float64Array.from({ length: 4 }, () => random.next());
      const rangesOnly = new SearchSpace({
        ContinuousParameterRanges: STROKE_XGBOOST_TUNING.ranges.ContinuousParameterRanges,
      });
      const back = rangesOnly.encode(rangesOnly.decode(u));
      u.forEach((value, k) => assert.ok(Math.abs(back[k] - value) < 1e-12, `coordinate ${k}: ${back[k]} vs ${value}`));
      const params = rangesOnly.decode(u);
      const again = rangesOnly.decode(rangesOnly.encode(params));
      for (const key of Object.keys(params))
        assert.ok(Math.abs((again[key] as number) - (params[key] as number)) < 1e-12);
    }
  });

  test('integers: every value owns an equal cell of the cube and round-trips exactly', () => {
    const space = new SearchSpace({
      IntegerParameterRanges: [{ Name: 'max_depth', MinValue: 3, MaxValue: 10, ScalingType: 'Linear' }],
    });
    const counts = new Map<number, number>();
    const steps = 8000;
    for (let i = 0; i < steps; i++) {
      const value = space.decode([(i + 0.5) / steps]).max_depth as number;
      assert.ok(Number.isInteger(value));
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    assert.deepEqual(
      [...counts.keys()].sort((a, b) => a - b),
      [3, 4, 5, 6, 7, 8, 9, 10],
    );
    for (const count of counts.values()) assert.equal(count, steps / 8);
    for (let v = 3; v <= 10; v++) {
      const u = space.encode({ max_depth: v });
      assert.ok(Math.abs(u[0] - (v - 3 + 0.5) / 8) < 1e-12, `cell centre of ${v}`);
      assert.equal(space.decode(u).max_depth, v);
    }
  });

  test('logarithmic integers: cells equal in log(v ± 0.5), decode is rounded', () => {
    const space = new SearchSpace({
      IntegerParameterRanges: [{ Name: 'rounds', MinValue: 1, MaxValue: 1000, ScalingType: 'Logarithmic' }],
    });
    const u = space.encode({ rounds: 100 });
    assert.ok(Math.abs(u[0] - (Math.log(100) - Math.log(0.5)) / (Math.log(1000.5) - Math.log(0.5))) < 1e-12);
    for (const v of [1, 2, 17, 100, 999, 1000]) assert.equal(space.decode(space.encode({ rounds: v })).rounds, v);
    assert.equal(space.decode([0]).rounds, 1);
    assert.equal(space.decode([1]).rounds, 1000);
  });

  test('categoricals split the unit interval into equal cells', () => {
    const space = new SearchSpace({
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart', 'gblinear'] }],
    });
    assert.deepEqual(
      [0, 0.33, 0.34, 0.66, 0.67, 1].map((u) => space.decode([u]).booster),
      ['gbtree', 'gbtree', 'dart', 'dart', 'gblinear', 'gblinear'],
    );
    assert.ok(Math.abs(space.encode({ booster: 'dart' })[0] - 0.5) < 1e-15);
  });

  test('snap maps a point to the cell centre of what it decodes to', () => {
    const snapped = stroke.snap([0.5, 0.5, 0.5, 0.5, 0.01]);
    assert.deepEqual(stroke.decode(snapped), stroke.decode([0.5, 0.5, 0.5, 0.5, 0.01]));
    assert.ok(Math.abs(snapped[4] - 0.5 / 8) < 1e-12);
  });

  test('snap gives encode(decode(point)) bit for bit, on every kind of range and on the faces', () => {
    const space = new SearchSpace({
      ContinuousParameterRanges: [
        { Name: 'eta', MinValue: 0.01, MaxValue: 0.5, ScalingType: 'Logarithmic' },
        { Name: 'momentum', MinValue: 0.5, MaxValue: 0.999, ScalingType: 'ReverseLogarithmic' },
        { Name: 'subsample', MinValue: 0.5, MaxValue: 1, ScalingType: 'Linear' },
      ],
      IntegerParameterRanges: [
        { Name: 'max_depth', MinValue: 2, MaxValue: 10, ScalingType: 'Auto' },
        { Name: 'rounds', MinValue: 10, MaxValue: 1000, ScalingType: 'Logarithmic' },
      ],
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart', 'gblinear'] }],
    });
    const random = new Random(11);
    const points = Array.from({ length: 2000 }, () => Array.from({ length: space.dimension }, () => random.next()));
    points.push(new Array<number>(space.dimension).fill(0), new Array<number>(space.dimension).fill(1));
    for (const point of [...points, ...[0.5, 0.01].map((u) => new Array<number>(space.dimension).fill(u))]) {
      assert.deepEqual(space.snap(point), space.encode(space.decode(point)), JSON.stringify(point));
    }
    assert.throws(() => space.snap([0.5]), /1 coordinates, the search space has 6/);
  });

  test('bad points and parameters are rejected naming the coordinate or key', () => {
    assert.throws(() => stroke.decode([0.5, 0.5]), /2 coordinates, the search space has 5/);
    assert.throws(
      () => stroke.decode([0.5, 0.5, 1.5, 0.5, 0.5]),
      /coordinate 2 \('subsample'\) must be in \[0, 1\], got 1.5/,
    );
    const good = stroke.decode([0.5, 0.5, 0.5, 0.5, 0.5]);
    assert.throws(() => stroke.encode({ ...good, gamma: 1 }), /unexpected hyperparameter 'gamma'/);
    assert.throws(() => stroke.encode({ ...good, max_depth: 4.5 }), /'max_depth' must be an integer/);
    assert.throws(() => stroke.encode({ ...good, eta: 0.5 }), /'eta' must be a number in \[0.01, 0.3\], got 0.5/);
    const { eta: _dropped, ...missing } = good;
    assert.throws(() => stroke.encode(missing), /'eta' is missing/);
  });
});
