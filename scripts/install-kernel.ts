/**
 * Registers the project's Jupyter kernelspec ("TypeScript (stroke pipeline)").
 *   npm run kernel:install            → project-local data dir (.jupyter-local), used by the runner
 *   npm run kernel:install -- --user  → also the user's Jupyter, so JupyterLab / Studio list it;
 *                                      warns when that replaces another clone's kernel (same name)
 * Runs on `npm install` (postinstall). Needs no Jupyter for the local install.
 */
import { paths } from '../shared/core/project/paths';
import { installKernelSpec, kernelOverwriteWarning, userKernelDataDir, KERNEL_DISPLAY_NAME } from './lib/kernelspec';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--user');
if (unknown.length > 0) {
  console.error(`install-kernel: unknown argument(s) ${unknown.join(' ')}; usage: install-kernel [--user]`);
  process.exit(2);
}
const local = installKernelSpec(paths.jupyterData);
console.log(`kernelspec "${KERNEL_DISPLAY_NAME}" installed in ${local}`);
if (args.includes('--user')) {
  const userDir = userKernelDataDir();
  const warning = kernelOverwriteWarning(userDir);
  const user = installKernelSpec(userDir);
  console.log(
    `kernelspec "${KERNEL_DISPLAY_NAME}" installed in ${user} (JupyterLab will list it), running ${paths.root}`,
  );
  if (warning) console.warn(warning);
}
