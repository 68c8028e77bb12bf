/**
 * The proof that charts work offline end to end: a throwaway notebook on the project kernel
 * shows three charts, nbconvert executes it and exports HTML, and headless Chromium with the
 * network off must find three drawn plotly charts in that HTML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findJupyter } from '../../scripts/lib/jupyter';
import { installKernelSpec, jupyterEnv, KERNEL_NAME } from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';
import type { Notebook, NotebookCell } from '../../scripts/lib/notebook-file';
import { PLOTLY_MIME } from '../../shared/core/viz/plotly';
import { executeNotebookArgs, htmlExportArgs } from '../../scripts/lib/nbconvert-args';
import { jupyterSkipReason } from '../integration/jupyter';
import { assertChartsRendered, browserSkipReason } from './browser';

const CDN_REQUIRE_JS = 'https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js';
const CDN_MATHJAX = 'https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe';
const SCREENSHOT = path.join(paths.reports, 'screenshots', 'viz-browser-test.png');

function codeCell(source: string): NotebookCell {
  return { cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null };
}

const CELLS = [
  `import { showFigure } from './shared/core/viz/plotly';
import { barChart, heatmap, histogramWithKde } from './shared/core/viz/figures';
import { Random } from './shared/core/util/random';`,
  `showFigure(barChart({ title: 'Patients by work type', categories: ['Private', 'Self-employed', 'Govt_job', 'children'], series: [{ name: 'patients', values: [2925, 819, 657, 687] }], valueFormat: ',d' }));`,
  `const random = new Random(11);
const ages = Array.from({ length: 400 }, () => random.normal(45, 18));
const strokeAges = Array.from({ length: 60 }, () => random.normal(68, 10));
showFigure(histogramWithKde({ title: 'Age by outcome', xTitle: 'age', series: [{ name: 'no stroke', values: ages }, { name: 'stroke', values: strokeAges }] }));`,
  `showFigure(heatmap({ title: 'Correlation', x: ['age', 'glucose', 'bmi'], y: ['age', 'glucose', 'bmi'], z: [[1, 0.24, 0.33], [0.24, 1, 0.17], [0.33, 0.17, 1]], zmin: -1, zmax: 1 }));`,
];

function notebook(): Notebook {
  return {
    cells: CELLS.map(codeCell),
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: 'TypeScript (stroke pipeline)', language: 'typescript' },
      language_info: { name: 'typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, {
    cwd,
    env: jupyterEnv(),
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
  );
}

const skip = jupyterSkipReason() || browserSkipReason();

test(
  'three charts from a tslab notebook render in offline Chromium from nbconvert HTML',
  { skip, timeout: 420_000 },
  async () => {
    const jupyter = findJupyter().command;
    installKernelSpec(paths.jupyterData);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-notebook-'));
    try {
      fs.writeFileSync(path.join(dir, 'charts.ipynb'), JSON.stringify(notebook(), null, 1));
      run(jupyter, executeNotebookArgs('charts.ipynb', { timeoutSeconds: 180, output: 'executed.ipynb' }), dir);

      const executed = JSON.parse(fs.readFileSync(path.join(dir, 'executed.ipynb'), 'utf8')) as Notebook;
      const displays = executed.cells
        .flatMap((cell) => cell.outputs ?? [])
        .filter((output) => output.output_type === 'display_data');
      assert.equal(
        displays.length,
        3,
        `expected 3 chart outputs, got ${JSON.stringify(executed.cells.map((c) => c.outputs))}`.slice(0, 2000),
      );
      const htmlOf = (i: number) => {
        const html = displays[i].data?.['text/html'];
        return Array.isArray(html) ? html.join('') : String(html);
      };
      for (const [i, output] of displays.entries()) {
        assert.ok(output.data?.[PLOTLY_MIME], `chart ${i + 1} lacks ${PLOTLY_MIME}`);
        assert.match(String(output.data?.['text/plain']), /^Plotly chart "[^"]+" .*trust the notebook/);
      }
      // The library (~2 MB packed) travels once: in the first chart only.
      const library = 'new DecompressionStream("gzip")';
      assert.ok(htmlOf(0).includes(library), 'the first chart must embed plotly.js');
      assert.ok(
        !htmlOf(1).includes(library) && !htmlOf(2).includes(library),
        'later charts must not embed plotly.js again',
      );

      // Upstream nbconvert's template loads require.js and MathJax from a CDN (Debian's points at
      // local files): use the CDN addresses so the offline browser really has to refuse them.
      run(
        jupyter,
        htmlExportArgs('executed.ipynb', {
          output: 'executed.html',
          settings: [`--HTMLExporter.require_js_url=${CDN_REQUIRE_JS}`, `--HTMLExporter.mathjax_url=${CDN_MATHJAX}`],
        }),
        dir,
      );
      for (const file of ['executed.ipynb', 'executed.html']) {
        const size = fs.statSync(path.join(dir, file)).size;
        assert.ok(
          size <= 4 * 1024 * 1024,
          `${file} of three small charts is ${(size / 1e6).toFixed(1)} MB, over 4 MB: plotly.js must go in minified and packed, each figure once`,
        );
      }
      const report = await assertChartsRendered(path.join(dir, 'executed.html'), 3, { screenshotPath: SCREENSHOT });
      assert.deepEqual(
        report.charts.map((c) => [...new Set(c.traceTypes)]),
        [['bar'], ['histogram', 'scatter'], ['heatmap']],
      );
      assert.ok(fs.statSync(SCREENSHOT).size > 10_000, 'screenshot is suspiciously small');
      assert.ok(
        report.blockedRequests.some((url) => url.startsWith(CDN_REQUIRE_JS)),
        `the page's CDN request for require.js was not seen/blocked: ${report.blockedRequests.join(', ')}`,
      );
      console.log(
        `charts drawn: ${JSON.stringify(report.charts.map(({ id: _id, waitingText: _waitingText, ...counts }) => counts))}`,
      );
      console.log(
        `blocked ${report.blockedRequests.length} network request(s): ${report.blockedRequests.join(', ') || 'none'}`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
