/**
 * Box-constrained quasi-Newton minimisation: L-BFGS directions, variables at a bound whose
 * gradient points outward are frozen, and an Armijo backtracking search along the projected
 * path. A simplified L-BFGS-B (no generalized Cauchy point), adequate for the handful of GP
 * hyperparameters optimised in log space.
 */

export interface ValueAndGradient {
  value: number;
  gradient: Float64Array;
}

export interface BoundedMinimizeOptions {
  maxIterations?: number;
  /** Number of (s, y) correction pairs kept. */
  memory?: number;
  /** Stop when every projected-gradient component is below this. */
  gradientTolerance?: number;
  /** Stop when an accepted step improves the value by less than this, relative to max(|f|, 1). */
  valueTolerance?: number;
}

export interface BoundedMinimizeResult {
  point: Float64Array;
  value: number;
  iterations: number;
}

/**
 * Minimises `objective` over lower ≤ x ≤ upper from `start` (clipped into the box). The objective
 * may throw or return a non-finite value at points it cannot evaluate; those count as +∞.
 */
export function minimizeBounded(
  objective: (x: Float64Array) => ValueAndGradient,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: BoundedMinimizeOptions = {},
): BoundedMinimizeResult {
  const maxIterations = options.maxIterations ?? 200;
  const memory = options.memory ?? 8;
  const gradientTolerance = options.gradientTolerance ?? 1e-7;
  const valueTolerance = options.valueTolerance ?? 1e-12;
  const n = start.length;
  if (lower.length !== n || upper.length !== n) {
    throw new Error(`minimizeBounded: start has ${n} entries but bounds have ${lower.length} and ${upper.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(lower[i] <= upper[i])) throw new Error(`minimizeBounded: bound ${i} is empty (${lower[i]} > ${upper[i]})`);
  }
  const clip = (x: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
    return x;
  };
  let x = clip(Float64Array.from(start));
  let current = evaluate(objective, x);
  if (!Number.isFinite(current.value)) {
    throw new Error(`minimizeBounded: objective is not finite at the start point [${Array.from(x).join(', ')}]`);
  }
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    const free = new Uint8Array(n);
    let projectedNorm = 0;
    for (let i = 0; i < n; i++) {
      const pinned = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
      free[i] = pinned ? 0 : 1;
      if (!pinned) projectedNorm = Math.max(projectedNorm, Math.abs(g[i]));
    }
    if (projectedNorm < gradientTolerance) break;

    let direction = lbfgsDirection(g, steps, gradientChanges);
    for (let i = 0; i < n; i++) if (!free[i]) direction[i] = 0;
    if (dot(direction, g) >= 0) {
      steps.length = 0;
      gradientChanges.length = 0;
      direction = new Float64Array(n);
      for (let i = 0; i < n; i++) direction[i] = free[i] ? -g[i] : 0;
    }
    // Without curvature information the gradient's scale is arbitrary: cap the first move at 1 in log space.
    let stepLength = steps.length === 0 ? Math.min(1, 1 / maxAbs(direction)) : 1;
    let accepted: { x: Float64Array; result: ValueAndGradient } | undefined;
    for (let attempt = 0; attempt < 50 && !accepted; attempt++, stepLength *= 0.5) {
      const candidate = new Float64Array(n);
      for (let i = 0; i < n; i++) candidate[i] = x[i] + stepLength * direction[i];
      clip(candidate);
      let predictedDecrease = 0;
      for (let i = 0; i < n; i++) predictedDecrease += g[i] * (candidate[i] - x[i]);
      if (predictedDecrease >= 0) continue;
      const result = evaluate(objective, candidate);
      if (Number.isFinite(result.value) && result.value <= current.value + 1e-4 * predictedDecrease) {
        accepted = { x: candidate, result };
      }
    }
    if (!accepted) {
      if (steps.length === 0) break;
      steps.length = 0;
      gradientChanges.length = 0;
      continue;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = accepted.x[i] - x[i];
      y[i] = accepted.result.gradient[i] - g[i];
    }
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      steps.push(s);
      gradientChanges.push(y);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
      }
    }
    const improvement = current.value - accepted.result.value;
    x = accepted.x;
    current = accepted.result;
    if (improvement <= valueTolerance * Math.max(1, Math.abs(current.value))) break;
  }
  return { point: x, value: current.value, iterations };
}

function evaluate(objective: (x: Float64Array) => ValueAndGradient, x: Float64Array): ValueAndGradient {
  try {
    const result = objective(Float64Array.from(x));
    for (let i = 0; i < result.gradient.length; i++) {
      if (!Number.isFinite(result.gradient[i])) return { value: Infinity, gradient: result.gradient };
    }
    return result;
  } catch {
    // Points where the objective cannot be evaluated (e.g. a kernel matrix that will not factor) are infeasible.
    return { value: Infinity, gradient: new Float64Array(x.length) };
  }
}

/** Two-loop recursion: −H·g with H the L-BFGS inverse-Hessian approximation. */
function lbfgsDirection(gradient: Float64Array, steps: Float64Array[], gradientChanges: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const m = steps.length;
  const alphas = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    const rho = 1 / dot(gradientChanges[k], steps[k]);
    alphas[k] = rho * dot(steps[k], q);
    for (let i = 0; i < q.length; i++) q[i] -= alphas[k] * gradientChanges[k][i];
  }
  if (m > 0) {
    const gamma = dot(steps[m - 1], gradientChanges[m - 1]) / dot(gradientChanges[m - 1], gradientChanges[m - 1]);
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
  }
  for (let k = 0; k < m; k++) {
    const rho = 1 / dot(gradientChanges[k], steps[k]);
    const beta = rho * dot(gradientChanges[k], q);
    for (let i = 0; i < q.length; i++) q[i] += (alphas[k] - beta) * steps[k][i];
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max || 1;
}
