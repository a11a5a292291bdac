import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import type { ParsedArgs } from '../args';

function requireUrl(): string {
  const url = loadConfig().DATABASE_URL;
  if (!url) throw new Error('backup and restore work on a PostgreSQL server: set DATABASE_URL (the embedded demo database has no pg_dump)');
  return url;
}

/**
 * `backup <file>`: the whole database (data, versions, runs, alerts, tokens) with pg_dump's custom format, which
 * pg_restore can load into a fresh database of the same or a newer PostgreSQL.
 */
export async function backupCommand(args: ParsedArgs): Promise<number> {
  const file = args.positionals[1];
  if (!file) throw new Error('usage: backup <file.dump>');
  execFileSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, requireUrl()], { stdio: 'inherit' });
  console.log(`backup written to ${file} (${statSync(file).size} bytes)`);
  return 0;
}

/** `restore <file>`: loads a backup into DATABASE_URL, which must be an empty database; all or nothing. */
export async function restoreCommand(args: ParsedArgs): Promise<number> {
  const file = args.positionals[1];
  if (!file) throw new Error('usage: restore <file.dump>   (into the empty database DATABASE_URL names)');
  const url = requireUrl();
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ n }] = (await c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows as {
    n: number;
  }[];
  await c.end();
  if (n > 0) throw new Error(`the target database already has ${n} tables: restore into a new, empty database`);
  execFileSync('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file], {
    stdio: 'inherit',
  });
  console.log(`restored ${file}`);
  return 0;
}
