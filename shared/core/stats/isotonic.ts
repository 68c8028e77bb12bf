/**
 * Isotonic (non-decreasing) regression by pool-adjacent-violators, with scikit-learn's
 * IsotonicRegression conventions: rows with equal x are first merged into their weighted mean,
 * predictions interpolate linearly between the fitted points and clip outside them.
 */

export interface IsotonicModel {
  /** Increasing distinct inputs. */
  x: Float64Array;
  /** Non-decreasing fitted values at `x`. */
  y: Float64Array;
}

export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicModel {
  if (x.length !== y.length) throw new Error(`fitIsotonic: ${x.length} inputs but ${y.length} targets`);
  if (x.length === 0) throw new Error('fitIsotonic: no rows');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`fitIsotonic: input at row ${i} is ${x[i]}`);
    if (!Number.isFinite(y[i])) throw new Error(`fitIsotonic: target at row ${i} is ${y[i]}`);
  }
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ux: number[] = [];
  const sums: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const last = ux.length - 1;
    if (last >= 0 && x[i] === ux[last]) {
      sums[last] += y[i];
      weights[last] += 1;
    } else {
      ux.push(x[i]);
      sums.push(y[i]);
      weights.push(1);
    }
  }
  // Blocks of merged points: mean value, weight and the index of the last point they cover.
  const value: number[] = [];
  const weight: number[] = [];
  const end: number[] = [];
  for (let k = 0; k < ux.length; k++) {
    let v = sums[k] / weights[k];
    let w = weights[k];
    while (value.length > 0 && value[value.length - 1] >= v) {
      const pw = weight.pop() as number;
      const pv = value.pop() as number;
      end.pop();
      v = (pv * pw + v * w) / (pw + w);
      w += pw;
    }
    value.push(v);
    weight.push(w);
    end.push(k);
  }
  const fitted = new Float64Array(ux.length);
  let start = 0;
  for (let b = 0; b < value.length; b++) {
    fitted.fill(value[b], start, end[b] + 1);
    start = end[b] + 1;
  }
  return { x: Float64Array.from(ux), y: fitted };
}

export function predictIsotonic(model: IsotonicModel, x: ArrayLike<number>): Float64Array {
  const { x: knots, y: values } = model;
  const last = knots.length - 1;
  return Float64Array.from(x, (v) => {
    if (Number.isNaN(v)) throw new Error('predictIsotonic: input is NaN');
    if (v <= knots[0]) return values[0];
    if (v >= knots[last]) return values[last];
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (knots[mid] <= v) lo = mid;
      else hi = mid;
    }
    const t = (v - knots[lo]) / (knots[hi] - knots[lo]);
    return values[lo] + t * (values[hi] - values[lo]);
  });
}
