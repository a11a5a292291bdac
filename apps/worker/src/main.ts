import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { resolveDatabaseUrl } from '@app/database';
import { WorkerModule } from './worker.module';

/** Worker bootstrap: an application context (no HTTP), schema checked, never synchronised. */
async function bootstrap(): Promise<void> {
  const cfg = loadConfig();
  const log = new Logger('worker');
  if (!cfg.REDIS_URL) throw new Error('REDIS_URL is required for the worker (without Redis, jobs run in-process in the CLI and demo)');
  const { url, embedded } = await resolveDatabaseUrl(cfg, (m) => log.log(m));
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({
      config: cfg,
      database: { url, migrate: embedded !== null, applicationName: 'edu-worker' },
      redisUrl: cfg.REDIS_URL,
    }),
    { logger: ['error', 'warn', 'log'] },
  );
  app.enableShutdownHooks();
  log.log('worker ready: waiting for jobs');
}

bootstrap().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
