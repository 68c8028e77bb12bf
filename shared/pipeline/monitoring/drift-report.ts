/**
 * A drift verdict for a window of traffic against the training baseline, feature by feature.
 * Rules (the same thresholds the README documents):
 *  - numeric feature drifted when PSI over 10 baseline-quantile bins is >= 0.25 (major), or
 *    when the L-infinity distance between the binned distributions exceeds 0.1;
 *  - categorical feature drifted when Model Monitor's L-infinity distance exceeds 0.1;
 *  - the window drifted when at least `datasetShare` (default 25%) of the features drifted.
 * KS and chi-square p-values are reported for context, not used for the verdict: with thousands
 * of rows they flag differences too small to matter.
 */
import { chiSquareCategorical, jensenShannonDistance, ksTwoSample, linfDistance, psi, PSI_MAJOR } from './drift-stats';
import { LINF_DEFAULT_THRESHOLD, type CategoryCounts } from './drift-categorical';

export interface FeatureSample {
  numeric: Record<string, ArrayLike<number>>;
  categorical: Record<string, ArrayLike<string>>;
}

export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  psi: number | null;
  linf: number;
  jensenShannon: number;
  /** KS for numeric features, chi-square for categorical ones. */
  test: { name: 'ks' | 'chi-square'; statistic: number; pValue: number };
  drifted: boolean;
  reason: string;
}

export interface DriftReport {
  baselineRows: number;
  currentRows: number;
  features: FeatureDrift[];
  driftedFeatures: string[];
  driftedShare: number;
  datasetDrift: boolean;
  thresholds: { psi: number; linf: number; datasetShare: number };
}

function counts(values: ArrayLike<string>): CategoryCounts {
  const result: CategoryCounts = new Map();
  for (let i = 0; i < values.length; i++) result.set(values[i], (result.get(values[i]) ?? 0) + 1);
  return result;
}

function sampleSize(sample: FeatureSample): number {
  const first = [...Object.values(sample.numeric), ...Object.values(sample.categorical)][0];
  return first ? first.length : 0;
}

function numericDrift(feature: string, baseline: ArrayLike<number>, current: ArrayLike<number>): FeatureDrift {
  const p = psi(baseline, current, { bins: 10 });
  const base = p.bins.map((b) => b.baselineProportion);
  const cur = p.bins.map((b) => b.currentProportion);
  const linf = linfDistance(base, cur);
  const ks = ksTwoSample(baseline, current);
  const drifted = p.value >= PSI_MAJOR || linf > LINF_DEFAULT_THRESHOLD;
  const reason = drifted
    ? p.value >= PSI_MAJOR
      ? `PSI ${p.value.toFixed(3)} >= ${PSI_MAJOR}`
      : `L∞ ${linf.toFixed(3)} > ${LINF_DEFAULT_THRESHOLD}`
    : '';
  return {
    feature,
    kind: 'numeric',
    psi: p.value,
    linf,
    jensenShannon: jensenShannonDistance(base, cur),
    test: { name: 'ks', statistic: ks.statistic, pValue: ks.pValue },
    drifted,
    reason,
  };
}

function categoricalDrift(feature: string, baseline: ArrayLike<string>, current: ArrayLike<string>): FeatureDrift {
  const b = counts(baseline);
  const c = counts(current);
  const linf = linfDistance(b, c);
  const chi = chiSquareCategorical(b, c);
  const drifted = linf > LINF_DEFAULT_THRESHOLD;
  return {
    feature,
    kind: 'categorical',
    psi: null,
    linf,
    jensenShannon: jensenShannonDistance(b, c),
    test: { name: 'chi-square', statistic: chi.statistic, pValue: chi.pValue },
    drifted,
    reason: drifted ? `L∞ ${linf.toFixed(3)} > ${LINF_DEFAULT_THRESHOLD}` : '',
  };
}

export function driftReport(
  baseline: FeatureSample,
  current: FeatureSample,
  options: { datasetShare?: number } = {},
): DriftReport {
  const datasetShare = options.datasetShare ?? 0.25;
  const features: FeatureDrift[] = [];
  for (const [name, values] of Object.entries(baseline.numeric)) {
    const now = current.numeric[name];
    if (!now) throw new Error(`driftReport: the current window has no numeric feature "${name}"`);
    features.push(numericDrift(name, values, now));
  }
  for (const [name, values] of Object.entries(baseline.categorical)) {
    const now = current.categorical[name];
    if (!now) throw new Error(`driftReport: the current window has no categorical feature "${name}"`);
    features.push(categoricalDrift(name, values, now));
  }
  const driftedFeatures = features.filter((f) => f.drifted).map((f) => f.feature);
  const driftedShare = features.length === 0 ? 0 : driftedFeatures.length / features.length;
  return {
    baselineRows: sampleSize(baseline),
    currentRows: sampleSize(current),
    features,
    driftedFeatures,
    driftedShare,
    datasetDrift: driftedShare >= datasetShare,
    thresholds: { psi: PSI_MAJOR, linf: LINF_DEFAULT_THRESHOLD, datasetShare },
  };
}

/** The report as table rows, one per feature: its distances, its test, and whether (and why) it drifted. */
export function driftRows(report: DriftReport): Array<{
  feature: string;
  PSI: number | null;
  'L∞': number;
  'Jensen-Shannon': number;
  test: 'ks' | 'chi-square';
  'p-value': number;
  drifted: string;
}> {
  return report.features.map((f) => ({
    feature: f.feature,
    PSI: f.psi,
    'L∞': f.linf,
    'Jensen-Shannon': f.jensenShannon,
    test: f.test.name,
    'p-value': f.test.pValue,
    drifted: f.drifted ? `yes: ${f.reason}` : 'no',
  }));
}

/** The window's verdict in a few words, e.g. `DRIFT (3 of 10 features)`. */
export function driftVerdict(report: DriftReport): string {
  return `${report.datasetDrift ? 'DRIFT' : 'no drift'} (${report.driftedFeatures.length} of ${report.features.length} features)`;
}
