import type { DataSource } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Thrown instead of queueing for a connection when the pool's waiting line is already full. */
export class PoolQueueFull extends Error {
  constructor(
    readonly waiting: number,
    readonly poolSize: number,
  ) {
    super(`the database is busy: ${poolSize} connections in use and ${waiting} requests already waiting (DB_POOL_MAX_WAITING)`);
    this.name = 'PoolQueueFull';
  }
}

export interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
  connect: (cb?: (...args: unknown[]) => void) => unknown;
}

function isPostgres(driver: Driver): driver is PostgresDriver {
  return driver.options.type === 'postgres';
}

/**
 * The pg pool behind a PostgreSQL data source's queries (TypeORM declares it `any`); undefined before
 * `initialize()` or on another driver.
 * @example pgPoolOf(ds)?.waitingCount // 0
 */
export function pgPoolOf(ds: DataSource): PgPoolLike | undefined {
  const driver = ds.driver;
  if (!isPostgres(driver)) return undefined;
  const pool: PgPoolLike | undefined = driver.master;
  return pool;
}

/**
 * Bounds how many callers may wait for a pooled connection: past `maxWaiting` waiters, a caller that would have to
 * wait is refused at once with {@link PoolQueueFull} (the API answers 503 with Retry-After) instead of queueing until
 * the connection timeout turns it into a 500. A caller that gets a connection at once is never refused.
 * Call after `ds.initialize()` (the pool exists from then on).
 * @example
 * await ds.initialize();
 * boundPoolQueue(ds, 100);
 * await ds.query('SELECT 1'); // rejects with PoolQueueFull only while 100 others wait
 */
export function boundPoolQueue(ds: DataSource, maxWaiting: number): void {
  const pool = pgPoolOf(ds);
  if (!pool || typeof pool.connect !== 'function') return;
  const connect = pool.connect.bind(pool);
  pool.connect = (cb?: (...args: unknown[]) => void) => {
    const mustWait = pool.idleCount === 0 && pool.totalCount >= pool.options.max;
    if (mustWait && pool.waitingCount >= maxWaiting) {
      const err = new PoolQueueFull(pool.waitingCount, pool.options.max);
      if (cb) {
        process.nextTick(() => cb(err));
        return undefined;
      }
      return Promise.reject(err);
    }
    return connect(cb);
  };
}
