import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contributionOrder,
  meanAbsShap,
  shapBeeswarm,
  shapRanking,
  shapWaterfall,
  topContributions,
  valueColor,
} from '../../shared/ml/shap/shap-charts';

// 3 rows × 2 features (+ bias column).
const shap = Float64Array.from([0.5, -0.1, -2, 0.2, 1, 0.3, 0.4, 0.1, -0.3, -0.05, -0.2, 0.2].slice(0, 9));
const names = ['age', 'bmi'];

test('mean |SHAP| and the ranking follow the definition', () => {
  const means = meanAbsShap(shap, 3, 2);
  assert.ok(Math.abs(means[0] - (0.5 + 0.2 + 0.4) / 3) < 1e-15);
  assert.ok(Math.abs(means[1] - (0.1 + 1 + 0.1) / 3) < 1e-15);
  assert.deepEqual(shapRanking(shap, 3, 2), [1, 0]);
});

test('one row ranks its features by |SHAP|, ties by index; the top contributions leave zeros out', () => {
  // Two rows of 5 features (+ bias); the second row starts at offset 6.
  const phi = [0.1, -0.4, 0, 0.4, -0.05, 9, 0, 0, 0.2, 0, -0.2, 1];
  assert.deepEqual(contributionOrder(phi, 0, 5), [1, 3, 0, 4, 2]);
  assert.deepEqual(topContributions(phi, 0, 5, 3), [1, 3, 0]);
  assert.deepEqual(contributionOrder(phi, 6, 5), [2, 4, 0, 1, 3]);
  assert.deepEqual(topContributions(phi, 6, 5, 3), [2, 4], 'only two features contribute');
  // The waterfall draws the same order as the endpoint's reasons.
  const figure = shapWaterfall(phi.slice(0, 6), ['a', 'b', 'c', 'd', 'e'], { top: 3, title: 't' });
  assert.deepEqual(figure.data[0].y, ['b', 'd', 'a', '2 other features']);
});

test('the waterfall starts at the bias and ends at the margin', () => {
  const row = [0.8, -0.3, 0.05, 0.2, -1.5];
  const figure = shapWaterfall(row, ['a', 'b', 'c', 'd'], { top: 2, title: 't' });
  const trace = figure.data[0];
  const x = trace.x as number[];
  const base = trace.base as number[];
  assert.equal(base[0], -1.5, 'first bar starts at the bias');
  const end = base[base.length - 1] + x[x.length - 1];
  assert.ok(Math.abs(end - row.reduce((a, b) => a + b, 0)) < 1e-12, 'last bar ends at bias + contributions');
  assert.deepEqual(trace.y, ['a', 'b', '2 other features']);
  for (let i = 1; i < base.length; i++) assert.ok(Math.abs(base[i] - (base[i - 1] + x[i - 1])) < 1e-12, 'bars chain');
});

test('the beeswarm draws one trace per top feature with a colour per patient', () => {
  const X = Float64Array.from([1, 10, 2, 20, 3, 30]);
  const figure = shapBeeswarm(shap, X, 3, 2, names, { top: 2, seed: 1 });
  assert.equal(figure.data.length, 2);
  assert.equal(figure.data[0].name, 'bmi', 'most important first');
  assert.deepEqual(figure.data[0].x, [-0.1, 1, 0.1]);
  assert.equal((figure.data[0].marker?.color as string[]).length, 3);
  assert.deepEqual(figure.layout?.yaxis?.ticktext, ['bmi', 'age']);
  assert.throws(() => shapBeeswarm(shap, X, 3, 2, ['only one'], { seed: 1 }), /1 feature names for 2 features/);
});

test('colours run from blue at the lowest value to red at the highest', () => {
  assert.equal(valueColor(0), '#1f77b4');
  assert.equal(valueColor(1), '#d62728');
  assert.equal(valueColor(2), '#d62728');
});
