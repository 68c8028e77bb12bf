/**
 * Kernel > Interrupt for notebook steps. Jupyter interrupts this kernel with SIGINT (the
 * kernelspec's interrupt_mode "signal"). tslab's own SIGINT handler only rejects the promise the
 * cell is awaiting: the cell ends at once ("Interrupted asynchronously") while its work runs on
 * at full CPU and its outputs land in the next cell. So inside a kernel this module takes SIGINT
 * over: while a step runs, SIGINT aborts the step's AbortSignal, which the step hands to its long
 * helpers (tuning, cross-validation, pool jobs) so they end their workers and reject with an
 * AbortError; the step then shows "interrupted" in its own cell. Outside a step, or when a step
 * has not ended GRACE_MS after the abort, tslab's handler runs as before.
 */
import { setMaxListeners } from 'node:events';
import { AbortError } from '../util/abort';

/** How long an aborted step may take to wind down before tslab ends its cell anyway. */
const GRACE_MS = 1000;

interface RunningStep {
  title: string;
  controller: AbortController;
}

let running: RunningStep | undefined;
let passedOn: ((signal: NodeJS.Signals) => void)[] | undefined;
let takeOverScheduled = false;

function passOn(): void {
  for (const listener of passedOn ?? []) listener('SIGINT');
}

/**
 * What SIGINT does in a kernel: aborts the running step; returns false (and does nothing) when
 * no step is running or it was already aborted.
 */
function interruptRunningStep(): boolean {
  const step = running;
  if (step === undefined || step.controller.signal.aborted) return false;
  step.controller.abort(new AbortError(`step "${step.title}"`));
  return true;
}

function onSigint(): void {
  const step = running;
  if (!interruptRunningStep()) return passOn();
  setTimeout(() => {
    if (running === step) passOn();
  }, GRACE_MS).unref();
}

/** Moves the SIGINT listeners installed so far (tslab's) behind onSigint; once per process. */
function takeOverSigint(): void {
  if (passedOn !== undefined) return;
  passedOn = process.listeners('SIGINT');
  for (const listener of passedOn) process.removeListener('SIGINT', listener);
  process.on('SIGINT', onSigint);
}

/**
 * Takes SIGINT over on the next turn of the event loop, not now: a step starts inside the
 * synchronous part of its cell, which tslab runs with vm's breakOnSigint. While that lasts,
 * node has removed every SIGINT listener (they would be missed) and a SIGINT watchdog owns the
 * signal; a listener added then is left without a signal handler once the watchdog stops, and
 * the next interrupt kills the kernel.
 */
function scheduleTakeOver(): void {
  if (takeOverScheduled) return;
  takeOverScheduled = true;
  setImmediate(takeOverSigint);
}

export interface StepRun {
  /** Fires when the user interrupts the kernel while this step runs. */
  signal: AbortSignal;
  /** The step is over: interrupts no longer concern it. */
  end(): void;
}

/** Opens the interrupt scope of one step run. `inKernel`: route the process's SIGINT to it. */
export function beginStepRun(title: string, options: { inKernel: boolean }): StepRun {
  if (options.inKernel) scheduleTakeOver();
  const step: RunningStep = { title, controller: new AbortController() };
  // Every queued worker job listens for the abort until it settles; a tuning step queues dozens
  // at once, which is expected, not a leak (Node warns above 10 listeners).
  setMaxListeners(0, step.controller.signal);
  running = step;
  return {
    signal: step.controller.signal,
    end: () => {
      if (running === step) running = undefined;
    },
  };
}

/** What an interrupted step throws so that the cell ends as interrupted and Run All stops there. */
export class StepInterrupted extends Error {
  constructor(title: string) {
    super(`step "${title}" was interrupted; its worker jobs were ended`);
    this.name = 'Interrupted';
    // The kernel prints what a cell throws; a stack into the notebook helpers would only be noise.
    this.stack = `${this.name}: ${this.message}`;
  }
}
