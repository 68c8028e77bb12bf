import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prevalenceBaseScore, withPrevalenceBaseScore } from '../../shared/ml/xgboost/base-score';
import { foldLinearLogit } from '../../shared/ml/xgboost/fold-calibration';
import { trainHistBooster } from '../../shared/ml/training/hist-booster/train';
import { fitIsotonic, predictIsotonic } from '../../shared/core/stats/isotonic';
import { applyLinearLogit, fitLinearLogit, fitPlattScaling, plattTargets } from '../../shared/core/stats/linear-logit';
import { predictMargin, predictProba } from '../../shared/ml/xgboost/tree-ensemble';
import { shapValues } from '../../shared/ml/shap/tree-shap';
import { parseXGBoostBinaryModel } from '../../shared/ml/xgboost/xgb-binary-model';
import { writeXGBoostBinaryModel } from '../../shared/ml/training/hist-booster/model-writer';
import type { XGBoostParams } from '../../shared/ml/xgboost/xgboost-params';
import { Random } from '../../shared/core/util/random';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';
import { pythonXGBoostPredict, pythonXGBoostSkip } from './python-xgboost';

interface CalibrationCase {
  name: string;
  labels: number[];
  margins: number[];
  platt: { A: number; B: number };
  isotonic: { queries: number[]; predictions: number[] };
}
const golden = loadFixture<{ cases: CalibrationCase[] }>('metrics', 'calibration_golden.json');

describe('base_score from the prevalence', () => {
  test('weighted prevalence by hand, explicit base_score kept, one-class labels rejected', () => {
    const labels = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    assert.equal(prevalenceBaseScore(labels), 0.2);
    // 2 positives × 4 = 8 against 8 negatives.
    assert.equal(prevalenceBaseScore(labels, 4), 0.5);
    assert.equal(withPrevalenceBaseScore<XGBoostParams>({ eta: 0.1, scale_pos_weight: 4 }, labels).base_score, 0.5);
    assert.equal(withPrevalenceBaseScore({ base_score: 0.3 }, labels).base_score, 0.3);
    assert.throws(() => prevalenceBaseScore([0, 0, 0]), /both classes \(0 positive, 3 negative of 3\)/);
    assert.throws(() => prevalenceBaseScore([0, 2]), /label at row 1 is 2/);
  });
});

describe('Platt scaling and isotonic regression match scikit-learn', () => {
  for (const c of golden.cases) {
    test(`${c.name}: Platt A, B equal sklearn's _sigmoid_calibration (1e-4; sklearn stops BFGS at gtol 1e-5)`, () => {
      const fit = fitPlattScaling(c.margins, c.labels);
      assertClose(-fit.slope, c.platt.A, { absolute: 1e-4, relative: 1e-4 }, 'A');
      assertClose(-fit.intercept, c.platt.B, { absolute: 1e-4, relative: 1e-4 }, 'B');
    });
    test(`${c.name}: isotonic predictions equal IsotonicRegression(out_of_bounds='clip') (1e-12)`, () => {
      const model = fitIsotonic(c.margins, c.labels);
      assertArrayClose(
        predictIsotonic(model, c.isotonic.queries),
        c.isotonic.predictions,
        { absolute: 1e-12 },
        'isotonic',
      );
    });
  }

  test('Newton reaches the stationary point: the gradient of the cross-entropy is zero', () => {
    const c = golden.cases[0];
    const targets = plattTargets(c.labels);
    const fit = fitLinearLogit(c.margins, targets);
    const p = applyLinearLogit(fit, c.margins);
    let g0 = 0;
    let g1 = 0;
    for (let i = 0; i < p.length; i++) {
      g0 += (p[i] - targets[i]) * c.margins[i];
      g1 += p[i] - targets[i];
    }
    assert.ok(Math.abs(g0) < 1e-9 && Math.abs(g1) < 1e-9, `gradient ${g0}, ${g1}`);
  });

  test('bad input: separable classes, constant inputs, mismatched lengths, NaN', () => {
    assert.throws(() => fitLinearLogit([1, 2, 3, 4], [0, 0, 1, 1]), /separable|singular/);
    assert.throws(() => fitLinearLogit([1, 1, 1], [0, 1, 0]), /singular/);
    assert.throws(() => fitPlattScaling([1, 2], [0]), /2 inputs but 1 targets/);
    assert.throws(() => fitIsotonic([1, NaN], [0, 1]), /input at row 1 is NaN/);
    assert.deepEqual([...fitIsotonic([3, 1, 2, 2], [1, 0, 1, 0]).y], [0, 0.5, 1]);
  });
});

/** 3,000 rows with a logistic signal; trained from base_score 0.5 so the raw model is miscalibrated. */
async function rawModel() {
  const random = new Random(11);
  const rows = 3000;
  const cols = 4;
  const data = Float64Array.from({ length: rows * cols }, () => random.normal());
  const labels = Float32Array.from({ length: rows }, (_, r) =>
    random.next() < 1 / (1 + Math.exp(-(-3 + 1.2 * data[r * cols] - 0.8 * data[r * cols + 1]))) ? 1 : 0,
  );
  for (let r = 0; r < rows; r += 13) data[r * cols + 2] = NaN;
  const trained = await trainHistBooster({ data, rows, cols }, labels, { eta: 0.05, max_depth: 3, seed: 2 }, 30);
  return { data, labels, rows, cols, ensemble: trained.ensemble };
}

describe('Platt scaling folded into the booster', () => {
  test('leaves and base margin are the float32 affine map, and probabilities equal the calibrator on the raw margins', async () => {
    const { data, labels, rows, cols, ensemble } = await rawModel();
    const raw = predictMargin(ensemble, data, rows, cols);
    const platt = fitPlattScaling(raw, labels);
    assert.ok(Math.abs(platt.slope - 1) > 0.2, `a non-trivial calibration (${platt.slope}, ${platt.intercept})`);
    const folded = foldLinearLogit(ensemble, platt);
    assert.equal(folded.baseMargin, Math.fround(platt.slope * ensemble.baseMargin + platt.intercept));
    folded.trees.forEach((tree, t) =>
      tree.leafValue.forEach((v, n) => assert.equal(v, Math.fround(platt.slope * ensemble.trees[t].leafValue[n]))),
    );
    // Float32 storage and summation limit the agreement to float32 resolution of the margin.
    assertArrayClose(predictProba(folded, data, rows, cols), applyLinearLogit(platt, raw), { absolute: 1e-6 }, 'p');
  });

  test(
    'python xgboost loads the folded bytes and predicts the same probabilities (1e-6)',
    { skip: pythonXGBoostSkip() },
    async () => {
      const { data, labels, rows, cols, ensemble } = await rawModel();
      const folded = foldLinearLogit(ensemble, fitPlattScaling(predictMargin(ensemble, data, rows, cols), labels));
      const bytes = writeXGBoostBinaryModel(folded);
      assert.deepEqual(parseXGBoostBinaryModel(bytes), folded);
      assertArrayClose(
        pythonXGBoostPredict(bytes, data, cols),
        predictProba(folded, data, rows, cols),
        { absolute: 1e-6 },
        'python',
      );
    },
  );

  test('TreeSHAP on the folded model sums to the calibrated margin', async () => {
    const { data, labels, rows, cols, ensemble } = await rawModel();
    const folded = foldLinearLogit(ensemble, fitPlattScaling(predictMargin(ensemble, data, rows, cols), labels));
    const phi = shapValues(folded, data.subarray(0, 200 * cols), 200, cols);
    const margins = predictMargin(folded, data.subarray(0, 200 * cols), 200, cols);
    for (let r = 0; r < 200; r++) {
      let sum = 0;
      for (let c = 0; c <= cols; c++) sum += phi[r * (cols + 1) + c];
      assertClose(sum, margins[r], { absolute: 1e-5 }, `row ${r}`);
    }
  });
});
