import type { DataSource } from 'typeorm';

/**
 * Refuses to start on a database whose migrations are not all applied: the schema comes only from migrations,
 * which run before the app (docker-compose's `migrate` service or `npm run migration:run`).
 */
export async function assertSchemaCurrent(ds: DataSource): Promise<void> {
  const pending = await ds.showMigrations();
  if (pending) {
    throw new Error(
      'The database schema is not current: pending migrations. Run `npm run migration:run` (or the docker-compose migrate service) first.',
    );
  }
}
