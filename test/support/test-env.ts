import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/database';
import type { DataSource } from 'typeorm';

/** The PostgreSQL server tests run against: DATABASE_URL when set, else the local one. */
export function serverUrl(): string {
  return loadConfig().DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The Redis tests run against: REDIS_URL when set, else the local one. */
export function redisUrl(): string {
  return loadConfig().REDIS_URL ?? 'redis://127.0.0.1:6379';
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  ds: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh database on the real server (or on `server`, a private cluster's admin URL), schema built by running the
 * migrations; `drop()` removes it. Each test file gets its own, so files never see each other's rows.
 */
export async function createTestDatabase(prefix = 'edu_test', server = serverUrl()): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(server, name);
  const ds = createDataSource(url, { poolSize: 4, applicationName: 'edu-test' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    url,
    name,
    ds,
    drop: async () => {
      if (ds.isInitialized) await ds.destroy();
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Row counts of every data table, to prove a rejected import wrote nothing. */
export async function countRows(ds: DataSource): Promise<Record<string, number>> {
  const tables = [
    'datasets',
    'dataset_versions',
    'areas',
    'districts',
    'schools',
    'catchments',
    'population_units',
    'population_counts',
    'births',
    'housing_projects',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await ds.query(`SELECT count(*)::int AS n FROM "${t}"`))[0].n);
  return out;
}

/** Where tests' run reports go (ignored by git), so they never overwrite the demo's reports/. */
export const TEST_REPORTS_DIR = resolve(__dirname, '../../test-output/reports');
