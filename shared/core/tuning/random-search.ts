/**
 * Random search with the same options, scheduling and result shape as runBayesianSearch:
 * trial i evaluates the i-th uniform draw of `new Random(seed)` over the unit cube (decoded with
 * the ranges' scaling), so a seed fixes the whole sequence regardless of objective values.
 */
import { Random } from '../util/random';
import { SearchSpace } from './search-space';
import { SearchOptions, SearchResult, runTrials } from './trial-scheduler';

export async function runRandomSearch(options: SearchOptions): Promise<SearchResult> {
  const space = new SearchSpace(options.ranges);
  const random = new Random(options.seed);
  return runTrials(options, space, () => {
    const point = new Float64Array(space.dimension);
    for (let k = 0; k < point.length; k++) point[k] = random.next();
    return point;
  });
}
