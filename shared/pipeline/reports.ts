/** Files the pipeline leaves for people and CI under the git-ignored reports/ folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from '../core/project/paths';

/** Writes `value` as pretty JSON to reports/<name>; returns the path relative to the project. */
export function writeReportJson(name: string, value: unknown): string {
  const target = path.join(paths.reports, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(value, null, 2) + '\n');
  return path.relative(paths.root, target);
}
