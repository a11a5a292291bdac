import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The one DataSource definition used by the API, the worker, the CLI and the tests. Schema changes come only
 * from migrations: `synchronize` is off everywhere.
 * @example
 * const ds = createDataSource('postgres://postgres@127.0.0.1:5432/edu');
 * await ds.initialize(); await ds.runMigrations();
 */
export function createDataSource(url: string, extra: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: extra.poolSize ?? 10,
    applicationName: extra.applicationName ?? 'edu-planner',
    extra: { connectionTimeoutMillis: 10_000 },
  });
}
