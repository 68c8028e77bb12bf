/**
 * npm run format:check: lists the files Prettier would change, exiting 1 if any (`npm run format`
 * rewrites them; `npm run notebooks:clean` formats the notebooks' code cells).
 */
import { formatFindings } from './lib/format-check';
import { paths } from '../shared/core/project/paths';

formatFindings(paths.root).then(
  (findings) => {
    for (const finding of findings) console.log(finding);
    console.log(
      findings.length === 0
        ? 'format: all files formatted'
        : `format: ${findings.length} finding(s); fix with npm run format`,
    );
    process.exitCode = findings.length === 0 ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
