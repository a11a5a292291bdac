import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { TokensService } from '@app/access';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { securityHeaders } from './security-headers';
import { ApiModule, type ApiOptions } from './api.module';
import { BodyShapeInterceptor } from './body-shape.interceptor';
import { ErrorFilter } from './error.filter';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the API application exactly as `main.ts` serves it; e2e tests use the same function. */
export async function createApiApp(cfg: AppConfig, opts: Omit<ApiOptions, 'config'>): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot({ ...opts, config: cfg }), {
    logger: LEVELS.slice(0, LEVELS.indexOf(cfg.LOG_LEVEL) + 1),
    cors: cfg.CORS_ORIGINS.length ? { origin: cfg.CORS_ORIGINS } : false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', cfg.TRUST_PROXY);
  app.use(securityHeaders(cfg.MAP_TILE_URL ? new URL(cfg.MAP_TILE_URL.replace(/\{[a-z]\}/g, 'a')).origin : null));
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new BodyShapeInterceptor());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Quzhou education resource planning engine')
    .setDescription('School capacity against resident-population projections: layers, imports, projections, warnings, scenarios.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  serveWebPage(app, cfg);
  if (cfg.BOOTSTRAP_ADMIN_TOKEN) await app.get(TokensService).ensure(cfg.BOOTSTRAP_ADMIN_TOKEN, 'bootstrap-admin', 'admin');
  return app;
}

/**
 * The map review page (apps/web, built by `npm run build:web`) at `/`. Its files are index.html and hashed
 * `app-*.js|css` and `assets/*`, so no API route is shadowed; every other path falls through to the API. The page
 * reads the optional base tile URL (MAP_TILE_URL) from /web-config.json, which needs no token.
 */
function serveWebPage(app: NestExpressApplication, cfg: AppConfig): void {
  app.use('/web-config.json', (req: Request, res: Response, next: NextFunction) => (req.method === 'GET' ? res.json({ tileUrl: cfg.MAP_TILE_URL }) : next()));
  const dir = [resolve(__dirname, '../../web/dist'), resolve(__dirname, '../../../../apps/web/dist')].find((d) => existsSync(join(d, 'index.html')));
  if (!dir) {
    new Logger('web').warn('the map page is not built (npm run build:web), so / serves nothing');
    return;
  }
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', /[\\/](app-[^\\/]*|assets[\\/].*)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
}
