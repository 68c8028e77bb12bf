import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  barChart,
  boxPlot,
  errorBarChart,
  heatmap,
  histogramWithKde,
  lineChart,
  scatter,
} from '../../shared/core/viz/figures';
import { scottBandwidth } from '../../shared/core/viz/kde';
import { assertClose } from '../assert-close';
import { shapBeeswarm, shapWaterfall } from '../../shared/ml/shap/shap-charts';
import type { PlotlyFigure } from '../../shared/core/viz/plotly-types';

describe('figure builders', () => {
  test('barChart: one bar trace per series, stacked or grouped', () => {
    const fig = barChart({
      categories: ['F', 'M'],
      series: [
        { name: 'no stroke', values: [2853, 2007] },
        { name: 'stroke', values: [141, 108] },
      ],
      stacked: true,
      valueFormat: ',d',
    });
    assert.deepEqual(
      fig.data.map((t) => [t.type, t.name, t.x, t.y]),
      [
        ['bar', 'no stroke', ['F', 'M'], [2853, 2007]],
        ['bar', 'stroke', ['F', 'M'], [141, 108]],
      ],
    );
    assert.equal(fig.layout?.barmode, 'stack');
    assert.equal(fig.data[0].texttemplate, '%{y:,d}');
    const horizontal = barChart({ categories: ['a'], series: [{ name: 's', values: [1] }], horizontal: true });
    assert.deepEqual([horizontal.data[0].orientation, horizontal.data[0].x, horizontal.data[0].y], ['h', [1], ['a']]);
    assert.throws(
      () => barChart({ categories: ['a', 'b'], series: [{ name: 'n', values: [1] }] }),
      /series "n" has 1 values but categories has 2/,
    );
    assert.throws(
      () => barChart({ categories: ['a'], series: [{ name: 'n', values: [NaN] }] }),
      /series "n" values\[0\] is NaN/,
    );
  });

  test('histogramWithKde: density histogram plus a KDE line of the same colour that integrates to ~1', () => {
    const values = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10 + i / 30);
    const fig = histogramWithKde({ series: [{ name: 'age', values }], xTitle: 'age' });
    const [histogram, kde] = fig.data;
    assert.equal(histogram.type, 'histogram');
    assert.equal(histogram.histnorm, 'probability density');
    assert.equal(histogram.x?.length, 300);
    assert.equal(kde.type, 'scatter');
    assert.equal(kde.line?.color, histogram.marker?.color);
    const x = kde.x as number[];
    const y = kde.y as number[];
    let mass = 0;
    for (let i = 1; i < x.length; i++) mass += ((y[i] + y[i - 1]) / 2) * (x[i] - x[i - 1]);
    // The default grid spans the data +- 3 bandwidths: it holds all but ~0.3% of the mass.
    assertClose(mass, 1, { absolute: 0.01 }, 'KDE mass on the drawn grid');
    const h = scottBandwidth(values);
    assertClose(x[0], Math.min(...values) - 3 * h, { relative: 1e-12 }, 'grid start');
    assert.equal(fig.layout?.barmode, 'overlay');
    assert.equal(fig.layout?.yaxis?.title?.text, 'density');
  });

  test('boxPlot: one box per group', () => {
    const fig = boxPlot({
      groups: [
        { name: 'a', values: [1, 2, 3] },
        { name: 'b', values: [4, 5] },
      ],
    });
    assert.deepEqual(
      fig.data.map((t) => [t.type, t.name, t.y]),
      [
        ['box', 'a', [1, 2, 3]],
        ['box', 'b', [4, 5]],
      ],
    );
    assert.throws(() => boxPlot({ groups: [{ name: 'empty', values: [] }] }), /group "empty" values is empty/);
  });

  test('heatmap: values printed in cells, shape checked', () => {
    const fig = heatmap({ x: ['a', 'b'], y: ['r1', 'r2'], z: [Float64Array.of(1, 0.5), [0.5, 1]], valueFormat: '.1f' });
    assert.deepEqual(fig.data[0].z, [
      [1, 0.5],
      [0.5, 1],
    ]);
    assert.equal(fig.data[0].texttemplate, '%{z:.1f}');
    assert.equal(fig.layout?.yaxis?.autorange, 'reversed');
    assert.throws(() => heatmap({ x: ['a', 'b'], y: ['r1'], z: [[1]] }), /z\[0\] has 1 values but x labels has 2/);
    assert.throws(() => heatmap({ x: ['a'], y: ['r1', 'r2'], z: [[1]] }), /z \(rows\) has 1 values but y labels has 2/);
  });

  test('lineChart and scatter: x/y pairs per series', () => {
    const line = lineChart({ series: [{ name: 'roc', x: Float64Array.of(0, 0.5, 1), y: [0, 0.8, 1] }], markers: true });
    assert.deepEqual([line.data[0].mode, line.data[0].x, line.data[0].y], ['lines+markers', [0, 0.5, 1], [0, 0.8, 1]]);
    const points = scatter({ series: [{ name: 'p', x: [1, 2], y: [3, 4], text: ['a', 'b'] }], markerSize: 4 });
    assert.deepEqual(
      [points.data[0].mode, points.data[0].marker?.size, points.data[0].text],
      ['markers', 4, ['a', 'b']],
    );
    assert.throws(
      () => scatter({ series: [{ name: 'p', x: [1, 2], y: [3] }] }),
      /series "p" y has 1 values but x has 2/,
    );
  });

  test('errorBarChart: asymmetric bars reach exactly the interval bounds', () => {
    const intervals = [
      { rate: 0.05, lower: 0.03, upper: 0.08 },
      { rate: 0.2, lower: 0.15, upper: 0.26 },
    ];
    const fig = errorBarChart({ categories: ['no', 'yes'], intervals });
    const trace = fig.data[0];
    const error = trace.error_y;
    assert.ok(error && error.arrayminus);
    trace.y?.forEach((rate, i) => {
      assertClose(Number(rate) + error.array[i], intervals[i].upper, { absolute: 1e-15 }, `upper ${i}`);
      assertClose(
        Number(rate) - (error.arrayminus as number[])[i],
        intervals[i].lower,
        { absolute: 1e-15 },
        `lower ${i}`,
      );
    });
    assert.throws(
      () => errorBarChart({ categories: ['x'], intervals: [{ rate: 0.5, lower: 0.6, upper: 0.7 }] }),
      /intervals\[0\] \(x\) must satisfy lower <= rate <= upper/,
    );
  });
});

test('every axis title is one that automargin makes room for (a standoff), on every chart builder', () => {
  // Without a standoff plotly leaves titles out of the margin it grows and squeezes them flush
  // against the chart's bottom and left edges (issue 15 item 8: titles cut in tall outputs).
  const titles = { xTitle: 'x title', yTitle: 'y title' };
  const xy = [{ name: 's', x: [0, 1], y: [1, 2] }];
  const shap = Float64Array.from({ length: 2 * 3 }, (_, i) => i / 10);
  const figures: Array<[string, PlotlyFigure]> = [
    ['barChart', barChart({ ...titles, categories: [0, 1], series: [{ name: 'n', values: [1, 2] }] })],
    ['histogramWithKde', histogramWithKde({ ...titles, series: [{ name: 'v', values: [1, 2, 3] }] })],
    ['boxPlot', boxPlot({ ...titles, groups: [{ name: 'g', values: [1, 2, 3] }] })],
    ['heatmap', heatmap({ ...titles, x: ['a'], y: ['b'], z: [[1]] })],
    ['lineChart', lineChart({ ...titles, series: xy })],
    ['scatter', scatter({ ...titles, series: xy })],
    [
      'errorBarChart',
      errorBarChart({ ...titles, categories: [0], intervals: [{ rate: 0.1, lower: 0.05, upper: 0.2 }] }),
    ],
    ['shapBeeswarm', shapBeeswarm(shap, Float64Array.from([1, 2, 3, 4]), 2, 2, ['a', 'b'], { seed: 1 })],
    ['shapWaterfall', shapWaterfall(shap.subarray(0, 3), ['a', 'b'], { title: 'one patient' })],
  ];
  for (const [name, figure] of figures) {
    const axes = [figure.layout?.xaxis, figure.layout?.yaxis].filter((axis) => axis?.title !== undefined);
    assert.ok(axes.length > 0, `${name} has an axis title`);
    for (const axis of axes) {
      assert.equal(axis?.automargin, true, `${name}: "${axis?.title?.text}" axis grows its margin`);
      assert.ok(
        (axis?.title?.standoff ?? 0) > 0,
        `${name}: "${axis?.title?.text}" has a standoff, so the margin makes room for it`,
      );
    }
  }
});
