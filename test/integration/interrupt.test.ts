/**
 * Kernel > Interrupt in a real kernel (issue 15 item 2), through Jupyter's own client: a step
 * that keeps a pool worker busy and shows a line after each job is interrupted with SIGINT (the
 * kernelspec's interrupt_mode "signal", what Jupyter's Interrupt button sends). The cell must
 * end as interrupted with the step's "interrupted" box, the next cell must receive nothing from
 * it, and the kernel must stop spending CPU once the next cell is done. A cell naming what the
 * interrupted cell declared must compile and say which step to run again; and a step in a long
 * synchronous loop (the bootstrap) must end the same way, not with Node's SIGINT message.
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
const worked = await step('long work on a worker', async (signal) => {
  for (let job = 1; job <= 60; job++) {
    await sharedWorkerPool().run(BURN, { ms: 250 }, [], signal);
    displayBundle({ 'text/plain': 'JOB ' + job + ' DONE' });
  }
  return 'all jobs';
});
`;
const NEXT_CELL = `await new Promise((resolve) => setTimeout(resolve, 3000)); console.log('NEXT CELL');`;
// Names a declaration of the interrupted cell: tslab used to refuse to compile it ("Cannot find name").
const USES_INTERRUPTED = `const uses = await step('use the interrupted work', () => worked); console.log('COMPILED', typeof BURN);`;
// A long synchronous loop in a step (the bootstrap), cooperative: interrupted while it resamples.
const SYNC_LOOP_CELL = `
import { bootstrapInterval } from './shared/core/metrics/bootstrap';
import { rocAuc } from './shared/core/metrics/roc';
import { startNotebook } from './shared/core/notebook/step';
startNotebook();
const labels = Float64Array.from({ length: 4000 }, (_, i) => (i % 9 === 0 ? 1 : 0));
const scores = Float64Array.from(labels, (y, i) => ((i * 7919) % 1000) / 1000 + y / 3);
const interval = await step('bootstrap intervals', (signal) => {
  displayBundle({ 'text/plain': 'RESAMPLING' });
  return bootstrapInterval(labels, scores, rocAuc, { iterations: 1000000, seed: 1, signal: signal });
});
`;

/** Cells run in turn; a cell with `interruptOn` is interrupted once its output holds that text. */
interface DriverCell {
  code: string;
  interruptOn?: string;
}
const CELLS: DriverCell[] = [
  { code: LONG_CELL, interruptOn: 'JOB 2 DONE' },
  { code: NEXT_CELL },
  { code: USES_INTERRUPTED },
  { code: SYNC_LOOP_CELL, interruptOn: 'RESAMPLING' },
  { code: `console.log('AFTER THE LOOP');` },
];

const DRIVER = `
import json, sys, time
from jupyter_client.manager import start_new_kernel
kernel_name, cwd = sys.argv[1:3]
cells = json.load(sys.stdin)
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
def idle(msg_id):
    return lambda m, p: p == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
def reply_to(msg_id):
    reply = kc.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id or reply["msg_type"] != "execute_reply":
        reply = kc.get_shell_msg(timeout=60)
    return reply["content"]["status"]
def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f: fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0
results = []
try:
    for cell in cells:
        msg_id = kc.execute(cell["code"])
        result = {}
        marker = cell.get("interruptOn")
        if marker:
            result["started"] = pump(lambda m, p: p == msg_id and any(marker in t for t in outputs.get(msg_id, [])), 120)
            if not result["started"]:
                results.append(result)
                break
            interrupted_at = time.time()
            km.interrupt_kernel()
            result["idle"] = pump(idle(msg_id), 60)
            result["idleAfterSeconds"] = time.time() - interrupted_at
        else:
            result["idle"] = pump(idle(msg_id), 120)
        result["status"] = reply_to(msg_id)
        result["outputs"] = outputs.get(msg_id, [])
        results.append(result)
        time.sleep(0.5)  # tslab drops the requests that arrive within 200 ms of a failed cell (its Run All stop)
    pid = km.provisioner.process.pid
    before = cpu_seconds(pid)
    time.sleep(2)
    print("RESULT " + json.dumps({"cells": results, "cpuCoresAfter": (cpu_seconds(pid) - before) / 2}))
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`;

interface CellResult {
  started?: boolean;
  idle: boolean;
  idleAfterSeconds?: number;
  status: string;
  outputs: string[];
}

interface DriverResult {
  cells: CellResult[];
  cpuCoresAfter: number;
}

test(
  'interrupting a long step ends its jobs, shows "interrupted" in its cell and leaves the next cell clean',
  { skip: jupyterSkipReason(), timeout: 400_000 },
  () => {
    installKernelSpec(paths.jupyterData);
    const run = spawnSync('/usr/bin/python3', ['-c', DRIVER, KERNEL_NAME, paths.notebooks], {
      encoding: 'utf8',
      env: jupyterEnv(),
      cwd: paths.notebooks,
      timeout: 380_000,
      input: JSON.stringify(CELLS),
    });
    assert.equal(run.status, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    assert.ok(line, `no result from the driver: ${run.stdout}\n${run.stderr}`);
    const result = JSON.parse(line.slice('RESULT '.length)) as DriverResult;
    const [long, next, uses, loop, afterLoop] = result.cells;
    assert.equal(result.cells.length, CELLS.length, `every cell ran: ${JSON.stringify(result.cells)}`);
    console.log(
      `kernel idle ${long.idleAfterSeconds?.toFixed(2)} s after the interrupt of the pool step, ` +
        `${loop.idleAfterSeconds?.toFixed(2)} s after the one of the bootstrap; ${result.cpuCoresAfter.toFixed(2)} cores busy afterwards`,
    );
    assert.ok(long.started, 'the step ran two jobs before the interrupt');
    assert.ok(long.idle, 'the interrupted cell ended');
    assert.equal(long.status, 'error', 'the interrupted cell ends as an error, so queued cells are dropped');
    const first = long.outputs.join('\n');
    assert.match(first, /Step "long work on a worker" interrupted/);
    assert.doesNotMatch(first, /Interrupted asynchronously/);
    assert.deepEqual(next.outputs, ['NEXT CELL\n'], 'the next cell holds only its own output');

    const used = uses.outputs.join('\n');
    assert.equal(uses.status, 'ok', `a cell naming the interrupted cell's declarations compiles: ${used}`);
    assert.doesNotMatch(used, /Cannot find name/);
    assert.match(used, /Skipped "use the interrupted work"\nbecause step "long work on a worker" failed: Interrupted/);
    assert.match(used, /run the cell of "long work on a worker" again/);
    assert.match(used, /COMPILED object/);

    assert.ok(loop.started && loop.idle, 'the bootstrap started and its cell ended');
    const shown = loop.outputs.join('\n');
    assert.equal(loop.status, 'error');
    assert.match(shown, /Step "bootstrap intervals" interrupted/);
    assert.doesNotMatch(
      shown,
      /Script execution was interrupted|Interrupted asynchronously/,
      "not Node's or tslab's message",
    );
    assert.deepEqual(afterLoop.outputs, ['AFTER THE LOOP\n'], 'the cell after holds only its own output');
    assert.ok(
      result.cpuCoresAfter < 0.5,
      `the kernel went quiet (${result.cpuCoresAfter} cores busy after the interrupts)`,
    );
  },
);
