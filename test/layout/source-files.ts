/** The project's TypeScript files and how a relative import resolves to one (used by the layout tests). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every .ts file under `dir`, recursively. */
export function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The file a relative import names from `dir` (extension or index.ts resolved), or undefined when none exists. */
export function resolveImport(dir: string, specifier: string): string | undefined {
  const base = path.resolve(dir, specifier);
  return [base + '.ts', path.join(base, 'index.ts'), base].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}
