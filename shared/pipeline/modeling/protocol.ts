/**
 * The modeling protocol over several split seeds (`npm run evaluate`): for each seed, the gold
 * table is split 60/20/20 by class, the recipe (./recipe.ts) fits a calibrated XGBoost version on
 * train and validation, and it is scored once on test beside two logistic baselines trained on
 * the same training rows. One split's test score is noise; the spread over seeds says how much.
 */
import type { Table } from 'apache-arrow';
import { averagePrecision } from '../../core/metrics/average-precision';
import { brierScore } from '../../core/metrics/classification';
import { rocAuc } from '../../core/metrics/roc';
import { fitLogisticRegression } from '../../ml/training/logistic-regression';
import { meanSd, type MeanSd } from '../../core/stats/mean-sd';
import { splitGold, splitPart } from './dataset';
import { atThreshold } from './evaluation';
import { fitStrokeModel, scoreColumns } from './recipe';
import type { TuningOptions } from './selection';

export const PROTOCOL_MODELS = [
  'XGBoost (calibrated)',
  'logistic regression (plain)',
  'logistic regression (balanced)',
] as const;
export type ProtocolModel = (typeof PROTOCOL_MODELS)[number];

export interface TestScores {
  rocAuc: number;
  averagePrecision: number;
  brier: number;
}

export interface SeedResult {
  seed: number;
  testRows: number;
  testPositives: number;
  models: Record<ProtocolModel, TestScores>;
  /** Share of test patients the XGBoost version's own threshold flags. */
  flagged: number;
  /** The logistic regression's weight in the served blend (modeling/logistic-blend.ts). */
  logisticWeight: number;
}

export type ProtocolSummary = Record<ProtocolModel, Record<keyof TestScores, MeanSd>>;

function scores(labels: Float64Array, p: Float64Array): TestScores {
  return { rocAuc: rocAuc(labels, p), averagePrecision: averagePrecision(labels, p), brier: brierScore(labels, p) };
}

export async function runSeed(gold: Table, seed: number, tuning?: TuningOptions): Promise<SeedResult> {
  const split = splitGold(gold, seed);
  const [train, validation, test] = (['train', 'validation', 'test'] as const).map((name) => splitPart(split, name));
  const fitted = await fitStrokeModel(train, validation, { seed, tuning, thresholdRule: { kind: 'best F1' } });
  const yt = test.labels;
  const p = scoreColumns(fitted, test.columns);
  // The baselines see the same preprocessed rows as the booster.
  const xTrain = fitted.preprocessor.transform(train.columns);
  const xTest = fitted.preprocessor.transform(test.columns);
  const yTrain = train.labels;
  const plain = fitLogisticRegression(xTrain, yTrain).predictProba(xTest);
  const balanced = fitLogisticRegression(xTrain, yTrain, { classWeight: 'balanced' }).predictProba(xTest);
  return {
    seed,
    testRows: yt.length,
    testPositives: yt.reduce((a, b) => a + b, 0),
    models: {
      'XGBoost (calibrated)': scores(yt, p),
      'logistic regression (plain)': scores(yt, plain),
      'logistic regression (balanced)': scores(yt, balanced),
    },
    flagged: atThreshold(yt, p, fitted.threshold).flagged,
    logisticWeight: fitted.blend.weight,
  };
}

export function summarizeSeeds(results: readonly SeedResult[]): ProtocolSummary {
  const metric = (model: ProtocolModel, key: keyof TestScores) => meanSd(results.map((r) => r.models[model][key]));
  const summary = {} as ProtocolSummary;
  for (const model of PROTOCOL_MODELS) {
    summary[model] = {
      rocAuc: metric(model, 'rocAuc'),
      averagePrecision: metric(model, 'averagePrecision'),
      brier: metric(model, 'brier'),
    };
  }
  return summary;
}

/** "1-5" or "1,3,7" (or a mix) as a sorted list of distinct integer seeds. */
export function parseSeeds(text: string): number[] {
  const seeds = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*)?$/.exec(part);
    if (!match) throw new Error(`--seeds: "${part}" is not a seed or a range like 1-5`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new Error(`--seeds: range "${part}" runs backwards`);
    if (to - from > 1000) throw new Error(`--seeds: range "${part}" has more than 1,000 seeds`);
    for (let s = from; s <= to; s++) seeds.add(s);
  }
  return [...seeds].sort((a, b) => a - b);
}

/** The table the README shows: one row per model, mean ± sd of each test metric. */
export function summaryTable(summary: ProtocolSummary, seeds: readonly number[]): string {
  const cell = (m: MeanSd, digits: number) => `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)}`;
  return [
    `| model (test, ${seeds.length} split seeds: ${seeds.join(', ')}) | ROC-AUC | AP | Brier |`,
    '|---|---|---|---|',
    ...PROTOCOL_MODELS.map((model) => {
      const s = summary[model];
      return `| ${model} | ${cell(s.rocAuc, 3)} | ${cell(s.averagePrecision, 3)} | ${cell(s.brier, 4)} |`;
    }),
  ].join('\n');
}
