import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { TokensService } from '@app/access';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { securityHeaders } from './security-headers';
import { ApiModule, type ApiOptions } from './api.module';
import { ErrorFilter } from './error.filter';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the API application exactly as `main.ts` serves it; e2e tests use the same function. */
export async function createApiApp(cfg: AppConfig, opts: Omit<ApiOptions, 'config'>): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot({ ...opts, config: cfg }), {
    logger: LEVELS.slice(0, LEVELS.indexOf(cfg.LOG_LEVEL) + 1),
    cors: cfg.CORS_ORIGINS.length ? { origin: cfg.CORS_ORIGINS } : false,
  });
  app.disable('x-powered-by');
  app.use(securityHeaders(cfg.MAP_TILE_URL ? new URL(cfg.MAP_TILE_URL.replace(/\{[a-z]\}/g, 'a')).origin : null));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Quzhou education resource planning engine')
    .setDescription('School capacity against resident-population projections: layers, imports, projections, warnings, scenarios.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  if (cfg.BOOTSTRAP_ADMIN_TOKEN) await app.get(TokensService).ensure(cfg.BOOTSTRAP_ADMIN_TOKEN, 'bootstrap-admin', 'admin');
  return app;
}
