import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@app/config';
import { resolveDatabaseUrl, type EmbeddedDatabase } from '@app/database';
import { CliModule } from './cli.module';

export interface CliContext {
  cfg: AppConfig;
  app: INestApplicationContext;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * Boots the domain modules for one CLI command. The embedded database migrates itself; a configured server must
 * already be migrated (`npm run migration:run`).
 */
export async function openContext(opts: { inlineJobs?: boolean } = {}): Promise<CliContext> {
  const cfg = loadConfig();
  const { url, embedded } = await resolveDatabaseUrl(cfg, (m) => console.error(m));
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot({
      database: { url, migrate: embedded !== null, applicationName: 'edu-cli' },
      redisUrl: opts.inlineJobs ? undefined : cfg.REDIS_URL,
      queuePrefix: cfg.QUEUE_PREFIX,
    }),
    { logger: ['error', 'warn'] },
  );
  return {
    cfg,
    app,
    embedded,
    close: async () => {
      await app.close();
      if (embedded) await embedded.stop();
    },
  };
}
