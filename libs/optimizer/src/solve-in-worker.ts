import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** How a worker solve ended, before any interpretation of the solver's answer. */
export type WorkerOutcome =
  | { kind: 'answered'; raw: unknown; solveMs: number }
  | { kind: 'failed'; message: string }
  | { kind: 'killed_at_deadline' }
  | { kind: 'cancelled' };

/** Options of {@link runInSolveWorker}. */
export interface WorkerRunOptions {
  /** Milliseconds after which the worker is terminated, whatever the solver is doing. */
  hardLimitMs?: number;
  signal?: AbortSignal;
  /** Buffers moved (not copied) into the worker, for large typed arrays. */
  transferList?: ArrayBuffer[];
  /** V8 heap cap for the worker so a runaway dense tableau cannot take the whole process down. */
  maxHeapMb?: number;
  /**
   * A one-element Int32Array on a SharedArrayBuffer that the worker polls from the solver's interrupt callbacks
   * (the solver blocks the worker's event loop, so a message would never be read). On abort it is set to 1 and
   * the worker gets {@link INTERRUPT_GRACE_MS} to stop cleanly before it is terminated.
   */
  interruptFlag?: Int32Array;
  /** Receives the worker's interim messages (`{ progress: ... }`) while it solves. */
  onInterim?: (message: unknown) => void;
}

/** How long a worker asked to stop through {@link WorkerRunOptions.interruptFlag} may take before it is killed. */
export const INTERRUPT_GRACE_MS = 1000;

/** A fresh interrupt flag for {@link WorkerRunOptions.interruptFlag}. */
export function newInterruptFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

const WORKER_FILE = 'solve-worker.js';

/**
 * Path of the plain-JavaScript worker: next to this module (src, or dist when the build copied it), else the
 * source file, found from a compiled `dist/libs/optimizer/src` or from the working directory.
 */
export function solveWorkerPath(): string {
  const candidates = [
    path.join(__dirname, WORKER_FILE),
    path.resolve(__dirname, '..', '..', '..', '..', 'libs', 'optimizer', 'src', WORKER_FILE),
    path.resolve(process.cwd(), 'libs', 'optimizer', 'src', WORKER_FILE),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`solver worker script not found; looked in: ${candidates.join(', ')}`);
  return found;
}

/**
 * Runs one raw solver call in a worker thread. The solvers are synchronous and ignore their own limits at times,
 * so the deadline and cancellation are enforced by terminating the thread, which always works.
 *
 * @example
 * const outcome = await runInSolveWorker({ kind: 'jsLpSolver', model: json }, { hardLimitMs: 5000 });
 * if (outcome.kind === 'answered') console.log(outcome.raw);
 */
export function runInSolveWorker(request: object, options: WorkerRunOptions = {}): Promise<WorkerOutcome> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise<WorkerOutcome>((resolve) => {
    const worker = new Worker(solveWorkerPath(), {
      workerData: options.interruptFlag ? { ...request, interrupt: options.interruptFlag } : request,
      transferList: options.transferList,
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
    });
    let settled = false;
    const finish = (outcome: WorkerOutcome, kill: boolean): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      if (kill) void worker.terminate();
      resolve(outcome);
    };
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let cancelRequested = false;
    const onAbort = (): void => {
      if (!options.interruptFlag) return finish({ kind: 'cancelled' }, true);
      cancelRequested = true;
      Atomics.store(options.interruptFlag, 0, 1);
      graceTimer = setTimeout(() => finish({ kind: 'cancelled' }, true), INTERRUPT_GRACE_MS);
    };
    const timer =
      options.hardLimitMs !== undefined && Number.isFinite(options.hardLimitMs)
        ? setTimeout(() => finish({ kind: 'killed_at_deadline' }, true), options.hardLimitMs)
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: { ok?: boolean; interim?: unknown; raw?: unknown; solveMs?: number; message?: string }) => {
      if (message.interim !== undefined) {
        if (!settled) options.onInterim?.(message.interim);
        return;
      }
      // An answer to an interrupt is still a cancellation: the caller asked for no result.
      if (cancelRequested) finish({ kind: 'cancelled' }, true);
      else if (message.ok) finish({ kind: 'answered', raw: message.raw, solveMs: message.solveMs ?? 0 }, true);
      else finish({ kind: 'failed', message: message.message ?? 'solver failed' }, true);
    });
    worker.on('error', (error) => finish({ kind: 'failed', message: `solver worker crashed: ${error.message}` }, true));
    worker.on('exit', (code) => finish({ kind: 'failed', message: `solver worker exited with code ${code} before answering` }, false));
  });
}
