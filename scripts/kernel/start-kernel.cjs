#!/usr/bin/env node
// Kernel process for the project's Jupyter kernelspec. Jupyter starts kernels in the folder of
// the notebook; tslab compiles with rootDir = its working directory, so a notebook in
// notebooks/ could not import ../shared. Starting tslab from the project root gives every
// notebook, wherever it lives and however it runs (JupyterLab, Studio, nbconvert), the same
// paths: `./shared/...` for code and `data/...` for files.
'use strict';
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..', '..');
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error('usage: start-kernel.cjs <connection_file>  (Jupyter passes {connection_file})');
  process.exit(2);
}
// Resolve before chdir: Jupyter may pass a path relative to the notebook folder.
const configPath = path.resolve(connectionFile);
process.chdir(projectRoot);
process.env.STROKE_PROJECT_ROOT = projectRoot;
const tslabDist = path.join(projectRoot, 'node_modules', 'tslab', 'dist');
// The imported shared/ files are type-checked once, not again for every cell.
require('./dependency-diagnostics.cjs').cacheDependencyDiagnostics(tslabDist);
// A cell that failed or was interrupted keeps its declarations for the cells after it.
require('./keep-declarations.cjs').keepDeclarationsOfFailedCells(tslabDist);
// tslab's own lookup would re-resolve from cwd; we already point at the project's copy.
require(path.join(tslabDist, 'main.js')).startKernel({
  configPath,
  enableFindLocal: false,
  jsKernel: false,
});
