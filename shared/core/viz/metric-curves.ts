/**
 * The standard charts of a binary classifier's scores: ROC and precision-recall curves with one
 * line per scored set (a split, a model), F1 against the threshold with the chosen threshold
 * marked, and the reliability diagram (observed rate against mean predicted risk per bin).
 */
import { precisionRecallCurve } from '../metrics/average-precision';
import type { CalibrationCurve } from '../metrics/calibration';
import type { DecisionCurve } from '../metrics/decision-curve';
import { rocCurve } from '../metrics/roc';
import type { F1Sweep } from '../metrics/threshold-selection';
import { lineChart } from './figures';
import type { PlotlyFigure } from './plotly-types';

/** 0/1 labels and the scores of one named set of rows. */
export interface ScoredSet {
  name: string;
  labels: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/** True against false positive rate, one line per set. */
export function rocChart(sets: readonly ScoredSet[]): PlotlyFigure {
  return lineChart({
    title: 'ROC',
    xTitle: 'false positive rate',
    yTitle: 'true positive rate',
    series: sets.map(({ name, labels, scores }) => {
      const curve = rocCurve(labels, scores);
      return { name: name, x: Array.from(curve.falsePositiveRate), y: Array.from(curve.truePositiveRate) };
    }),
  });
}

/** Precision against recall, one line per set. */
export function precisionRecallChart(sets: readonly ScoredSet[]): PlotlyFigure {
  return lineChart({
    title: 'Precision-recall',
    xTitle: 'recall',
    yTitle: 'precision',
    series: sets.map(({ name, labels, scores }) => {
      const curve = precisionRecallCurve(labels, scores);
      return { name: name, x: Array.from(curve.recall), y: Array.from(curve.precision) };
    }),
  });
}

/** F1 at every threshold of `sweep`, with `chosen` (one of its thresholds) marked. */
export function f1ThresholdChart(sweep: F1Sweep, chosen: number, title: string): PlotlyFigure {
  const index = sweep.thresholds.indexOf(chosen);
  if (index < 0) throw new Error(`f1ThresholdChart: the chosen threshold ${chosen} is not one of the sweep's`);
  return lineChart({
    title: title,
    xTitle: 'threshold',
    yTitle: 'F1',
    series: [
      { name: 'F1', x: Array.from(sweep.thresholds), y: Array.from(sweep.f1) },
      { name: 'chosen', x: [chosen], y: [sweep.f1[index]] },
    ],
  });
}

/**
 * Observed positive rate against mean predicted probability, one line per curve with each bin's
 * size as its hover text, and the diagonal of perfect calibration up to `diagonalTo` (default 0.5).
 */
export function reliabilityChart(
  curves: readonly { name: string; curve: CalibrationCurve }[],
  options: { title: string; yTitle?: string; diagonalTo?: number },
): PlotlyFigure {
  const diagonalTo = options.diagonalTo ?? 0.5;
  return lineChart({
    title: options.title,
    xTitle: 'mean predicted risk',
    yTitle: options.yTitle ?? 'observed positive rate',
    markers: true,
    series: [
      ...curves.map(({ name, curve }) => ({
        name: name,
        x: Array.from(curve.meanPredicted),
        y: Array.from(curve.fractionPositive),
        text: Array.from(curve.binCounts, (k) => `${k} patients`),
      })),
      { name: 'perfect', x: [0, diagonalTo], y: [0, diagonalTo] },
    ],
  });
}

/** Net benefit of the model, of treating everyone and of treating no one, against the threshold in percent. */
export function decisionCurveChart(curve: DecisionCurve, title: string): PlotlyFigure {
  const percent = Array.from(curve.thresholds, (p) => 100 * p);
  const ends = [percent[0], percent[percent.length - 1]];
  return lineChart({
    title: title,
    xTitle: 'threshold probability (%)',
    yTitle: 'net benefit per patient',
    series: [
      { name: 'model', x: percent, y: Array.from(curve.model) },
      { name: 'treat all', x: percent, y: Array.from(curve.treatAll) },
      { name: 'treat none', x: ends, y: [0, 0] },
    ],
  });
}
