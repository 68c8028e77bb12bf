import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchRow, renderTable, rowRatio, TABLE_HEADER, toReportRow } from '../../scripts/lib/bench/report';

function measured(medianMs: number, peak: number | null): BenchRow['ours'] {
  return { status: 'measured', medianMs, samplesMs: [medianMs * 1.1, medianMs, medianMs * 0.9], peakRssBytes: peak };
}

const rows: BenchRow[] = [
  {
    task: 'score',
    size: '100k',
    ours: measured(300, 200 * 1024 ** 2),
    reference: measured(150, 100 * 1024 ** 2),
    notes: ['300 trees'],
    details: { outputs: 100_000 },
  },
  {
    task: 'etl',
    size: '1M',
    ours: measured(9000, 2 * 1024 ** 3),
    reference: { status: 'unavailable', reason: 'not installed (pandas)' },
    notes: [],
    details: {},
  },
  {
    task: 'endpoint json x1',
    size: '5 s × 3',
    ours: measured(2, null),
    reference: { status: 'unavailable', reason: '— (no reference)' },
    notes: ['6,000 req/s', 'p99 4 ms'],
    details: {},
  },
];

describe('renderTable', () => {
  const lines = renderTable(rows).split('\n');
  const starts = (line: string) => {
    // Column starts: cells are separated by two or more spaces.
    const result: number[] = [];
    const pattern = /\S+(?: \S+)*/g;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(line)) !== null) result.push(match.index + match[0].length);
    return result;
  };

  test('has a header, a rule and one line per row', () => {
    assert.equal(lines.length, 2 + rows.length);
    for (const name of TABLE_HEADER) assert.ok(lines[0].includes(name));
    assert.match(lines[1], /^-+( +-+)+$/);
  });

  test('right-aligns the figure columns: every figure cell ends where its header ends', () => {
    const headerEnds = starts(lines[0]);
    for (const line of lines.slice(2)) {
      const ends = starts(line);
      // size, ours, reference, ratio end at the same offsets as in the header.
      for (const column of [1, 2, 3, 4])
        assert.ok(ends.includes(headerEnds[column]), `${line}\ncolumn ${TABLE_HEADER[column]}`);
    }
  });

  test('shows ours / reference as the ratio, the reason when there is no reference, and both peaks', () => {
    assert.match(lines[2], /300 ms\s+150 ms\s+2\.00×\s+200 MiB \/ 100 MiB\s+300 trees$/);
    assert.match(lines[3], /9\.00 s\s+not installed \(pandas\)\s+-\s+2\.00 GiB\s*$/);
    assert.match(lines[4], /6,000 req\/s; p99 4 ms$/);
  });
});

describe('toReportRow', () => {
  test('carries medians, samples, ratio and reasons into the JSON shape', () => {
    const score = toReportRow(rows[0]);
    assert.equal(score.oursMs, 300);
    assert.equal(score.referenceMs, 150);
    assert.equal(score.ratio, 2);
    assert.equal(score.oursSamplesMs.length, 3);
    assert.equal(score.referencePeakRssBytes, 100 * 1024 ** 2);
    const etl = toReportRow(rows[1]);
    assert.equal(etl.referenceMs, null);
    assert.equal(etl.ratio, null);
    assert.equal(etl.referenceStatus, 'not installed (pandas)');
    assert.deepEqual(JSON.parse(JSON.stringify(etl)), etl);
  });

  test('rowRatio agrees with the medians', () => {
    for (const row of rows) {
      const report = toReportRow(row);
      assert.equal(
        rowRatio(row),
        report.oursMs !== null && report.referenceMs !== null ? report.oursMs / report.referenceMs : null,
      );
    }
  });
});
