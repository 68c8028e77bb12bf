/**
 * Model performance on a window once its ground truth arrives: AUC-PR and recall at the
 * deployed threshold, against the values the model was accepted with. An alert fires when either
 * falls below its baseline by more than the tolerance.
 */
import { averagePrecision } from '../../core/metrics/average-precision';
import { confusionAt, recall } from '../../core/metrics/classification';

export interface PerformanceBaseline {
  aucpr: number;
  recall: number;
}

export interface PerformanceCheck {
  rows: number;
  positives: number;
  aucpr: number;
  recall: number;
  alert: boolean;
  reasons: string[];
}

export function checkPerformance(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  baseline: PerformanceBaseline,
  tolerance: number,
): PerformanceCheck {
  if (!(tolerance >= 0)) throw new Error(`checkPerformance: tolerance must be >= 0, got ${tolerance}`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  if (positives === 0)
    throw new Error('checkPerformance: the window has no positive label; AUC-PR and recall are undefined');
  const aucpr = averagePrecision(labels, scores);
  const windowRecall = recall(confusionAt(labels, scores, threshold));
  const reasons: string[] = [];
  if (aucpr < baseline.aucpr - tolerance)
    reasons.push(`AUC-PR ${aucpr.toFixed(3)} < baseline ${baseline.aucpr.toFixed(3)} - ${tolerance}`);
  if (windowRecall < baseline.recall - tolerance)
    reasons.push(`recall ${windowRecall.toFixed(3)} < baseline ${baseline.recall.toFixed(3)} - ${tolerance}`);
  return { rows: labels.length, positives, aucpr, recall: windowRecall, alert: reasons.length > 0, reasons };
}

/**
 * The performance table: first what the model was accepted with, then one row per window with its
 * rows, strokes, metrics and the alert's reasons ('no' when none).
 */
export function performanceRows(
  accepted: PerformanceBaseline,
  windows: Readonly<Record<string, PerformanceCheck>>,
): Array<{
  window: string;
  rows: number | '';
  strokes: number | '';
  'AUC-PR': number;
  recall: number;
  alert: string;
}> {
  return [
    {
      window: 'accepted with (test)',
      rows: '',
      strokes: '',
      'AUC-PR': accepted.aucpr,
      recall: accepted.recall,
      alert: '',
    },
    ...Object.entries(windows).map(([window, c]) => ({
      window,
      rows: c.rows,
      strokes: c.positives,
      'AUC-PR': c.aucpr,
      recall: c.recall,
      alert: c.alert ? c.reasons.join('; ') : 'no',
    })),
  ];
}
