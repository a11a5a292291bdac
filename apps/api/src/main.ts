import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { resolveDatabaseUrl } from '@app/database';
import { createApiApp } from './create-app';

async function bootstrap(): Promise<void> {
  const cfg = loadConfig();
  const log = new Logger('api');
  const { url, embedded } = await resolveDatabaseUrl(cfg, (m) => log.log(m));
  // The embedded database is private to this machine, so it migrates itself; a shared server is migrated beforehand.
  const app = await createApiApp(
    cfg,
    { database: { url, migrate: embedded !== null, applicationName: 'edu-api' }, redisUrl: cfg.REDIS_URL, queuePrefix: cfg.QUEUE_PREFIX },
    { warmReads: true },
  );
  await app.listen(cfg.PORT, cfg.HOST);
  log.log(`API on http://${cfg.HOST}:${cfg.PORT} (OpenAPI at /docs)`);
}

bootstrap().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
