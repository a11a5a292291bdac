import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';

/** A private Redis with an append-only file, so it can be stopped and started again without losing the queue. */
export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'edu-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--dir', this.dir], { stdio: 'ignore', detached: true });
    child.unref();
    await this.waitReady();
  }

  async stop(): Promise<void> {
    try {
      execFileSync('redis-cli', ['-p', String(this.port), 'shutdown'], { stdio: 'ignore' });
    } catch {
      /* already down */
    }
    for (let i = 0; i < 50; i++) {
      if (!(await this.ping())) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    const r = new IORedis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }

  private async waitReady(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await this.ping()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis on ${this.port} did not start`);
  }
}

/** Restarts the machine's PostgreSQL cluster (fast mode: every connection is cut). */
export function restartPostgres(): void {
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast'], { stdio: 'ignore' });
}
