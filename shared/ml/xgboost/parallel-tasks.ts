/**
 * Worker side of parallel scoring and TreeSHAP (parallel-predict.ts): each task computes one
 * range of rows of a shared feature matrix into the same range of a shared output, with the
 * same code as the sequential functions, so the results are bit-identical.
 */
import type { TaskOutcome } from '../../core/parallel/pool-protocol';
import { openSharedEnsemble, SharedEnsemble } from './shared-ensemble';
import { marginsToProbabilities, writeMargins } from './tree-ensemble';
import { writeShapRows } from '../shap/tree-shap';

export interface RowRangeTask {
  ensemble: SharedEnsemble;
  /** All rows' features, row-major float32. */
  features: SharedArrayBuffer;
  cols: number;
  rowBegin: number;
  rowEnd: number;
  /** All rows' results, float64, `width` per row; the task writes its own rows only. */
  output: SharedArrayBuffer;
}

export interface ScoreTask extends RowRangeTask {
  treeCount: number;
  probabilities: boolean;
}

function rangeViews(task: RowRangeTask, width: number): { x: Float32Array; out: Float64Array; rows: number } {
  const rows = task.rowEnd - task.rowBegin;
  return {
    rows,
    x: new Float32Array(task.features, task.rowBegin * task.cols * Float32Array.BYTES_PER_ELEMENT, rows * task.cols),
    out: new Float64Array(task.output, task.rowBegin * width * Float64Array.BYTES_PER_ELEMENT, rows * width),
  };
}

export function scoreRowRange(task: ScoreTask): TaskOutcome<null> {
  const ensemble = openSharedEnsemble(task.ensemble);
  const { x, out, rows } = rangeViews(task, 1);
  writeMargins(ensemble, x, rows, task.cols, task.treeCount, out);
  if (task.probabilities) marginsToProbabilities(out);
  return { value: null };
}

export function shapRowRange(task: RowRangeTask): TaskOutcome<null> {
  const ensemble = openSharedEnsemble(task.ensemble);
  const { x, out, rows } = rangeViews(task, task.cols + 1);
  writeShapRows(ensemble, x, rows, task.cols, out);
  return { value: null };
}
