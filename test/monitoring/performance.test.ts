import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPerformance, performanceRows } from '../../shared/pipeline/monitoring/performance';
import { averagePrecision } from '../../shared/core/metrics/average-precision';

const labels = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0];
const good = [0.1, 0.2, 0.9, 0.3, 0.8, 0.1, 0.2, 0.7, 0.4, 0.1];
const degraded = [0.6, 0.7, 0.2, 0.8, 0.3, 0.5, 0.9, 0.6, 0.4, 0.7];

test('a window as good as the baseline raises no alert', () => {
  const check = checkPerformance(labels, good, 0.5, { aucpr: 0.9, recall: 0.9 }, 0.05);
  assert.equal(check.aucpr, averagePrecision(labels, good));
  assert.equal(check.recall, 1);
  assert.equal(check.alert, false);
  assert.equal(check.positives, 3);
});

test('a degraded window alerts, naming each metric that fell', () => {
  const check = checkPerformance(labels, degraded, 0.5, { aucpr: 0.9, recall: 0.9 }, 0.05);
  assert.equal(check.alert, true);
  assert.equal(check.reasons.length, 2);
  assert.match(check.reasons[0], /^AUC-PR 0\.\d{3} < baseline 0\.900 - 0\.05$/);
  assert.match(check.reasons[1], /^recall 0\.\d{3} < baseline 0\.900 - 0\.05$/);
});

test('a window without positives, or a negative tolerance, is refused', () => {
  assert.throws(
    () => checkPerformance([0, 0], [0.1, 0.2], 0.5, { aucpr: 0.5, recall: 0.5 }, 0.05),
    /no positive label/,
  );
  assert.throws(() => checkPerformance(labels, good, 0.5, { aucpr: 0.5, recall: 0.5 }, -1), /tolerance must be >= 0/);
});

test('the performance table: the accepted values first, then each window with its alert or no', () => {
  const accepted = { aucpr: 0.9, recall: 0.9 };
  const windows = {
    clean: checkPerformance(labels, good, 0.5, accepted, 0.05),
    drifted: checkPerformance(labels, degraded, 0.5, accepted, 0.05),
  };
  const rows = performanceRows(accepted, windows);
  assert.deepEqual(rows[0], {
    window: 'accepted with (test)',
    rows: '',
    strokes: '',
    'AUC-PR': 0.9,
    recall: 0.9,
    alert: '',
  });
  assert.deepEqual(rows[1], {
    window: 'clean',
    rows: 10,
    strokes: 3,
    'AUC-PR': windows.clean.aucpr,
    recall: 1,
    alert: 'no',
  });
  assert.equal(rows[2].window, 'drifted');
  assert.equal(rows[2].alert, windows.drifted.reasons.join('; '));
  assert.match(rows[2].alert, /^AUC-PR .*; recall /);
});
