/** Shared by the tests that need Jupyter: is it here (and if not, why skip), and a kernel to drive. */
import { spawnSync } from 'node:child_process';
import { findJupyter } from '../../scripts/lib/jupyter';
import { installKernelSpec, jupyterEnv, KERNEL_NAME } from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';

export function jupyterSkipReason(): string | false {
  try {
    findJupyter();
  } catch (error) {
    return `Jupyter is not installed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  const client = spawnSync('/usr/bin/python3', ['-c', 'import jupyter_client'], { encoding: 'utf8' });
  return client.status === 0 ? false : 'jupyter_client is not importable by /usr/bin/python3';
}

/** What one executed cell answered: the reply's status and the text it showed (streams, plain text). */
export interface CellRun {
  status: string;
  text: string;
}

/** Starts the kernel through jupyter_client, runs each cell (stdin: JSON list), prints one JSON line per cell. */
const DRIVER = `
import json, sys
from jupyter_client.manager import start_new_kernel
cells = json.load(sys.stdin)
km, kc = start_new_kernel(kernel_name=sys.argv[1], cwd=sys.argv[2], startup_timeout=120)
try:
    for code in cells:
        shown = []
        def hook(m):
            c = m["content"]
            if m["msg_type"] == "stream": shown.append(c["text"])
            elif m["msg_type"] in ("display_data", "execute_result"): shown.append(c["data"].get("text/plain", "") + "\\n")
            elif m["msg_type"] == "error": shown.append(c.get("ename", "") + ": " + c.get("evalue", "") + "\\n")
        reply = kc.execute_interactive(code, timeout=180, output_hook=hook)
        print("CELL " + json.dumps({"status": reply["content"]["status"], "text": "".join(shown)}), flush=True)
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;

/**
 * Runs `cells` one after another in ONE project kernel started with `cwd` as its working folder
 * (as a front end starts it for a notebook there), like a user running them in a live notebook.
 */
export function runCellsInKernel(cells: string[], cwd = paths.notebooks): CellRun[] {
  installKernelSpec(paths.jupyterData);
  const run = spawnSync('/usr/bin/python3', ['-c', DRIVER, KERNEL_NAME, cwd], {
    encoding: 'utf8',
    env: jupyterEnv(),
    cwd,
    input: JSON.stringify(cells),
    timeout: 10 * 60_000,
  });
  if (run.status !== 0) throw new Error(`kernel driver exited with ${run.status}:\n${run.stderr}\n${run.stdout}`);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('CELL '))
    .map((line) => JSON.parse(line.slice(5)) as CellRun);
}
