// tslab forgets the declarations of a cell that fails at run time: it adds a cell's declarations
// to the ones later cells compile against only when the cell runs to the end. A cell that was
// interrupted (a step throws StepInterrupted so that Run All stops there) or that threw has
// imported and declared its names all the same, so every later cell naming one of them failed to
// compile ("Cannot find name ...") until that cell was run again. Here later cells compile
// against the declarations of every cell that compiled, as a REPL does: a name whose value the
// failed cell never set is undefined, and the notebook steps that need it say which step to run
// again (shared/core/notebook/step.ts).
'use strict';

/**
 * Wraps tslab's createExecutor (tslab/dist/executor) so the executor's Node converter compiles
 * every cell against the declarations of all cells that compiled so far, failed or not.
 */
function keepingDeclarationsOfFailedCells(createExecutor) {
  return function createExecutorKeepingDeclarations(rootDir, convs, console) {
    const converter = convs.node;
    const { convert, inspect, complete } = converter;
    let declared = '';
    converter.convert = (_prevDecl, src) => {
      const converted = convert.call(converter, declared, src);
      if (converted.diagnostics.length === 0) declared = converted.declOutput || '';
      return converted;
    };
    converter.inspect = (_prevDecl, src, position) => inspect.call(converter, declared, src, position);
    converter.complete = (_prevDecl, src, position) => complete.call(converter, declared, src, position);
    return createExecutor(rootDir, convs, console);
  };
}

/** Installs the wrapper in the loaded tslab, before its kernel creates the executor. */
function keepDeclarationsOfFailedCells(tslabDist) {
  const executor = require(require('node:path').join(tslabDist, 'executor.js'));
  executor.createExecutor = keepingDeclarationsOfFailedCells(executor.createExecutor);
}

module.exports = { keepingDeclarationsOfFailedCells, keepDeclarationsOfFailedCells };
