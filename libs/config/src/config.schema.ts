import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`,
    );

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable the engine reads, with its default. Unknown variables are ignored;
 * a present but invalid value stops the process at boot with the variable's name.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL URL. Absent: an embedded PostgreSQL is started (demo, CLI, `npm start`). */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Redis URL for BullMQ. Absent: jobs run in-process, in order (demo and CLI). */
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  PORT: int(1, 65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Largest accepted upload, bytes; refused before parsing. */
  UPLOAD_MAX_BYTES: int(1024, 2 ** 31).default(64 * 1024 * 1024),
  /** Largest whole import request (all its files), bytes; refused from its Content-Length before reading it. */
  UPLOAD_MAX_TOTAL_BYTES: int(1024, 2 ** 31).default(128 * 1024 * 1024),
  /** Imports one API process parses at once; more get 503 with Retry-After before their upload is read. */
  IMPORT_MAX_CONCURRENT: int(1, 64).default(2),
  /** Where the API spools uploaded files while an import reads them; each is removed when its request ends. */
  UPLOAD_TMP_DIR: z.string().min(1).default(join(tmpdir(), 'edu-uploads')),
  /** Most files in one import upload. */
  UPLOAD_MAX_FILES: int(1, 100).default(20),
  /** Most vertices in one imported GeoJSON file, and nesting depth of coordinate arrays. */
  IMPORT_MAX_VERTICES: int(100, 100_000_000).default(2_000_000),
  IMPORT_MAX_FEATURE_VERTICES: int(4, 10_000_000).default(200_000),
  /** Connections in the API's PostgreSQL pool. */
  DB_POOL_SIZE: int(1, 1000).default(10),
  /** Requests that may wait for a pooled connection in the API; more are answered 503 with Retry-After at once. */
  DB_POOL_MAX_WAITING: int(0, 100_000).default(100),
  /** Embedded PostgreSQL: data folder and port. */
  EMBEDDED_PG_DIR: z.string().default('.embedded-pg'),
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329),
  /** Where reports and exports are written. */
  REPORTS_DIR: z.string().default('reports'),
  /** BullMQ queue prefix: lets tests and several deployments share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('edu'),
  /**
   * BullMQ job lock, ms: a worker renews it at half this while the job runs; a killed worker's job is stalled once it
   * lapses. With the stalled check below, a job is picked up again 1-2 of these after its worker died.
   */
  QUEUE_LOCK_MS: int(1000, 600_000).default(30_000),
  /** How often each worker looks for stalled jobs (lock lapsed), ms. */
  QUEUE_STALLED_CHECK_MS: int(1000, 600_000).default(30_000),
  /** Worker concurrency per queue. */
  WORKER_CONCURRENCY: int(1, 64).default(1),
  /** Cron for the scheduled re-evaluation of warnings (empty disables it). */
  WARNING_CRON: z.string().default('0 2 * * *'),
  /** Comma-separated webhook receiver URLs for raised/resolved alerts. */
  WEBHOOK_URLS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url(['http:', 'https:']))),
  WEBHOOK_SECRET: z.string().default(''),
  /** Optional base tile layer for the map page (WGS-84/CGCS2000 tiles only). */
  MAP_TILE_URL: z.string().default(''),
  /** Comma-separated allowed CORS origins; empty = CORS closed. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** An admin token created at boot if no token exists yet (secrets only from the environment). */
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(16).optional(),
  /**
   * Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client address (the failed-auth limiter
   * and the audit key on it). Empty: none (the peer address is the client). A hop count (`1`), or addresses, subnets
   * and `loopback`/`uniquelocal`, comma-separated. Never `true` on a port reachable without the proxy.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('')
    .refine(
      (v) => v === '' || v === 'true' || /^\d{1,2}$/.test(v) || /^[0-9a-fA-F.:/,\sa-z]+$/.test(v),
      'a hop count, "true", or comma-separated addresses/subnets',
    )
    .transform((v): boolean | number | string => (v === '' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  /** Require API tokens. Off only for local single-user use. */
  AUTH_REQUIRED: bool.default(true),
  /** Runs a planner token may start in 24 hours (more: 429 with Retry-After); 0 = no quota. */
  RUN_QUOTA_PLANNER: int(0, 1_000_000).default(100),
  /** Runs an admin token may start in 24 hours; 0 = no quota. */
  RUN_QUOTA_ADMIN: int(0, 1_000_000).default(1000),
  /** `cli prune` removes finished runs older than this many days (never approved or adopted ones). */
  RUN_RETENTION_DAYS: int(1, 36_500).default(90),
  /** Default solver time limit, seconds. */
  SOLVER_TIME_LIMIT_S: int(1, 3600).default(120),
  /** The browser of the map page's test: a Chromium binary path, or `packaged` for the npm one (default: Debian's when present). */
  TEST_CHROMIUM: z.string().optional(),
});

export type AppConfig = z.infer<typeof configSchema>;
