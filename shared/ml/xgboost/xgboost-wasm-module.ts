/**
 * Loading of the XGBoost WebAssembly build shipped inside ml-xgboost, and the low-level
 * plumbing every call into it needs: heap buffers allocated with `_malloc` (never cwrap
 * 'array' arguments, which are copied onto the 5 MB wasm stack and abort for large
 * matrices), capture of XGBoost's log lines, and conversion of C++ aborts into Errors.
 *
 * The build is XGBoost 0.7x compiled with exception catching disabled: any C++ error
 * escapes as a thrown string/number and whatever the failing call allocated stays
 * allocated. Callers therefore validate everything in TypeScript before calling in.
 */

/** The wasm exports ml-xgboost's C glue provides (see node_modules/ml-xgboost/src). */
export interface XGBoostWasmModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  /** Builds a DMatrix (missing value -1) from row-major float32 data plus labels. */
  _create_model(dataPointer: number, labelPointer: number, rows: number, cols: number): number;
  _set_param(model: number, namePointer: number, valuePointer: number): void;
  _train_full_model(model: number, iterations: number): void;
  /** Predicts one row (missing value -1) into `outPointer`; returns the number of outputs. */
  _predict_one(model: number, rowPointer: number, cols: number, outPointer: number): number;
  /** Serialises the model into an internal file; returns its size in bytes, -1 on failure. */
  _save_model(model: number): number;
  /** Copies the file written by the last `_save_model` into `pointer`. */
  _get_file_content(pointer: number, size: number): void;
  /** Returns a model handle, 0 when XGBoost refused the bytes. */
  _load_model(pointer: number, size: number): number;
  _free_memory_model(model: number): void;
  _sbrk(increment: number): number;
  stackSave(): number;
  stackRestore(pointer: number): void;
  print: (line: string) => void;
  printErr: (line: string) => void;
  isReady: Promise<unknown>;
}

const MAX_LOG_LINES = 200;
const recentLog: string[] = [];
let loaded: Promise<XGBoostWasmModule> | undefined;

function recordLogLine(line: string): void {
  // The emscripten loader reports that it could not stream-compile from a file path
  // (fetch cannot read files) and falls back to reading the file: harmless, not worth showing.
  if (/wasm streaming compile failed|falling back to ArrayBuffer/.test(line)) return;
  recentLog.push(line);
  if (recentLog.length > MAX_LOG_LINES) recentLog.splice(0, recentLog.length - MAX_LOG_LINES);
}

/** Loads (once per process) the XGBoost wasm module; its log output is captured, not printed. */
export function loadXGBoostWasm(): Promise<XGBoostWasmModule> {
  if (loaded === undefined) {
    // The emscripten loader ships without type declarations; XGBoostWasmModule describes it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped emscripten loader, loaded synchronously once
    const wasm = require('ml-xgboost/dist/wasm/xgboost') as XGBoostWasmModule;
    // Installed synchronously after require, before the loader's first asynchronous message.
    wasm.print = recordLogLine;
    wasm.printErr = recordLogLine;
    loaded = wasm.isReady.then(() => wasm);
  }
  return loaded;
}

/**
 * Runs `call` against the wasm module, restoring the wasm stack and turning the raw values
 * a C++ abort throws into an Error that names the operation and quotes XGBoost's message.
 */
export function callWasm<T>(wasm: XGBoostWasmModule, operation: string, call: () => T): T {
  const logStart = recentLog.length;
  const stack = wasm.stackSave();
  try {
    return call();
  } catch (thrown) {
    wasm.stackRestore(stack);
    if (thrown instanceof Error) throw thrown;
    const messages = recentLog.slice(Math.min(logStart, recentLog.length)).filter((l) => l.trim() !== '');
    const detail = messages.length > 0 ? messages[messages.length - 1] : 'no message was logged';
    throw new Error(
      `XGBoost (wasm) failed during ${operation}: ${detail} ` +
        `(raw C++ exception ${String(thrown)}; memory it held is not released)`,
      { cause: thrown },
    );
  }
}

/** Allocates `bytes` on the wasm heap; throws when the heap cannot grow. */
export function mallocOrThrow(wasm: XGBoostWasmModule, bytes: number, what: string): number {
  const pointer = wasm._malloc(Math.max(bytes, 1));
  if (pointer === 0) {
    throw new Error(`XGBoost (wasm) could not allocate ${bytes} bytes for ${what}: the 2 GB wasm heap is exhausted`);
  }
  return pointer;
}

/** Allocates a NUL-terminated ASCII copy of `text` on the wasm heap. */
export function mallocCString(wasm: XGBoostWasmModule, text: string): number {
  const pointer = mallocOrThrow(wasm, text.length + 1, `the string "${text}"`);
  const heap = wasm.HEAPU8;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || code > 127) {
      wasm._free(pointer);
      throw new Error(`XGBoost parameter text must be printable ASCII, got ${JSON.stringify(text)}`);
    }
    heap[pointer + i] = code;
  }
  heap[pointer + text.length] = 0;
  return pointer;
}

/** The current top of the wasm heap (sbrk break): grows only when the allocator needs more. */
export function wasmHeapTop(wasm: XGBoostWasmModule): number {
  return wasm._sbrk(0);
}
