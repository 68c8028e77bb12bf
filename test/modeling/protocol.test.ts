import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseSeeds,
  PROTOCOL_MODELS,
  summarizeSeeds,
  summaryTable,
  type SeedResult,
} from '../../shared/pipeline/modeling/protocol';
import { meanSd } from '../../shared/core/stats/mean-sd';

test('seeds: ranges, lists and mixes, sorted and distinct; bad text refused', () => {
  assert.deepEqual(parseSeeds('1-5'), [1, 2, 3, 4, 5]);
  assert.deepEqual(parseSeeds('7,1-3,2'), [1, 2, 3, 7]);
  assert.throws(() => parseSeeds('5-1'), /runs backwards/);
  assert.throws(() => parseSeeds('a'), /"a" is not a seed/);
});

test('mean and sample sd by hand; the summary and its table', () => {
  // 1, 2, 3, 4: mean 2.5, sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3.
  const m = meanSd([1, 2, 3, 4]);
  assert.equal(m.mean, 2.5);
  assert.ok(Math.abs(m.sd - Math.sqrt(5 / 3)) < 1e-15);
  assert.deepEqual(meanSd([0.3]), { mean: 0.3, sd: 0 });
  const result = (seed: number, auc: number): SeedResult => ({
    seed,
    testRows: 100,
    testPositives: 5,
    flagged: 0.1,
    logisticWeight: 0.5,
    models: Object.fromEntries(
      PROTOCOL_MODELS.map((name) => [name, { rocAuc: auc, averagePrecision: auc / 4, brier: 0.04 }]),
    ) as SeedResult['models'],
  });
  const summary = summarizeSeeds([result(1, 0.8), result(2, 0.9)]);
  assert.ok(Math.abs(summary['XGBoost (calibrated)'].rocAuc.mean - 0.85) < 1e-15);
  assert.ok(Math.abs(summary['logistic regression (plain)'].averagePrecision.sd - Math.sqrt(2 * 0.0125 ** 2)) < 1e-15);
  const table = summaryTable(summary, [1, 2]);
  assert.match(table, /\| XGBoost \(calibrated\) \| 0\.850 ± 0\.071 \| 0\.213 ± 0\.018 \| 0\.0400 ± 0\.0000 \|/);
  assert.equal(table.split('\n').length, 2 + PROTOCOL_MODELS.length);
});
