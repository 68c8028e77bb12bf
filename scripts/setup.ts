/**
 * `npm run setup`: makes this machine able to run the notebooks (Jupyter, the kernelspec) and says
 * what it does. `npm run pipeline` does the same first, so the quick start needs no separate step.
 */
import { ensureJupyter, JupyterMissingError } from './lib/jupyter';
import { installKernelSpec, KERNEL_DISPLAY_NAME } from './lib/kernelspec';
import { paths } from '../shared/core/project/paths';

try {
  ensureJupyter((line) => console.log(line));
  console.log(`setup: kernelspec "${KERNEL_DISPLAY_NAME}" in ${installKernelSpec(paths.jupyterData)}`);
} catch (error) {
  console.log(error instanceof JupyterMissingError ? `ERROR ${error.name}: ${error.message}` : String(error));
  process.exit(3);
}
