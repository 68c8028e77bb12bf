/**
 * `npm run bench:setup`: installs the Python reference tools from Debian's packages for
 * /usr/bin/python3 (pandas, scikit-learn, xgboost), using sudo when not root.
 */
import { spawnSync } from 'node:child_process';

const PACKAGES = ['python3-pandas', 'python3-sklearn', 'python3-xgboost'];

function runStep(args: string[]): void {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = asRoot ? args : ['sudo', ...args];
  console.log(`bench:setup: $ ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  if (result.error !== undefined) throw new Error(`bench:setup: cannot run ${command[0]}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`bench:setup: ${command.join(' ')} exited with code ${String(result.status)}`);
}

try {
  runStep(['apt-get', 'update']);
  runStep(['apt-get', 'install', '-y', ...PACKAGES]);
  console.log(`bench:setup: installed ${PACKAGES.join(', ')} for /usr/bin/python3`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
