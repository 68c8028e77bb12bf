/**
 * Decision-curve analysis (Vickers & Elkin 2006). Treating everyone whose risk is at least the
 * threshold probability pt has net benefit TP/n − FP/n · pt/(1 − pt): true positives gained minus
 * false positives, weighed by the odds at which a clinician is indifferent. Treat-all has net
 * benefit prevalence − (1 − prevalence) · pt/(1 − pt); treat-none has 0.
 */
import { checkProbabilityInputs } from './validate';

export interface DecisionCurve {
  thresholds: Float64Array;
  model: Float64Array;
  treatAll: Float64Array;
}

export function decisionCurve(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): DecisionCurve {
  const { positives } = checkProbabilityInputs(labels, probabilities, 'decisionCurve');
  const n = labels.length;
  const prevalence = positives / n;
  const model = new Float64Array(thresholds.length);
  const treatAll = new Float64Array(thresholds.length);
  for (let k = 0; k < thresholds.length; k++) {
    const pt = thresholds[k];
    if (!(pt > 0 && pt < 1)) throw new Error(`decisionCurve: threshold ${k} is ${pt}; expected (0, 1)`);
    const odds = pt / (1 - pt);
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      if (probabilities[i] >= pt) {
        if (labels[i] === 1) tp++;
        else fp++;
      }
    }
    model[k] = tp / n - (fp / n) * odds;
    treatAll[k] = prevalence - (1 - prevalence) * odds;
  }
  return { thresholds: Float64Array.from(thresholds), model, treatAll };
}

/** Thresholds where the model beats both treat-all and treat-none, as [from, to] runs. */
export function usefulRanges(curve: DecisionCurve, margin = 0): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let k = 0; k <= curve.thresholds.length; k++) {
    const useful = k < curve.thresholds.length && curve.model[k] > Math.max(curve.treatAll[k], 0) + margin;
    if (useful && start < 0) start = k;
    if (!useful && start >= 0) {
      ranges.push([curve.thresholds[start], curve.thresholds[k - 1]]);
      start = -1;
    }
  }
  return ranges;
}

/**
 * In words, where the model is worth using: "adds net benefit at thresholds 3–12%, 15–18%", or that
 * no threshold of the curve's range is.
 */
export function describeUsefulness(curve: DecisionCurve, margin = 0): string {
  const percent = (p: number) => (100 * p).toFixed(0);
  const ranges = usefulRanges(curve, margin);
  if (ranges.length === 0) {
    const first = curve.thresholds[0];
    const last = curve.thresholds[curve.thresholds.length - 1];
    return `no threshold between ${percent(first)}% and ${percent(last)}% where the model beats treat-all and treat-none`;
  }
  return `adds net benefit at thresholds ${ranges.map(([a, b]) => `${percent(a)}–${percent(b)}%`).join(', ')}`;
}
