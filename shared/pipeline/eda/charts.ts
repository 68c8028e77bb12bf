/**
 * The EDA notebook's charts, built from Arrow tables: count plots, distributions with KDE, box
 * plots by outcome, rates with confidence intervals and the correlation heatmap.
 */
import type { Table } from 'apache-arrow';
import { barChart, boxPlot, errorBarChart, heatmap, histogramWithKde } from '../../core/viz/figures';
import type { PlotlyFigure } from '../../core/viz/plotly-types';
import { readCategoryColumn, readNumericColumn, requireComplete } from '../../core/profile/columns';
import { valueCounts } from '../../core/profile/frequencies';
import type { CategoryRate } from './rates';
import type { CorrelationMatrix } from './correlation';

/** Bars of each value's count, most frequent first. */
export function countPlot(table: Table, column: string): PlotlyFigure {
  const counts = valueCounts(readCategoryColumn(table, column, 'countPlot').values);
  return barChart({
    title: `${column}`,
    categories: counts.frequencies.map((f) => f.value),
    series: [{ name: 'patients', values: counts.frequencies.map((f) => f.count) }],
    yTitle: 'patients',
    height: 320,
  });
}

/** The column's values of the patients without and with stroke, as two named series. */
function seriesByStroke(table: Table, column: string): { name: string; values: number[] }[] {
  const values = requireComplete(readNumericColumn(table, column, 'distribution'), column, 'distribution');
  const target = readNumericColumn(table, 'stroke', 'distribution').values;
  const noStroke: number[] = [];
  const stroke: number[] = [];
  values.forEach((v, i) => (target[i] === 1 ? stroke : noStroke).push(v));
  return [
    { name: 'no stroke', values: noStroke },
    { name: 'stroke', values: stroke },
  ];
}

/** Histogram (as densities) with a KDE line, for patients without and with stroke. */
export function distributionPlot(table: Table, column: string): PlotlyFigure {
  return histogramWithKde({
    title: `${column}: distribution by outcome`,
    series: seriesByStroke(table, column),
    xTitle: column,
    yTitle: 'density',
    height: 340,
  });
}

export function outcomeBoxPlot(table: Table, column: string): PlotlyFigure {
  return boxPlot({
    title: `${column} by outcome`,
    groups: seriesByStroke(table, column),
    yTitle: column,
    points: 'outliers',
    height: 340,
  });
}

export function rateChart(rates: readonly CategoryRate[], title: string): PlotlyFigure {
  return errorBarChart({
    title,
    categories: rates.map((r) => r.category ?? 'null'),
    intervals: rates.map((r) => ({ rate: r.rate, lower: r.lower, upper: r.upper })),
    yTitle: 'stroke rate (95% Wilson CI)',
    height: 340,
  });
}

export function correlationHeatmap(matrix: CorrelationMatrix): PlotlyFigure {
  return heatmap({
    title: 'Pearson correlation (numeric columns and the target)',
    z: matrix.matrix.map((row) => Float64Array.from(row, (v) => v ?? NaN)),
    x: [...matrix.columns],
    y: [...matrix.columns],
    zmin: -1,
    zmax: 1,
    valueFormat: '.2f',
    height: 460,
  });
}
