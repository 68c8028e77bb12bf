import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project root: the folder holding package.json. The kernel launcher exports it as
 * STROKE_PROJECT_ROOT; scripts and tests find it from this file's location.
 */
export const projectRoot: string = (() => {
  const fromEnv = process.env.STROKE_PROJECT_ROOT;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'package.json'))) return fromEnv;
  return path.resolve(__dirname, '..', '..', '..');
})();

export const paths = {
  root: projectRoot,
  notebooks: path.join(projectRoot, 'notebooks'),
  data: path.join(projectRoot, 'data'),
  /** Embedded S3 server's storage (git-ignored). */
  s3Data: path.join(projectRoot, 'data', 's3'),
  reports: path.join(projectRoot, 'reports'),
  /** Project-local Jupyter data dir holding the project's kernelspec (git-ignored). */
  jupyterData: path.join(projectRoot, '.jupyter-local'),
  sharedFixtures: path.resolve(projectRoot, '..', 'shared', 'fixtures'),
};

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
