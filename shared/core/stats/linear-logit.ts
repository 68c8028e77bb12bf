/**
 * A one-feature logistic model p = sigmoid(slope·x + intercept), fitted by Newton's method on the
 * cross-entropy against targets in [0, 1]. It serves Platt scaling (x = the booster's margin,
 * targets smoothed as in Platt 1999) and the calibration slope and intercept (x = logit(p)).
 */
import { sigmoid, softplus } from './logistic';

export interface LinearLogit {
  slope: number;
  intercept: number;
}

function crossEntropy(x: ArrayLike<number>, t: ArrayLike<number>, slope: number, intercept: number): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const z = slope * x[i] + intercept;
    loss += softplus(z) - t[i] * z;
  }
  return loss;
}

/** The minimiser of the summed cross-entropy; throws when it does not exist (separable data). */
export function fitLinearLogit(x: ArrayLike<number>, targets: ArrayLike<number>, what = 'fitLinearLogit'): LinearLogit {
  if (x.length !== targets.length) throw new Error(`${what}: ${x.length} inputs but ${targets.length} targets`);
  if (x.length < 2) throw new Error(`${what}: needs at least 2 rows, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${what}: input at row ${i} is ${x[i]}`);
    if (!(targets[i] >= 0 && targets[i] <= 1))
      throw new Error(`${what}: target at row ${i} is ${targets[i]}; expected [0, 1]`);
  }
  let slope = 0;
  let intercept = 0;
  let loss = crossEntropy(x, targets, slope, intercept);
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = 0,
      g1 = 0,
      h00 = 0,
      h01 = 0,
      h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const p = sigmoid(slope * x[i] + intercept);
      const r = p - targets[i];
      const w = p * (1 - p);
      g0 += r * x[i];
      g1 += r;
      h00 += w * x[i] * x[i];
      h01 += w * x[i];
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) throw new Error(`${what}: the inputs do not vary, or the fit diverges (singular Hessian)`);
    let step = 1;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    let next = crossEntropy(x, targets, slope - d0, intercept - d1);
    while (next > loss && step > 1e-10) {
      step /= 2;
      next = crossEntropy(x, targets, slope - step * d0, intercept - step * d1);
    }
    slope -= step * d0;
    intercept -= step * d1;
    const converged = loss - next <= 1e-15 * Math.max(1, Math.abs(loss));
    loss = next;
    if (converged && Math.abs(step * d0) + Math.abs(step * d1) < 1e-10) break;
  }
  if (!Number.isFinite(slope) || !Number.isFinite(intercept) || Math.abs(slope) > 1e6) {
    throw new Error(`${what}: no finite optimum (the classes are separable by the input)`);
  }
  return { slope, intercept };
}

/** Platt's smoothed targets: (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for negatives. */
export function plattTargets(labels: ArrayLike<number>): Float64Array {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new Error(`plattTargets: label at row ${i} is ${labels[i]}; expected 0 or 1`);
    positives += labels[i];
  }
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (labels.length - positives + 2);
  return Float64Array.from(labels, (y) => (y === 1 ? hi : lo));
}

/** Platt scaling of margins (as scikit-learn's sigmoid calibration: A = −slope, B = −intercept). */
export function fitPlattScaling(margins: ArrayLike<number>, labels: ArrayLike<number>): LinearLogit {
  return fitLinearLogit(margins, plattTargets(labels), 'fitPlattScaling');
}

export function applyLinearLogit(model: LinearLogit, x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => sigmoid(model.slope * v + model.intercept));
}
