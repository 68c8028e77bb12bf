/**
 * What finished SageMaker-shaped jobs report, as rows a notebook shows: the training job with
 * the channels it read, the tuning job's best trial, and the batch transform's scores. The
 * requests themselves are summarized in request-summary.ts.
 */
import type { AwsBatchTransformResult } from './aws-batch-transform';
import type { ChannelSplit, WrittenChannel } from './channels';
import type { TrainingJobResult } from './training-job';
import type { TuningJobResult } from './tuning';

export interface TrainingJobRow {
  job: string;
  backend: string;
  artifact: string;
  'validation:aucpr': number | '';
}

/** The job (its backend, model.tar.gz and validation:aucpr), then one row per written channel (rows × cols). */
export function trainingJobRows(
  result: TrainingJobResult,
  written: Partial<Record<ChannelSplit, WrittenChannel>>,
): TrainingJobRow[] {
  return [
    {
      job: result.jobName,
      backend: result.backend,
      artifact: result.modelArtifact,
      'validation:aucpr': result.metrics['validation:aucpr'] ?? '',
    },
    ...Object.entries(written).map(([split, channel]) => ({
      job: `channel ${split}`,
      backend: `${channel.rows} × ${channel.cols}`,
      artifact: channel.csv.uri,
      'validation:aucpr': '' as const,
    })),
  ];
}

/** The tuning job's best trial beside the local search's best value, its tuned settings and its job counts. */
export function tuningResultRow(tuned: TuningJobResult, localBest: number): Record<string, string | number> {
  return {
    'tuning job': tuned.tuningJobName,
    'best job': tuned.best.jobName,
    'validation:aucpr': tuned.bestObjectiveValue,
    'local search best': localBest,
    ...tuned.bestHyperparameters,
    ...tuned.trainingJobCounts,
  };
}

/** A batch transform's output and row count, the largest score gap the caller measured, and how its model was cleaned up. */
export function batchTransformRow(
  result: AwsBatchTransformResult,
  maxDifference: number,
): Record<string, string | number> {
  return {
    job: result.jobName,
    output: result.outputUri,
    rows: result.scores.length,
    'max |difference| vs local': maxDifference,
    'model cleanup': result.modelCleanup.map((c) => `${c.kind}: ${c.outcome}`).join(', '),
  };
}
