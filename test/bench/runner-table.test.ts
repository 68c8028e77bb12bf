import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRunnerTable } from '../../scripts/lib/bench/runner-table';
import { pipelineRow } from '../../scripts/bench/pipeline';

// Captured from a real `scripts/run-notebooks.ts` run (CI log; notebook 03 failed there).
const captured = fs.readFileSync(path.join(__dirname, 'fixtures', 'run-notebooks-partial.txt'), 'utf8');

describe('parseRunnerTable', () => {
  test('reads every notebook line of the captured runner output', () => {
    const table = parseRunnerTable(captured);
    assert.deepEqual(
      table.notebooks.map((n) => [n.notebook, n.status, n.cells, n.seconds]),
      [
        ['01_data_engineering.ipynb', 'ok', '12/12', 11.5],
        ['02_exploratory_data_analysis.ipynb', 'ok', '12/12', 18.4],
        ['03_modeling.ipynb', 'FAILED', '0/16', 4.1],
        ['04_deployment_and_monitoring.ipynb', 'not run', '-', null],
      ],
    );
    assert.equal(table.totalSeconds, 34.1);
  });

  test('the total equals the sum of the notebook seconds (to the printed precision)', () => {
    const table = parseRunnerTable(captured);
    const sum = table.notebooks.reduce((a, n) => a + (n.seconds ?? 0), 0);
    assert.ok(Math.abs(sum - table.totalSeconds) <= 0.05 * table.notebooks.length);
  });

  test('accepts the table indented, as a test runner echoes it', () => {
    const indented = captured
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
    assert.deepEqual(parseRunnerTable(indented), parseRunnerTable(captured));
  });

  test('says what is missing when the output has no table or is cut short', () => {
    assert.throws(() => parseRunnerTable('pipeline: 4 notebook(s)\nError: boom\n'), /no summary table/);
    const cut = captured.slice(0, captured.indexOf('total'));
    assert.throws(() => parseRunnerTable(cut), /no "total" line/);
    const mangled = captured.replace('11.5', 'eleven');
    assert.throws(() => parseRunnerTable(mangled), /01_data_engineering.ipynb has seconds "eleven"/);
  });
});

describe('pipelineRow', () => {
  test('turns the table into the bench row: total as our time, failures noted, no reference', () => {
    const row = pipelineRow(captured, 1, '4 notebooks, ~5k rows');
    assert.equal(row.ours.status, 'measured');
    assert.equal(row.ours.status === 'measured' ? row.ours.medianMs : NaN, 34_100);
    assert.equal(row.reference.status, 'unavailable');
    assert.ok(row.notes.includes('03_modeling 4.1 s FAILED'));
    assert.ok(row.notes.includes('04_deployment_and_monitoring not run'));
    assert.ok(row.notes.some((n) => /2 notebook\(s\) not ok/.test(n)));
    assert.equal(row.details.allOk, false);
  });
});
