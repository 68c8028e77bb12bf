import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calibrationSlopeIntercept, logLoss } from '../../shared/core/metrics/calibration';
import { decisionCurve, usefulRanges } from '../../shared/core/metrics/decision-curve';
import { sigmoid } from '../../shared/core/stats/logistic';
import { assertClose, loadFixture } from '../assert-close';

interface CalibrationCase {
  name: string;
  labels: number[];
  margins: number[];
  calibration: { slope: number; intercept: number };
  log_loss: number;
}
const golden = loadFixture<{ cases: CalibrationCase[] }>('metrics', 'calibration_golden.json');

describe('calibration slope, intercept and log loss match scikit-learn', () => {
  for (const c of golden.cases) {
    const p = c.margins.map(sigmoid);
    test(`${c.name}: slope and intercept equal an unpenalised LogisticRegression on logit(p) (1e-6)`, () => {
      const fit = calibrationSlopeIntercept(c.labels, p);
      assertClose(fit.slope, c.calibration.slope, { absolute: 1e-6, relative: 1e-6 }, 'slope');
      assertClose(fit.intercept, c.calibration.intercept, { absolute: 1e-6, relative: 1e-6 }, 'intercept');
    });
    test(`${c.name}: log loss equals sklearn.metrics.log_loss (1e-12)`, () => {
      assertClose(logLoss(c.labels, p), c.log_loss, { relative: 1e-12 }, 'log loss');
    });
  }

  test('perfectly calibrated probabilities have slope ≈ 1 and intercept ≈ 0', () => {
    // Outcomes drawn exactly at their probabilities: 10 bins of 1,000 rows with rate = p.
    const labels: number[] = [];
    const p: number[] = [];
    for (let b = 1; b <= 9; b++)
      for (let i = 0; i < 1000; i++) {
        p.push(b / 10);
        labels.push(i < b * 100 ? 1 : 0);
      }
    const fit = calibrationSlopeIntercept(labels, p);
    assertClose(fit.slope, 1, { absolute: 1e-9 }, 'slope');
    assertClose(fit.intercept, 0, { absolute: 1e-9 }, 'intercept');
    assertClose(
      logLoss([1, 0], [0, 1]),
      (-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2,
      { relative: 1e-12 },
      'clipped log loss',
    );
  });
});

describe('decision curve', () => {
  test('net benefit against hand-computed values', () => {
    // 10 patients, 3 strokes. At pt = 0.2 (odds 1/4) the model flags p ≥ 0.2: 2 TP, 2 FP.
    const labels = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const p = [0.9, 0.4, 0.1, 0.3, 0.2, 0.15, 0.1, 0.05, 0.05, 0.01];
    const curve = decisionCurve(labels, p, [0.2, 0.5]);
    assertClose(curve.model[0], 2 / 10 - (2 / 10) * 0.25, { absolute: 1e-15 }, 'model at 0.2');
    assertClose(curve.treatAll[0], 0.3 - 0.7 * 0.25, { absolute: 1e-15 }, 'treat all at 0.2');
    // At 0.5 (odds 1): 1 TP, 0 FP; treat-all 0.3 − 0.7.
    assertClose(curve.model[1], 0.1, { absolute: 1e-15 }, 'model at 0.5');
    assertClose(curve.treatAll[1], -0.4, { absolute: 1e-15 }, 'treat all at 0.5');
    assert.deepEqual(usefulRanges(curve), [[0.2, 0.5]]);
    assert.throws(() => decisionCurve(labels, p, [0]), /threshold 0 is 0/);
  });
});
