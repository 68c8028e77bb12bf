/**
 * Executes every notebook headlessly through the runner (npm run pipeline), on each shipped
 * variant of the data, and checks that each notebook ran every cell and produced its outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNotebook } from '../../shared/project/notebook-file';
import { paths } from '../../shared/project/paths';
import { jupyterSkipReason } from './jupyter';
import { assertChartsRendered, browserSkipReason } from '../viz/browser';
import { PLOTLY_MIME } from '../../shared/viz/plotly';
import { loadConfig } from '../../shared/config';
import { openSession } from '../../shared/pipeline/session';
import { stopLocalS3 } from '../../shared/s3/local-server';
import { NeedleSet, piiValuesOf, scanBuckets, scanFiles } from './pii-scan';
import { readGold } from '../../shared/lake/gold';
import { readDeltaTable } from '../../shared/lake/delta';
import { diffTables } from '../../shared/lake/compare-tables';
import type { Table } from 'apache-arrow';

const NOTEBOOKS = ['01_data_engineering', '02_exploratory_data_analysis', '03_modeling', '04_deployment_and_monitoring'];

/** Credential values the runs see in their environment; none may reach an output or a log. */
const SENTINEL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIASENTINEL7TESTKEY', AWS_SECRET_ACCESS_KEY: 'sentinel/secret+value-9f3a1c' };

function runPipeline(input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(paths.root, 'scripts', 'run-notebooks.ts'), '--input', input], {
    encoding: 'utf8',
    cwd: paths.root,
    timeout: 30 * 60_000,
    env: { ...process.env, ...SENTINEL_CREDENTIALS },
  });
}

function assertExecutedCompletely(name: string): void {
  const executed = path.join(paths.reports, 'notebooks', `${name}.ipynb`);
  const notebook = parseNotebook(fs.readFileSync(executed, 'utf8'), executed);
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    assert.equal(typeof cell.execution_count, 'number', `${name} cell ${index + 1} has no execution count`);
    assert.equal((cell.metadata.pipeline as { status?: string } | undefined)?.status, 'ok', `${name} cell ${index + 1}`);
  });
  assert.ok(fs.statSync(path.join(paths.reports, 'html', `${name}.html`)).size > 10_000, `${name}.html written`);
}

function chartOutputs(name: string): number {
  const executed = path.join(paths.reports, 'notebooks', `${name}.ipynb`);
  const notebook = parseNotebook(fs.readFileSync(executed, 'utf8'), executed);
  return notebook.cells.reduce((sum, cell) => sum + (cell.outputs ?? []).filter((o) => o.data?.[PLOTLY_MIME] !== undefined).length, 0);
}

for (const variant of ['stroke-pii-sample.csv', 'stroke-original-sample.csv']) {
  const input = path.join(paths.data, variant);
  const skip = jupyterSkipReason() || (!fs.existsSync(input) && `${variant} is not in data/`);
  test(`the whole pipeline runs headless on ${variant}`, { skip }, () => {
    const run = runPipeline(input);
    assert.equal(run.status, 0, `runner failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /pipeline: 4 notebook\(s\) passed, 0 failed, 0 not run/);
    for (const name of NOTEBOOKS) assertExecutedCompletely(name);
    const metrics = JSON.parse(fs.readFileSync(path.join(paths.reports, 'model-metrics.json'), 'utf8')) as {
      seed: number; threshold: number; test: Record<string, { estimate: number; lower: number; upper: number }>;
    };
    assert.equal(metrics.seed, 777);
    assert.ok(metrics.threshold > 0 && metrics.threshold < 1, `threshold ${metrics.threshold}`);
    for (const name of ['AUC-PR', 'ROC-AUC']) {
      const interval = metrics.test[name];
      assert.ok(interval.lower <= interval.estimate && interval.estimate <= interval.upper, `${name} interval brackets its estimate`);
    }
    assert.ok(metrics.test['ROC-AUC'].estimate > 0.7, 'test ROC-AUC above the floor');
  });

  if (variant === 'stroke-pii-sample.csv') {
    test('no name, phone number or address of the input is in any bucket, report or notebook output', { skip }, async () => {
      const values = await piiValuesOf(input);
      const needles = new NeedleSet(values);
      assert.ok(needles.size > 10_000, `${needles.size} distinct PII values`);
      assert.equal(needles.firstIn(`noise ${values[7]} noise`), values[7], 'the scanner finds a planted value');
      const session = await openSession(loadConfig());
      try {
        const buckets = await scanBuckets(session, needles);
        assert.ok(buckets.objects > 20, `${buckets.objects} objects scanned`);
        assert.deepEqual(buckets.findings, []);
      } finally {
        if (session.localS3?.startedHere) await stopLocalS3(session.config);
      }
      const reports = scanFiles(paths.reports, needles);
      assert.ok(reports.files >= 8, `${reports.files} report files scanned`);
      assert.deepEqual(reports.findings, []);
    });

    test('no configured credential appears in notebook outputs, reports, stored objects or the S3 server log', { skip }, () => {
      const secrets = new NeedleSet(Object.values(SENTINEL_CREDENTIALS));
      assert.deepEqual(scanFiles(paths.reports, secrets).findings, []);
      assert.deepEqual(scanFiles(paths.s3Data, secrets).findings, [], 'no bucket object, metadata or server log holds them');
    });
  }

  test(`every chart of notebook 02 draws in Chromium, offline (${variant})`, { skip: skip || browserSkipReason() }, async () => {
    const charts = chartOutputs('02_exploratory_data_analysis');
    assert.ok(charts >= 20, `notebook 02 shows its charts (found ${charts})`);
    const screenshot = path.join(paths.reports, 'screenshots', `02_exploratory_data_analysis-${variant.replace(/\.csv$/, '')}.png`);
    const report = await assertChartsRendered(path.join(paths.reports, 'html', '02_exploratory_data_analysis.html'), charts, { screenshotPath: screenshot });
    assert.equal(report.pageErrors.length, 0, report.pageErrors.join('\n'));
    assert.ok(fs.existsSync(screenshot));
  });
}

async function readOutputs(): Promise<{ gold: Table; silverRows: number; metrics: string }> {
  const session = await openSession(loadConfig());
  try {
    const gold = (await readGold(session.stores.gold, 'stroke')).table;
    const silverRows = (await readDeltaTable(session.stores.silver, 'stroke')).table.numRows;
    return { gold, silverRows, metrics: fs.readFileSync(path.join(paths.reports, 'model-metrics.json'), 'utf8') };
  } finally {
    if (session.localS3?.startedHere) await stopLocalS3(session.config);
  }
}

const twiceInput = path.join(paths.data, 'stroke-pii-sample.csv');
test('running the whole pipeline twice on the same input gives identical gold and metrics, and no duplicate silver rows',
  { skip: jupyterSkipReason() || (!fs.existsSync(twiceInput) && 'no PII sample in data/') }, async () => {
    assert.equal(runPipeline(twiceInput).status, 0, 'first run');
    const first = await readOutputs();
    const second = runPipeline(twiceInput);
    assert.equal(second.status, 0, `second run failed:\n${second.stdout}\n${second.stderr}`);
    const again = await readOutputs();
    const diff = diffTables(first.gold, again.gold);
    assert.ok(diff.equal, `gold differs: ${JSON.stringify(diff)}`);
    assert.equal(again.metrics, first.metrics, 'reports/model-metrics.json is identical');
    assert.equal(again.silverRows, first.silverRows, 'silver did not grow');
    assert.equal(again.silverRows, 5109, 'silver holds each valid input row once');
  });
