/**
 * The shared WebAssembly memory of one training run and the kernels bound to it. Everything the
 * wasm loops read lives here: bin codes by column, the sparse rows per feature group, gradient
 * pairs, the row order and its scratch, and one histogram slot per group for the kernels to
 * fill. Histograms of whole levels stay in JavaScript buffers (they grow with the tree). The
 * memory is shared, so pool workers instantiate the same module over it and see the same bytes.
 */
import { HIST_KERNELS_WASM_BASE64 } from './wasm/kernels-binary';

/** The parts of the WebAssembly JS API used here (@types/node 20 does not declare them). */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}
interface WasmModule {
  readonly kind?: 'module';
}
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: SharedWasmMemory } }) => { exports: unknown };
}
export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

export interface GroupLayout {
  firstFeature: number;
  endFeature: number;
  /** Byte offsets of the group's rowStart (i32, rows + 1) and entries (u16). */
  rowStart: number;
  entries: number;
  entryCount: number;
}

/** Byte offsets of each region (plain numbers, so the layout travels to workers as is). */
export interface KernelLayout {
  rows: number;
  cols: number;
  columns: number;
  gradPairs: number;
  rowIndex: number;
  scratch: number;
  groups: GroupLayout[];
  /** Per group: a histogram slot of slotDoubles f64, then its (gradient, hessian) totals. */
  histScratch: number;
  slotDoubles: number;
}

export interface KernelMemory {
  /** Tells runs apart in workers, which keep the instance of the last run they served. */
  runId: string;
  memory: SharedWasmMemory;
  layout: KernelLayout;
}

export interface HistKernels {
  buildHistogram(
    rowStart: number,
    entries: number,
    gradPairs: number,
    rowIndex: number,
    hist: number,
    start: number,
    end: number,
    totals: number,
  ): void;
  partitionRows(
    column: number,
    rowIndex: number,
    scratch: number,
    start: number,
    end: number,
    threshold: number,
    missingLeft: number,
  ): number;
  splitRows(
    column: number,
    rowIndex: number,
    leftOut: number,
    rightOut: number,
    start: number,
    end: number,
    threshold: number,
    missingLeft: number,
    rightStart: number,
    rightStep: number,
  ): number;
}

const PAGE_BYTES = 65536;
/** wasm32 addresses 4 GiB at most. */
const MAX_PAGES = 65536;

let compiled: WasmModule | null = null;
let lastRun: { runId: string; kernels: HistKernels } | null = null;
let runCounter = 0;

function kernelModule(): WasmModule {
  if (compiled === null) compiled = new webAssembly.Module(Buffer.from(HIST_KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** The kernels over a run's memory, instantiated once per thread and run. */
export function kernelsOf(run: Pick<KernelMemory, 'runId' | 'memory'>): HistKernels {
  if (lastRun !== null && lastRun.runId === run.runId) return lastRun.kernels;
  const instance = new webAssembly.Instance(kernelModule(), { env: { memory: run.memory } });
  const kernels = instance.exports as unknown as HistKernels;
  lastRun = { runId: run.runId, kernels };
  return kernels;
}

export interface GroupPlan {
  firstFeature: number;
  endFeature: number;
  entryCount: number;
}

/** Lays out and allocates the memory of a run over `rows` x `cols` codes and the given groups. */
export function allocateKernelMemory(
  rows: number,
  cols: number,
  groups: GroupPlan[],
  slotDoubles: number,
): KernelMemory {
  let top = 0;
  const take = (bytes: number): number => {
    const at = top;
    top += Math.ceil(bytes / 64) * 64;
    return at;
  };
  const columns = take(rows * cols * 2);
  const gradPairs = take(rows * 8);
  const rowIndex = take(rows * 4);
  const scratch = take(rows * 4);
  const groupLayouts = groups.map((g) => ({ ...g, rowStart: take((rows + 1) * 4), entries: take(g.entryCount * 2) }));
  const histScratch = take(groups.length * (slotDoubles + 2) * 8);
  const pages = Math.ceil(top / PAGE_BYTES) + 1;
  if (pages > MAX_PAGES) {
    throw new Error(
      `hist booster: ${rows} rows x ${cols} features need ${(top / 2 ** 30).toFixed(1)} GiB of WebAssembly memory; the limit is 4 GiB`,
    );
  }
  const memory = new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  runCounter += 1;
  return {
    runId: `${process.pid}-${runCounter}`,
    memory,
    layout: { rows, cols, columns, gradPairs, rowIndex, scratch, groups: groupLayouts, histScratch, slotDoubles },
  };
}

/** Byte offset of group k's histogram slot; its totals follow at + slotDoubles * 8. */
export function histScratchOf(layout: KernelLayout, group: number): number {
  return layout.histScratch + group * (layout.slotDoubles + 2) * 8;
}
