import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { paths } from './paths';
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
