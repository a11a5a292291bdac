import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { TokensService } from '@app/access';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { securityHeaderList, securityHeaders } from './security-headers';
import { ApiModule, type ApiOptions } from './api.module';
import { BodyShapeInterceptor } from './body-shape.interceptor';
import { ErrorFilter } from './error.filter';
import { openApiDocument } from './openapi';
import { ReadCacheInterceptor, cachedReadFastPath, serveFirst } from './read-cache.interceptor';
import { ReadCacheWarmer } from './read-cache-warmer';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the API application exactly as `main.ts` serves it; e2e tests use the same function. `warmReads`: keep the
 * read cache warm for the map's first requests (ReadCacheWarmer), as main.ts does; off by default, so a test sees
 * its own misses.
 */
export async function createApiApp(
  cfg: AppConfig,
  opts: Omit<ApiOptions, 'config'>,
  extras: { warmReads?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot({ ...opts, config: cfg }), {
    logger: LEVELS.slice(0, LEVELS.indexOf(cfg.LOG_LEVEL) + 1),
    cors: cfg.CORS_ORIGINS.length ? { origin: cfg.CORS_ORIGINS } : false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', cfg.TRUST_PROXY);
  const tileOrigin = cfg.MAP_TILE_URL ? new URL(cfg.MAP_TILE_URL.replace(/\{[a-z]\}/g, 'a')).origin : null;
  app.use(securityHeaders(tileOrigin));
  // Before Express: cache hits for tokens already trusted skip the pipeline (anything else falls through).
  serveFirst(
    app.getHttpServer(),
    cachedReadFastPath(app.get(ReadCacheInterceptor), app.get(TokensService), cfg.AUTH_REQUIRED, securityHeaderList(tileOrigin, false)),
  );
  if (extras.warmReads) app.get(ReadCacheWarmer).start(app.getHttpServer());
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new BodyShapeInterceptor());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app));
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
  app.use('/web-config.json', (req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' ? res.json({ tileUrl: cfg.MAP_TILE_URL }) : next(),
  );
  const dir = [resolve(__dirname, '../../web/dist'), resolve(__dirname, '../../../../apps/web/dist')].find((d) =>
    existsSync(join(d, 'index.html')),
  );
  if (!dir) {
    new Logger('web').warn('the map page is not built (npm run build:web), so / serves nothing');
    return;
  }
  const cacheControl = (path: string) =>
    /[\\/](app-[^\\/]*|assets[\\/].*)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
  app.use(precompressed(dir, cacheControl));
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControl(path)),
  });
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Serves the .br/.gz copies that apps/web/build.mjs wrote beside the page's files, held in memory, to a client that
 * accepts them (brotli first): the map's bundle is never compressed per request. Anything else falls through to the
 * plain static server.
 */
function precompressed(dir: string, cacheControl: (path: string) => string): (req: Request, res: Response, next: NextFunction) => void {
  const files = new Map<string, { type: string; br?: Buffer; gz?: Buffer; etag: string }>();
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  for (const file of walk(dir)) {
    const m = /^(.*)\.(br|gz)$/.exec(file);
    const type = m ? TYPES[extname(m[1])] : undefined;
    if (!m || !type || !existsSync(m[1])) continue;
    const url = `/${relative(dir, m[1]).split(/[\\/]/).join('/')}`;
    const entry = files.get(url) ?? { type, etag: `"${createHash('sha1').update(readFileSync(m[1])).digest('base64url').slice(0, 27)}"` };
    entry[m[2] as 'br' | 'gz'] = readFileSync(file);
    files.set(url, entry);
  }
  return (req, res, next) => {
    const entry = req.method === 'GET' || req.method === 'HEAD' ? files.get(req.path === '/' ? '/index.html' : req.path) : undefined;
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const [encoding, body] =
      entry?.br && /\bbr\b/.test(accepted) ? ['br', entry.br] : entry?.gz && /\bgzip\b/.test(accepted) ? ['gzip', entry.gz] : [null, null];
    if (!entry || !encoding || !body) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', cacheControl(req.path));
    // One ETag per encoding: a cache must not answer a gzip request with brotli bytes.
    const etag = `${entry.etag.slice(0, -1)}-${encoding}"`;
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', entry.type);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
