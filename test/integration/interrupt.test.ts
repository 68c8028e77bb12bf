/**
 * Kernel > Interrupt in a real kernel (issue 15 item 2), through Jupyter's own client: a step
 * that keeps a pool worker busy and shows a line after each job is interrupted with SIGINT (the
 * kernelspec's interrupt_mode "signal", what Jupyter's Interrupt button sends). The cell must
 * end as interrupted with the step's "interrupted" box, the next cell must receive nothing from
 * it, and the kernel must stop spending CPU once the next cell is done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { installKernelSpec, jupyterEnv, KERNEL_NAME } from '../../scripts/lib/kernelspec';
import { paths } from '../../shared/core/project/paths';
import { jupyterSkipReason } from './jupyter';

const TASKS = path.join(paths.root, 'test', 'parallel', 'pool-fixture-tasks.ts');

const LONG_CELL = `
import { step } from './shared/core/notebook/step';
import { displayBundle } from './shared/core/notebook/display';
import { sharedWorkerPool, taskKind } from './shared/core/parallel/worker-pool';
const BURN = taskKind<{ ms: number }, null>(${JSON.stringify(TASKS)}, 'burn');
await step('long work on a worker', async (signal) => {
  for (let job = 1; job <= 60; job++) {
    await sharedWorkerPool().run(BURN, { ms: 250 }, [], signal);
    displayBundle({ 'text/plain': 'JOB ' + job + ' DONE' });
  }
});
`;
const NEXT_CELL = `await new Promise((resolve) => setTimeout(resolve, 3000)); console.log('NEXT CELL');`;

const DRIVER = `
import json, sys, time
from jupyter_client.manager import start_new_kernel
kernel_name, cwd, long_cell, next_cell = sys.argv[1:5]
km, kc = start_new_kernel(kernel_name=kernel_name, cwd=cwd, startup_timeout=120)
outputs = {}
def text_of(msg):
    c = msg["content"]
    if msg["msg_type"] == "stream": return c["text"]
    if msg["msg_type"] in ("display_data", "update_display_data", "execute_result"): return str(c["data"].get("text/plain", ""))
    if msg["msg_type"] == "error": return c["ename"] + ": " + c["evalue"]
    return None
def pump(until, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Exception:
            continue
        parent = msg["parent_header"].get("msg_id")
        text = text_of(msg)
        if text is not None: outputs.setdefault(parent, []).append(text)
        if until(msg, parent): return True
    return False
def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f: fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0
try:
    first = kc.execute(long_cell)
    started = pump(lambda m, p: p == first and any("JOB 2 DONE" in t for t in outputs.get(first, [])), 120)
    if not started: raise SystemExit("the step did not start: " + json.dumps(outputs))
    interrupted_at = time.time()
    km.interrupt_kernel()
    idle = pump(lambda m, p: p == first and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle", 60)
    idle_after = time.time() - interrupted_at
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != first or reply["msg_type"] != "execute_reply":
        reply = kc.get_shell_msg(timeout=30)
    time.sleep(0.5)  # tslab drops the requests that arrive within 200 ms of a failed cell (its Run All stop)
    second = kc.execute(next_cell)
    pump(lambda m, p: p == second and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle", 60)
    pid = km.provisioner.process.pid
    before = cpu_seconds(pid)
    time.sleep(2)
    cpu = (cpu_seconds(pid) - before) / 2
    print("RESULT " + json.dumps({"started": started, "idle": idle, "idleAfterSeconds": idle_after,
        "firstStatus": reply["content"]["status"], "first": outputs.get(first, []), "second": outputs.get(second, []),
        "cpuCoresAfter": cpu}))
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;

interface DriverResult {
  started: boolean;
  idle: boolean;
  idleAfterSeconds: number;
  firstStatus: string;
  first: string[];
  second: string[];
  cpuCoresAfter: number;
}

test('interrupting a long step ends its jobs, shows "interrupted" in its cell and leaves the next cell clean', { skip: jupyterSkipReason(), timeout: 400_000 }, () => {
  installKernelSpec(paths.jupyterData);
  const run = spawnSync('/usr/bin/python3', ['-c', DRIVER, KERNEL_NAME, paths.notebooks, LONG_CELL, NEXT_CELL], {
    encoding: 'utf8', env: jupyterEnv(), cwd: paths.notebooks, timeout: 380_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `no result from the driver: ${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(line.slice('RESULT '.length)) as DriverResult;
  console.log(`kernel idle ${result.idleAfterSeconds.toFixed(2)} s after the interrupt; ${result.cpuCoresAfter.toFixed(2)} cores busy afterwards`);
  assert.ok(result.started, 'the step ran two jobs before the interrupt');
  assert.ok(result.idle, 'the interrupted cell ended');
  assert.equal(result.firstStatus, 'error', 'the interrupted cell ends as an error, so queued cells are dropped');
  const first = result.first.join('\n');
  assert.match(first, /Step "long work on a worker" interrupted/);
  assert.doesNotMatch(first, /Interrupted asynchronously/);
  assert.deepEqual(result.second, ['NEXT CELL\n'], 'the next cell holds only its own output');
  assert.ok(result.cpuCoresAfter < 0.5, `the kernel went quiet (${result.cpuCoresAfter} cores busy after the interrupt)`);
});
