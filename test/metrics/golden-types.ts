/** Shape of test/fixtures/metrics/metrics_golden.json (see scripts/fixtures/make_metrics_golden.py). */
export interface MetricsCase {
  name: string;
  labels: number[];
  scores: number[];
  average_precision: number;
  pr_curve: { precision: number[]; recall: number[]; thresholds: number[] };
  roc_auc: number;
  roc_curve: { fpr: number[]; tpr: number[]; thresholds_after_first: number[]; sklearn_first_threshold: number };
  brier: number;
  calibration: Array<{ strategy: 'uniform' | 'quantile'; bins: number; prob_true: number[]; prob_pred: number[] }>;
  at_threshold: Array<{
    threshold: number;
    tp: number;
    fp: number;
    tn: number;
    fn: number;
    precision: number;
    recall: number;
    f1: number;
    accuracy: number;
    specificity: number;
  }>;
  f1_sweep: { thresholds: number[]; precision: number[]; recall: number[]; f1: number[] };
  best_f1: { threshold: number; f1: number };
  cost_optimal: Array<{
    cost_fn: number;
    cost_fp: number;
    threshold: number | 'Infinity';
    total_cost: number;
    fn: number;
    fp: number;
  }>;
}

export interface MetricsGolden {
  versions: Record<string, string>;
  cases: MetricsCase[];
}
