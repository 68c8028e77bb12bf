/**
 * The two nbconvert command lines of the runner: execute a notebook on the project's kernel under
 * the judging hook (scripts/nbconvert/execute_config.py), and export an executed one to HTML. The
 * tests that drive nbconvert build theirs here too, so they run what the runner runs.
 */
import * as path from 'node:path';
import { paths } from '../../shared/core/project/paths';
import { HTML_EXPORT_CONFIG } from '../../shared/core/viz/plotly';
import { KERNEL_NAME } from './kernelspec';

export const EXECUTE_CONFIG = path.join(paths.root, 'scripts', 'nbconvert', 'execute_config.py');

export interface ExecuteArgs {
  timeoutSeconds: number;
  /** The executed notebook's file name. */
  output: string;
  outputDir?: string;
}

/** `nbconvert --execute` of `notebook`, each cell judged by the hook (progress to $STROKE_NB_PROGRESS). */
export function executeNotebookArgs(notebook: string, options: ExecuteArgs): string[] {
  return [
    'nbconvert',
    '--config',
    EXECUTE_CONFIG,
    '--to',
    'notebook',
    '--execute',
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    `--ExecutePreprocessor.timeout=${Math.ceil(options.timeoutSeconds)}`,
    ...(options.outputDir === undefined ? [] : ['--output-dir', options.outputDir]),
    '--output',
    options.output,
    notebook,
  ];
}

export interface HtmlArgs {
  outputDir?: string;
  output?: string;
  /** Further `--Class.trait=value` settings. */
  settings?: string[];
}

/** `nbconvert --to html` of an executed notebook, with the project's export configuration. */
export function htmlExportArgs(notebook: string, options: HtmlArgs = {}): string[] {
  return [
    'nbconvert',
    '--config',
    HTML_EXPORT_CONFIG,
    '--to',
    'html',
    ...(options.settings ?? []),
    ...(options.outputDir === undefined ? [] : ['--output-dir', options.outputDir]),
    ...(options.output === undefined ? [] : ['--output', options.output]),
    notebook,
  ];
}
