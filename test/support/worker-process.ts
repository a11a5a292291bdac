import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { childEnv } from '@app/config';

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');

/**
 * Starts the real worker (apps/worker) in its own process and waits until it says it is ready; `argv` picks the
 * entry (the sources through scripts/register.js by default, or the compiled dist/apps/worker/src/main.js).
 */
export async function startWorker(
  env: Record<string, string>,
  timeoutMs = 60_000,
  argv = ['-r', './scripts/register.js', 'apps/worker/src/main.ts'],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: childEnv({ LOG_LEVEL: 'log', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`worker exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill(signal);
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Polls until `fn` returns a truthy value or the time is up. */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
