import type { AppConfig } from '@app/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL (the single-machine default for the demo and CLI).
 * @example const { url, embedded } = await resolveDatabaseUrl(loadConfig());
 */
export async function resolveDatabaseUrl(
  cfg: AppConfig,
  log: (m: string) => void = () => undefined,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (cfg.DATABASE_URL) return { url: cfg.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ dir: cfg.EMBEDDED_PG_DIR, port: cfg.EMBEDDED_PG_PORT, log });
  if (!embedded.shared) log(`embedded PostgreSQL running from ${embedded.dataDir}`);
  return { url: embedded.url, embedded };
}
