/**
 * The drift verdict in pictures (notebook 04): a numeric feature's baseline and both traffic
 * windows as overlaid densities, and a categorical feature's share of patients per category in
 * each. The samples are the drift report's own (./traffic.ts featureSample).
 */
import { barChart, histogramWithKde } from '../../core/viz/figures';
import type { PlotlyFigure } from '../../core/viz/plotly-types';
import type { FeatureSample } from './drift-report';

/** The baseline (gold) and the two windows of traffic, as feature samples. */
export interface WindowSamples {
  baseline: FeatureSample;
  clean: FeatureSample;
  drifted: FeatureSample;
}

function column<T>(values: T | undefined, feature: string, sample: string): T {
  if (values === undefined) throw new Error(`drift charts: the ${sample} sample has no feature "${feature}"`);
  return values;
}

/** Densities (histogram and KDE) of one numeric feature in the baseline and both windows. */
export function windowHistogram(feature: string, samples: WindowSamples): PlotlyFigure {
  const values = (name: keyof WindowSamples) => column(samples[name].numeric[feature], feature, name);
  return histogramWithKde({
    title: `${feature}: baseline and the two windows`,
    xTitle: feature,
    yTitle: 'density',
    series: [
      { name: 'baseline (gold)', values: values('baseline') },
      { name: 'clean window', values: values('clean') },
      { name: 'drifted window', values: values('drifted') },
    ],
  });
}

/** Share of patients in each of `categories` of one categorical feature, baseline and both windows side by side. */
export function categoryShareChart(
  feature: string,
  categories: readonly string[],
  samples: WindowSamples,
): PlotlyFigure {
  const shares = (name: keyof WindowSamples) => {
    const values = Array.from(column(samples[name].categorical[feature], feature, name));
    return categories.map((c) => values.filter((v) => v === c).length / values.length);
  };
  return barChart({
    title: `${feature} share`,
    categories: [...categories],
    yTitle: 'share of patients',
    series: [
      { name: 'baseline', values: shares('baseline') },
      { name: 'clean window', values: shares('clean') },
      { name: 'drifted window', values: shares('drifted') },
    ],
  });
}
