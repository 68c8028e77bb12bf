import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitLogisticRegression,
  LogisticRegressionModel,
  LogisticRegressionOptions,
  sampleWeights,
} from '../../shared/ml/training/logistic-regression';
import type { FeatureMatrix } from '../../shared/ml/data/preprocess';
import { assertArrayClose, assertClose, loadFixture } from '../assert-close';

interface Fit {
  coef: number[];
  intercept: number;
  maxAbsGradient: number;
  heldoutProba: number[];
  heldoutMargin: number[];
}

interface Golden {
  sklearnVersion: string;
  rows: number;
  heldoutRows: number;
  cols: number;
  train: number[];
  labels: number[];
  heldout: number[];
  cases: {
    name: string;
    C: number;
    classWeight: 'balanced' | null;
    fitIntercept: boolean;
    optimum: Fit & { trainProba: number[] };
    lbfgs: Fit & { maxAbsCoefDistanceToOptimum: number };
  }[];
}

const golden = loadFixture<Golden>('logreg', 'golden.json');
const train: FeatureMatrix = { matrix: Float64Array.from(golden.train), rows: golden.rows, cols: golden.cols };
const heldout: FeatureMatrix = {
  matrix: Float64Array.from(golden.heldout),
  rows: golden.heldoutRows,
  cols: golden.cols,
};
const labels = Float64Array.from(golden.labels);

/** Gradient of sum_i w_i logloss_i + 0.5/C ||coef||^2, written out directly from the definition. */
function objectiveGradient(
  model: LogisticRegressionModel,
  weights: Float64Array,
  C: number,
  fitIntercept: boolean,
): number[] {
  const gradient = Array.from(model.coef, (c) => c / C);
  let interceptGradient = 0;
  for (let i = 0; i < train.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < train.cols; j++) z += train.matrix[i * train.cols + j] * model.coef[j];
    const residual = weights[i] * (1 / (1 + Math.exp(-z)) - labels[i]);
    for (let j = 0; j < train.cols; j++) gradient[j] += residual * train.matrix[i * train.cols + j];
    interceptGradient += residual;
  }
  return fitIntercept ? [...gradient, interceptGradient] : gradient;
}

for (const c of golden.cases) {
  const options: LogisticRegressionOptions = { C: c.C, fitIntercept: c.fitIntercept };
  if (c.classWeight === 'balanced') options.classWeight = 'balanced';
  const model = fitLogisticRegression(train, labels, options);

  describe(`${c.name}: matches sklearn ${golden.sklearnVersion} LogisticRegression`, () => {
    test('converges in a few Newton iterations', () => {
      assert.equal(model.converged, true);
      assert.ok(model.iterations >= 2 && model.iterations <= 20, `iterations ${model.iterations}`);
    });

    // sklearn's newton-cholesky fit has |gradient| <= 6e-10 and the Hessian's smallest eigenvalue is
    // >= ~1 (the L2 term; the intercept direction has sum w p(1-p) >> 1), so it is within ~1e-9 of the optimum.
    test('coef and intercept equal the optimum (sklearn newton-cholesky, tol 1e-12) to 1e-7', () => {
      assertArrayClose(model.coef, c.optimum.coef, { absolute: 1e-7, relative: 1e-7 }, 'coef');
      assertClose(model.intercept, c.optimum.intercept, { absolute: 1e-7, relative: 1e-7 }, 'intercept');
      if (!c.fitIntercept) assert.equal(model.intercept, 0);
    });

    test('probabilities on training and held-out rows equal the optimum to 1e-9', () => {
      assertArrayClose(model.predictProba(train), c.optimum.trainProba, { absolute: 1e-9 }, 'train proba');
      assertArrayClose(model.predictProba(heldout), c.optimum.heldoutProba, { absolute: 1e-9 }, 'held-out proba');
      assertArrayClose(model.predictMargin(heldout), c.optimum.heldoutMargin, { absolute: 1e-7 }, 'held-out margin');
    });

    // sklearn's default lbfgs stops on scipy's ftol with |gradient| ~1e-2, so it is only as close to us
    // as it is to the optimum; the bound is that measured lbfgs-to-optimum distance plus 1e-7. Its
    // probabilities differ from the optimum's by at most 1.7e-4 on these rows.
    test('coef and held-out probabilities are as close to default lbfgs as the optimum is', () => {
      const bound = c.lbfgs.maxAbsCoefDistanceToOptimum + 1e-7;
      assertArrayClose(model.coef, c.lbfgs.coef, { absolute: bound }, 'coef vs lbfgs');
      assertClose(model.intercept, c.lbfgs.intercept, { absolute: bound }, 'intercept vs lbfgs');
      assertArrayClose(
        model.predictProba(heldout),
        c.lbfgs.heldoutProba,
        { absolute: 5e-4 },
        'held-out proba vs lbfgs',
      );
    });

    // Each gradient component is a sum of ~n weighted terms w_i |x_ij| (~1e3 in total); at the optimum
    // it must cancel to 1e-10 of that size, where default lbfgs leaves ~1e-2 (1e-5 of it).
    test('the objective gradient vanishes at the fit (independent of sklearn)', () => {
      const weights = sampleWeights(labels, options.classWeight);
      const gradient = objectiveGradient(model, weights, c.C, c.fitIntercept);
      gradient.forEach((g, j) => {
        let termScale = 0;
        for (let i = 0; i < train.rows; i++)
          termScale += weights[i] * (j < train.cols ? Math.abs(train.matrix[i * train.cols + j]) : 1);
        assertClose(g, 0, { absolute: 1e-10 * termScale }, `gradient[${j}] (terms total ${termScale.toFixed(1)})`);
      });
    });

    test('toJSON / fromJSON round-trips exactly through JSON text', () => {
      const restored = LogisticRegressionModel.fromJSON(JSON.parse(JSON.stringify(model)));
      assert.deepEqual(restored.coef, model.coef);
      assert.equal(restored.intercept, model.intercept);
      assert.deepEqual(restored.predictProba(heldout), model.predictProba(heldout));
      assert.equal(restored.iterations, model.iterations);
      assert.equal(restored.converged, model.converged);
    });
  });
}

describe('balanced class weights', () => {
  test('are n / (2 n_class), so each class carries half of the total weight', () => {
    const weights = sampleWeights([1, 0, 0, 0, 1, 0, 0, 0, 0, 0], 'balanced');
    assert.deepEqual(Array.from(weights), [2.5, 0.625, 0.625, 0.625, 2.5, 0.625, 0.625, 0.625, 0.625, 0.625]);
    assert.deepEqual(Array.from(sampleWeights([1, 0, 1], undefined)), [1, 1, 1]);
  });
});

describe('bad input is rejected with a message naming the problem', () => {
  const small: FeatureMatrix = { matrix: Float64Array.from([0, 1, 1, 0, 2, 2]), rows: 3, cols: 2 };

  test('shape mismatches', () => {
    assert.throws(() => fitLogisticRegression(small, [0, 1]), /X has 3 rows but y has 2 labels/);
    assert.throws(
      () => fitLogisticRegression({ ...small, cols: 4 }, [0, 1, 0]),
      /expected rows x cols = 3 x 4 = 12 values, got 6/,
    );
    const model = fitLogisticRegression(small, [0, 1, 1]);
    assert.throws(
      () => model.predictProba({ matrix: new Float64Array(3), rows: 1, cols: 3 }),
      /X has 3 columns, the model was fitted on 2/,
    );
  });

  test('labels other than 0/1 and a single class', () => {
    assert.throws(() => fitLogisticRegression(small, [0, 2, 1]), /label at row 1 is 2, expected 0 or 1/);
    assert.throws(() => fitLogisticRegression(small, [0, NaN, 1]), /label at row 1 is NaN/);
    assert.throws(
      () => fitLogisticRegression(small, [1, 1, 1], { classWeight: 'balanced' }),
      /need both classes, got 3 positives and 0 negatives/,
    );
  });

  test('non-finite features and bad options', () => {
    const withNaN = { ...small, matrix: Float64Array.from([0, 1, 1, NaN, 2, 2]) };
    assert.throws(() => fitLogisticRegression(withNaN, [0, 1, 0]), /X\[1, 1\] is NaN, expected a finite number/);
    assert.throws(() => fitLogisticRegression(small, [0, 1, 0], { C: 0 }), /C must be a positive finite number, got 0/);
    assert.throws(() => fitLogisticRegression(small, [0, 1, 0], { maxIter: 0 }), /maxIter must be a positive integer/);
  });

  test('malformed JSON', () => {
    assert.throws(() => LogisticRegressionModel.fromJSON(null), /expected an object, got null/);
    assert.throws(
      () => LogisticRegressionModel.fromJSON({ kind: 'preprocessor', version: 1 }),
      /expected kind 'logistic-regression'/,
    );
    const good = {
      kind: 'logistic-regression',
      version: 1,
      coef: [1, 2],
      intercept: 0.5,
      iterations: 3,
      converged: true,
    };
    assert.throws(
      () => LogisticRegressionModel.fromJSON({ ...good, coef: [1, 'x'] }),
      /coef\[1\] must be a finite number, got x/,
    );
    assert.throws(
      () => LogisticRegressionModel.fromJSON({ ...good, intercept: null }),
      /'intercept' must be a finite number/,
    );
    assert.throws(
      () => LogisticRegressionModel.fromJSON({ ...good, converged: 'yes' }),
      /'converged' must be a boolean/,
    );
  });
});

describe('separable data', () => {
  test('stays finite: the L2 term bounds the coefficients', () => {
    const X: FeatureMatrix = { matrix: Float64Array.from([-2, -1, 1, 2]), rows: 4, cols: 1 };
    const model = fitLogisticRegression(X, [0, 0, 1, 1], { C: 1e6 });
    assert.ok(Number.isFinite(model.coef[0]) && model.coef[0] > 5, `coef ${model.coef[0]}`);
    const proba = model.predictProba(X);
    assert.ok(proba[0] < 1e-3 && proba[3] > 1 - 1e-3);
  });
});
