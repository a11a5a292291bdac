import { readFile } from 'node:fs/promises';

/** The one member of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

/** A compiled WebAssembly.Module: opaque here, cloned into the worker as it is. */
export type CompiledWasm = object;

let compiled: Promise<CompiledWasm | undefined> | null = null;

/**
 * HiGHS' WebAssembly compiled once per process and handed to every solve worker. Each worker is a new V8 isolate:
 * given only the file, each compiles HiGHS again and, while it solves, re-optimises its hot functions in the
 * background, about 2 s of CPU per solve on the demo city. A shared module keeps that machine code, so the
 * second and later solves of a process skip it (measured: 4.4 s -> 2.1-2.6 s of process CPU per solve of the
 * city's consolidation model; the solver's answers are the same, it runs the same code). Undefined when the file
 * cannot be compiled here: the worker then loads HiGHS itself, as before.
 * @example
 * const wasmModule = await highsWasmModule();
 * runInSolveWorker({ kind: 'highs', arrays, options, isMip: true, wasmModule });
 */
export function highsWasmModule(): Promise<CompiledWasm | undefined> {
  compiled ??= readFile(require.resolve('highs/runtime'))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => undefined);
  return compiled;
}
