/** Shared by the integration tests: is Jupyter here, and if not, why the test is skipped. */
import { spawnSync } from 'node:child_process';
import { findJupyter } from '../../shared/project/jupyter';

export function jupyterSkipReason(): string | false {
  try {
    findJupyter();
  } catch (error) {
    return `Jupyter is not installed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  const client = spawnSync('/usr/bin/python3', ['-c', 'import jupyter_client'], { encoding: 'utf8' });
  return client.status === 0 ? false : 'jupyter_client is not importable by /usr/bin/python3';
}
