/**
 * Run by npm ci / npm install ("prepare"): builds the packed plotly.js the charts embed and, in
 * a git checkout, installs the filter that keeps notebook outputs out of commits. Never fails
 * the install: each step reports what it did or why it did nothing.
 */
import { installNotebookFilter } from './lib/notebook-git';
import { packedPlotly, packedPlotlyCachePath } from '../shared/core/viz/plotly-library';

try {
  const library = packedPlotly();
  console.log(
    `prepare: plotly.js ${library.version} minified and packed (${(library.gzip.length / 1e6).toFixed(1)} MB) in ${packedPlotlyCachePath()}`,
  );
} catch (error) {
  console.warn(
    `prepare: plotly.js not packed now (${error instanceof Error ? error.message : String(error)}); the first chart packs it`,
  );
}
console.log(`prepare: ${installNotebookFilter()}`);
