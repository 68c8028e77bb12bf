import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, vectorFromArray } from 'apache-arrow';
import { countPlot, rateChart } from '../../shared/pipeline/eda/charts';
import { rateByCategory } from '../../shared/pipeline/eda/rates';
import { barChart } from '../../shared/core/viz/figures';

const table = new Table({
  hypertension: vectorFromArray([0, 1, 0, 0, 1, 0], new Int32()),
  stroke: vectorFromArray([0, 1, 0, 1, 0, 0], new Int32()),
});

describe('0/1 columns are categories, not numbers', () => {
  test('the count plot of a 0/1 column has a categorical x axis with the two values', () => {
    const figure = countPlot(table, 'hypertension');
    assert.equal(figure.layout?.xaxis?.type, 'category');
    assert.deepEqual(figure.data[0].x, ['0', '1']);
  });

  test('the stroke-rate chart of a 0/1 column has a categorical x axis', () => {
    const figure = rateChart(rateByCategory(table, 'hypertension'), 'Stroke rate by hypertension');
    assert.equal(figure.layout?.xaxis?.type, 'category');
  });

  test('a horizontal bar chart puts its categories on a categorical y axis', () => {
    const figure = barChart({ categories: [0, 1], series: [{ name: 'n', values: [3, 4] }], horizontal: true });
    assert.equal(figure.layout?.yaxis?.type, 'category');
    assert.equal(figure.layout?.xaxis?.type, undefined);
  });
});
