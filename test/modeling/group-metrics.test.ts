import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricsByGroup } from '../../shared/pipeline/modeling/evaluation';

// Six patients worked by hand at threshold 0.5 (flagged: rows 0, 3, 5).
const labels = Float64Array.from([1, 0, 1, 0, 0, 1]);
const scores = Float64Array.from([0.9, 0.2, 0.3, 0.6, 0.1, 0.8]);

test('metrics within each group of each column, groups sorted, null as its own group', () => {
  const rows = metricsByGroup(
    labels,
    scores,
    { gender: ['F', 'F', 'M', 'M', 'M', null], age_group: ['a', 'a', 'a', 'b', 'b', 'b'] },
    0.5,
  );
  assert.deepEqual(rows, [
    // F: rows 0, 1. The stroke is flagged, the other not: recall 1, precision 1; 0.9 ranks above 0.2: ROC-AUC 1.
    { column: 'gender', group: 'F', patients: 2, strokes: 1, rocAuc: 1, recall: 1, precision: 1 },
    // M: rows 2-4. Only the non-stroke 0.6 is flagged: recall 0, precision 0; 0.3 beats 0.1, loses to 0.6: ROC-AUC 1/2.
    { column: 'gender', group: 'M', patients: 3, strokes: 1, rocAuc: 0.5, recall: 0, precision: 0 },
    // null: row 5 alone, one class only: no ROC-AUC.
    { column: 'gender', group: 'null', patients: 1, strokes: 1, rocAuc: undefined, recall: 1, precision: 1 },
    // a: rows 0-2. 0.9 flagged, 0.3 missed: recall 1/2, precision 1; both strokes outrank 0.2.
    { column: 'age_group', group: 'a', patients: 3, strokes: 2, rocAuc: 1, recall: 0.5, precision: 1 },
    // b: rows 3-5. 0.8 and 0.6 flagged, one a stroke: recall 1, precision 1/2; 0.8 outranks both.
    { column: 'age_group', group: 'b', patients: 3, strokes: 1, rocAuc: 1, recall: 1, precision: 0.5 },
  ]);
});

test('metricsByGroup refuses a group column that does not match the labels', () => {
  assert.throws(
    () => metricsByGroup(labels, scores, { gender: ['F', 'M'] }, 0.5),
    /column gender has 2 values for 6 labels/,
  );
});
