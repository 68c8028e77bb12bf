import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { paths } from '../../shared/core/project/paths';
import { userJupyterDataDir } from './jupyter';

/** The name notebooks carry in `metadata.kernelspec.name`. */
export const KERNEL_NAME = 'stroke-tslab';
export const KERNEL_DISPLAY_NAME = 'TypeScript (stroke pipeline)';

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: string;
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

export function kernelSpec(projectRoot = paths.root, nodeBinary = process.execPath): KernelSpec {
  return {
    argv: [nodeBinary, path.join(projectRoot, 'scripts', 'kernel', 'start-kernel.cjs'), '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
    env: { STROKE_PROJECT_ROOT: projectRoot, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    metadata: { project: 'stroke-risk-pipeline', startsIn: projectRoot },
  };
}

/**
 * The project root the kernelspec installed in `dataDir` starts its kernel in (the clone whose
 * code it runs), or undefined when none is installed there.
 */
export function installedKernelRoot(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'kernels', KERNEL_NAME, 'kernel.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KernelSpec>;
    return spec.env?.STROKE_PROJECT_ROOT ?? `an unknown folder (${file} names none)`;
  } catch {
    return `an unknown folder (${file} is not JSON)`;
  }
}

/**
 * Every clone installs the same kernel name (the committed notebooks name it), so a user-level
 * install replaces another clone's. Says so, and how to go back, when it does.
 */
export function kernelOverwriteWarning(dataDir: string, projectRoot = paths.root): string | undefined {
  const previous = installedKernelRoot(dataDir);
  if (previous === undefined || previous === projectRoot) return undefined;
  return [
    `warning: the kernel "${KERNEL_NAME}" in ${dataDir} ran the code of ${previous}; it now runs this clone's, ${projectRoot}.`,
    `  Every notebook that names "${KERNEL_NAME}" (the committed ones do), in whichever clone, now runs ${projectRoot}'s code`,
    '  in JupyterLab / Studio. To switch back, run `npm run kernel:install -- --user` in the other clone.',
    "  (npm run pipeline always uses its own clone's kernel, from .jupyter-local.)",
  ].join('\n');
}

/** Writes `<dataDir>/kernels/<name>/kernel.json`; returns the kernel folder. */
export function installKernelSpec(dataDir: string, projectRoot = paths.root): string {
  const kernelDir = path.join(dataDir, 'kernels', KERNEL_NAME);
  fs.mkdirSync(kernelDir, { recursive: true });
  fs.writeFileSync(path.join(kernelDir, 'kernel.json'), JSON.stringify(kernelSpec(projectRoot), null, 2) + '\n');
  return kernelDir;
}

/** Where `--user` installs: what Jupyter reports, else its documented per-OS default. */
export function userKernelDataDir(): string {
  const reported = userJupyterDataDir();
  if (reported) return reported;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

/** Environment that makes Jupyter find the project-local kernelspec. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = base.JUPYTER_PATH ? [base.JUPYTER_PATH] : [];
  return { ...base, JUPYTER_PATH: [paths.jupyterData, ...existing].join(path.delimiter) };
}
