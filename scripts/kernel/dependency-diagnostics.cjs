// tslab compiles every cell as a new TypeScript program and reports the diagnostics of the cell
// and of every file the cell reaches through imports, its own and earlier cells' (tslab's
// getPreEmitDiagnosticsWithDependencies). With a fresh type checker each time, every shared/
// module a notebook imports was type-checked again for every cell: seconds per cell. The
// diagnostics of an imported file cannot change while no imported file changes, so they are kept
// here, per parsed file, and all of them are dropped as soon as any imported file is parsed anew
// (an edit under a running kernel). The cell's own files are checked every time.
'use strict';

/** tslab's files for the cell being compiled and the declarations of the cells before it. */
const CELL_FILES = /(^|\/)(__tslab__\.[jt]s|__prev__\.d\.ts)$/;

/**
 * Wraps a getPreEmitDiagnosticsOfFiles(program, sourceFiles, cancellationToken) so that the
 * diagnostics of files other than the cell's come from a cache while those files are unchanged.
 * Returns the same diagnostics as `check`, deduplicated and sorted with `sortAndDeduplicate`.
 */
function cachingDependencyDiagnostics(check, sortAndDeduplicate) {
  const isCellFile = (name) => CELL_FILES.test(name);
  /** fileName → { file, diagnostics }: valid while every imported file is the object it was. */
  let known = new Map();
  const wrapped = function getPreEmitDiagnosticsOfFiles(program, sourceFiles, cancellationToken) {
    const imported = sourceFiles.filter((file) => !isCellFile(file.fileName));
    if (imported.some((file) => known.has(file.fileName) && known.get(file.fileName).file !== file)) known = new Map();
    const fresh = imported.filter((file) => !known.has(file.fileName));
    const checked = new Set([...sourceFiles.filter((file) => isCellFile(file.fileName)), ...fresh]);
    const diagnostics = [...check(program, [...checked], cancellationToken)];
    const byFile = new Map(fresh.map((file) => [file, []]));
    for (const diagnostic of diagnostics) byFile.get(diagnostic.file)?.push(diagnostic);
    for (const [file, own] of byFile) known.set(file.fileName, { file, diagnostics: own });
    for (const file of imported) if (!checked.has(file)) diagnostics.push(...known.get(file.fileName).diagnostics);
    return sortAndDeduplicate(diagnostics);
  };
  return wrapped;
}

/**
 * Makes tslab's converter use the caching check: the compiler module's exports are read-only
 * getters, so converter.js is handed a view of it (a Proxy) in which only this function differs.
 * Must run before tslab loads its converter.
 */
function cacheDependencyDiagnostics(tslabDist) {
  const compilerPath = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDist] });
  const ts = require(compilerPath);
  const cached = cachingDependencyDiagnostics(ts.getPreEmitDiagnosticsOfFiles, ts.sortAndDeduplicateDiagnostics);
  require.cache[compilerPath].exports = new Proxy(ts, {
    get: (target, key) => (key === 'getPreEmitDiagnosticsOfFiles' ? cached : target[key]),
  });
  return cached;
}

module.exports = { cachingDependencyDiagnostics, cacheDependencyDiagnostics };
