import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryShareChart, windowHistogram } from '../../shared/pipeline/monitoring/drift-charts';
import type { FeatureSample } from '../../shared/pipeline/monitoring/drift-report';

const sample = (age: number[], smoking: string[]): FeatureSample => ({
  numeric: { age: Float64Array.from(age) },
  categorical: { smoking_status: smoking },
});
const samples = {
  baseline: sample([30, 40, 50, 60], ['smokes', 'never smoked', 'never smoked', 'Unknown']),
  clean: sample([35, 45], ['never smoked', 'smokes']),
  drifted: sample([70, 80, 82], ['smokes', 'smokes', 'smokes']),
};

test('a numeric feature: each sample drawn as a density with its KDE, named baseline, clean and drifted', () => {
  const figure = windowHistogram('age', samples);
  const histograms = figure.data.filter((t) => t.type === 'histogram');
  assert.deepEqual(
    histograms.map((t) => [t.name, t.x, t.histnorm]),
    [
      ['baseline (gold)', [30, 40, 50, 60], 'probability density'],
      ['clean window', [35, 45], 'probability density'],
      ['drifted window', [70, 80, 82], 'probability density'],
    ],
  );
  assert.equal(figure.data.length, 6, 'a KDE line per histogram');
  assert.match(JSON.stringify(figure.layout?.title), /age: baseline and the two windows/);
  assert.throws(() => windowHistogram('bmi', samples), /the baseline sample has no feature "bmi"/);
});

test('a categorical feature: the share of each category in each sample, in the order asked for', () => {
  const categories = ['never smoked', 'Unknown', 'formerly smoked', 'smokes'];
  const figure = categoryShareChart('smoking_status', categories, samples);
  assert.deepEqual(
    figure.data.map((t) => [t.name, t.x, t.y]),
    [
      ['baseline', categories, [0.5, 0.25, 0, 0.25]],
      ['clean window', categories, [0.5, 0, 0, 0.5]],
      ['drifted window', categories, [0, 0, 0, 1]],
    ],
  );
  assert.match(JSON.stringify(figure.layout?.title), /smoking_status share/);
});
