/** The model card says what the served margin is made of: the booster, the regression, or a blend. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelCard, type ModelCardInput } from '../../shared/pipeline/modeling/model-card';

const input = (logisticWeight: number): ModelCardInput => ({
  version: 'v1',
  trainedAt: '2026-12-03T00:00:00Z',
  data: { source: 's3://gold-data/stroke', rows: 100, positives: 5, split: '60/20/20', seed: 1 },
  features: ['age'],
  imbalanceStrategy: 'no correction',
  params: { eta: 0.05 },
  trees: 42,
  logisticWeight,
  test: { 'ROC-AUC': { estimate: 0.8, lower: 0.7, upper: 0.9 } },
  threshold: { value: 0.1, rule: 'best F1', precision: 0.2, recall: 0.5 },
  calibration: 'Platt',
  usefulness: '1–30%',
});

test('the card names the blend weight, and which part got none', () => {
  assert.match(
    modelCard(input(0.3)),
    /0\.3 × a logistic regression written as one tree per feature \+ 0\.7 × 42 boosted trees \(eta=0\.05\)/,
  );
  assert.match(
    modelCard(input(1)),
    /: a logistic regression written as one tree per feature; the 42 boosted trees \(eta=0\.05\) got weight 0/,
  );
  assert.match(modelCard(input(0)), /: 42 boosted trees \(eta=0\.05\); the logistic blend got weight 0/);
});
