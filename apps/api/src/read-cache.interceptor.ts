import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import {
  HttpException,
  Injectable,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { Observable, firstValueFrom, from, map, of, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { allows, type Role } from '@app/access';
import { DbChanges } from '@app/database';

/**
 * The read routes whose answer is a function of the URL and of what the database holds: layers, KPIs, alerts,
 * figures, projections, and a run's stored results. Nothing here knows how a route computes its answer.
 */
export const CACHED = [
  /^\/layers\//,
  /^\/kpis(\?|$)/,
  /^\/alerts(\.geojson)?(\?|$)/,
  /^\/figures(\?|$)/,
  /^\/projections(\?|$)/,
  /^\/runs\/\d+\/(figures|alerts|alerts\.geojson|plan\.geojson)(\?|$)/,
];

/**
 * The tables whose changes make cached reads stale; their triggers (migration ReadCacheNotify) notify on commit, and
 * STATE_SQL below reads the same tables when the listener is down.
 */
const WATCHED = new Set(['dataset_versions', 'projection_runs', 'warning_evaluations', 'alert_events', 'scenario_runs', '*']);

/**
 * What the cached reads depend on when no change notifications arrive (listener not yet connected, or lost), in one
 * round trip: dataset versions (a new import, or one removed), projection runs, warning evaluations, alert events
 * (acknowledgements) and scenario runs (one created or finishing; reviews go through the API, which clears the
 * cache). Each is an indexed max/count, so the check costs about one primary-key lookup per table.
 */
const STATE_SQL = `SELECT concat_ws('.',
  (SELECT count(*) || ':' || coalesce(max(id), 0) FROM dataset_versions),
  (SELECT coalesce(max(id), 0) FROM projection_runs),
  (SELECT coalesce(max(id), 0) FROM warning_evaluations),
  (SELECT coalesce(max(id), 0) FROM alert_events),
  (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || count(finished_at) || ':' ||
    coalesce(extract(epoch FROM max(finished_at)), 0) FROM scenario_runs)
) AS state`;

export interface Entry {
  etag: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  bytes: number;
  stored: boolean;
  /** The fast path's header lines per answer kind (all but Server-Timing), built on its first use. */
  heads?: Partial<Record<Encoding | 'not-modified', string[]>>;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** Whether an If-None-Match header names the entry's ETag (weak or strong). */
function notModified(match: string | undefined, entry: Entry): boolean {
  return !!match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag);
}

/** Most bytes of answers held (bodies plus their compressed copies); least recently used go first. */
const MAX_BYTES = 128 * 1024 * 1024;

/**
 * Serves the read routes from memory per database state: built once (concurrent misses of one URL share one
 * computation), then every request with the same URL and the same state gets the same stored bytes (gzip or brotli
 * when the client asks, each compressed once), an ETag and a 304 for a matching If-None-Match. A new dataset
 * version, projection, evaluation, acknowledgement or run anywhere notifies this process (PostgreSQL LISTEN/NOTIFY)
 * and clears the cache, so a hit costs no database round trip; while the listener is down the state is read per
 * request instead. A write through this process clears the cache at once. Runs after the auth guard. Every answer
 * says `Server-Timing: cache;desc=hit|miss|shared, app;dur=<ms>` (with `fast` when cachedReadFastPath served it).
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor, OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  /** Misses being computed, by key: a second request for the same key waits for the first one's answer. */
  private readonly pending = new Map<string, Promise<Entry>>();
  private bytes = 0;
  private generation = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly changes: DbChanges,
  ) {}

  onModuleInit(): void {
    this.changes.listen((table) => WATCHED.has(table) && this.clear());
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') {
      // Any write may change what a read answers: drop everything once it has succeeded.
      return next.handle().pipe(tap(() => this.clear()));
    }
    if (req.method !== 'GET' || !CACHED.some((re) => re.test(req.originalUrl))) return next.handle();
    const t0 = performance.now();
    const generation = this.generation;
    const answer = (state: string): Observable<StreamableFile> => {
      const key = `${state}|${req.originalUrl}`;
      const hit = this.entries.get(key);
      if (hit) {
        this.entries.delete(key);
        this.entries.set(key, hit); // most recently used last
        return of(this.reply(req, res, hit, 'hit', t0));
      }
      const shared = this.pending.get(key);
      if (shared) return from(shared).pipe(map((entry) => this.reply(req, res, entry, 'shared', t0)));
      const computed = firstValueFrom(next.handle()).then((value: unknown) => {
        const body = Buffer.from(JSON.stringify(value ?? null));
        // Named by URL and bytes, not by state: an answer that a change left as it was keeps its ETag (a 304 still).
        const entry: Entry = {
          etag: `"${createHash('sha1').update(req.originalUrl).update('\n').update(body).digest('base64url').slice(0, 27)}"`,
          body,
          bytes: body.length,
          stored: false,
        };
        if (generation === this.generation) this.store(key, entry);
        return entry;
      });
      this.pending.set(key, computed);
      const done = () => {
        if (this.pending.get(key) === computed) this.pending.delete(key);
      };
      computed.then(done, done);
      return from(computed).pipe(map((entry) => this.reply(req, res, entry, 'miss', t0)));
    };
    // With the listener live the state is this process's generation alone: no database round trip on a hit.
    if (this.changes.live) return answer(`${generation}/live`);
    return from(this.state()).pipe(switchMap(answer));
  }

  private inflight: Promise<string> | null = null;

  /**
   * Requests that arrive while a state query is running share it (50 clients cost one query, not 50); the answer is
   * never older than that query, and a write through this process still changes the key at once (the generation).
   */
  private async state(): Promise<string> {
    this.inflight ??= (this.ds.query(STATE_SQL) as Promise<{ state: string }[]>)
      .then((rows) => rows[0].state)
      .finally(() => (this.inflight = null));
    const state = await this.inflight;
    return `${this.generation}/${state}`;
  }

  private readonly clearListeners: ((urls: string[]) => void)[] = [];

  /** Calls `fn` after every clear with the URLs that were stored, least recently used first (ReadCacheWarmer). */
  onClear(fn: (urls: string[]) => void): void {
    this.clearListeners.push(fn);
  }

  private clear(): void {
    // Keys are `state|url`; a state never holds a `|`.
    const urls = [...this.entries.keys()].map((k) => k.slice(k.indexOf('|') + 1));
    this.generation++;
    this.entries.clear();
    this.pending.clear();
    this.bytes = 0;
    for (const fn of this.clearListeners) fn(urls);
  }

  private store(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    entry.stored = true;
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.entries.delete(k);
      e.stored = false;
      this.bytes -= e.bytes;
    }
  }

  private reply(req: Request, res: Response, entry: Entry, source: 'hit' | 'miss' | 'shared', t0: number): StreamableFile {
    const body = this.prepare(req, res, entry, source, t0);
    if (!body) throw new HttpException('not modified', 304);
    return new StreamableFile(body, { type: 'application/json; charset=utf-8', length: body.length });
  }

  /**
   * A stored answer for `url`, only when no database round trip is needed to know it is current (listener live):
   * what the fast path (cachedReadFastPath) may serve before Nest's pipeline. Counts as a use (LRU).
   */
  peek(url: string): Entry | undefined {
    if (!this.changes.live) return undefined;
    const key = `${this.generation}/live|${url}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Sets the headers every cached answer carries; returns the bytes to send, or null for a 304. */
  prepare(req: Request, res: Response, entry: Entry, source: 'hit' | 'miss' | 'shared', t0: number): Buffer | null {
    res.setHeader('X-Cache', source === 'hit' ? 'hit' : 'miss');
    res.setHeader('Server-Timing', `cache;desc=${source}, app;dur=${(performance.now() - t0).toFixed(2)}`);
    // A token-protected answer: only the client's own cache may keep it, and must ask again (cheap with the ETag).
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', entry.etag);
    res.setHeader('Vary', 'Accept-Encoding, Authorization');
    if (notModified(req.headers['if-none-match'], entry)) return null;
    const { encoding, body } = this.encoded(entry, req.headers['accept-encoding']);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    return body;
  }

  /** The stored bytes for a client's Accept-Encoding (brotli first), each compressed copy made once and kept. */
  encoded(entry: Entry, acceptEncoding: string | string[] | undefined): { encoding: Encoding; body: Buffer } {
    const accepted = String(acceptEncoding ?? '');
    if (entry.body.length > 1024 && /\bbr\b/.test(accepted)) {
      // Quality 5 compresses a 500 KB layer in a few milliseconds, to within a few per cent of quality 11.
      entry.br ??= this.grow(
        entry,
        brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.body.length } }),
      );
      return { encoding: 'br', body: entry.br };
    }
    if (entry.body.length > 1024 && /\bgzip\b/.test(accepted)) {
      entry.gzip ??= this.grow(entry, gzipSync(entry.body, { level: 6 }));
      return { encoding: 'gzip', body: entry.gzip };
    }
    return { encoding: 'identity', body: entry.body };
  }

  private grow(entry: Entry, compressed: Buffer): Buffer {
    entry.bytes += compressed.length;
    if (entry.stored) this.bytes += compressed.length;
    return compressed;
  }
}

/** The guard's reading of the Authorization header (apps/api/src/auth/auth.guard.ts). */
const BEARER = /^Bearer\s+(\S{1,512})$/i;

/**
 * Serves read-cache hits on the HTTP server's request event, before Express, Nest's router, guard and interceptors,
 * which cost most of a hit's CPU. Only when nothing is in doubt: a GET of a cached route (none of them has @Roles, so
 * any valid token may read them: the guard's rule `allows(role, [])`), a token this process verified in the last
 * TOKEN_TRUST_MS (or AUTH_REQUIRED off), no Origin header (CORS stays Nest's), and an answer stored under the live
 * listener's state. Anything else returns false and goes on to Express unchanged, so every refusal, its audit entry
 * and the failure limits stay the guard's; a served hit is a success, which the guard neither audits nor counts.
 * The headers are those of the Nest path (`security`: what securityHeaders sets, then prepare's), built once per
 * entry and encoding and written in one writeHead with the body (one write to the socket).
 * @example const fast = cachedReadFastPath(cache, tokens, true, securityHeaderList(null, false)); if (!fast(req, res)) express(req, res);
 */
export function cachedReadFastPath(
  cache: ReadCacheInterceptor,
  tokens: { trustedNow(token: string): { role: Role } | null },
  authRequired: boolean,
  security: [string, string][],
) {
  const common = [...security.flat(), 'X-Cache', 'hit', 'Cache-Control', 'private, no-cache', 'Vary', 'Accept-Encoding, Authorization'];
  const heads = (entry: Entry, kind: Encoding | 'not-modified', length: number): string[] => {
    entry.heads ??= {};
    return (entry.heads[kind] ??= [
      ...common,
      'ETag',
      entry.etag,
      ...(kind === 'not-modified'
        ? []
        : [
            ...(kind === 'identity' ? [] : ['Content-Encoding', kind]),
            'Content-Type',
            'application/json; charset=utf-8',
            'Content-Length',
            String(length),
          ]),
    ]);
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (req.method !== 'GET' || req.headers.origin !== undefined || !CACHED.some((re) => re.test(url))) return false;
    const t0 = performance.now();
    if (authRequired) {
      const m = BEARER.exec(req.headers.authorization ?? '');
      const who = m ? tokens.trustedNow(m[1]) : null;
      if (!who || !allows(who.role, [])) return false;
    }
    const entry = cache.peek(url);
    if (!entry) return false;
    const timing = (): string[] => ['Server-Timing', `cache;desc=hit, fast, app;dur=${(performance.now() - t0).toFixed(2)}`];
    if (notModified(req.headers['if-none-match'], entry)) {
      res.writeHead(304, [...heads(entry, 'not-modified', 0), ...timing()]);
      res.end();
      return true;
    }
    const { encoding, body } = cache.encoded(entry, req.headers['accept-encoding']);
    res.writeHead(200, [...heads(entry, encoding, body.length), ...timing()]);
    res.end(body);
    return true;
  };
}

/**
 * Puts `first` in front of the HTTP server's request listeners (Nest's Express app): a request it answers (true)
 * never reaches Express; any other goes on to the listeners as before.
 * @example serveFirst(app.getHttpServer(), cachedReadFastPath(cache, tokens, true, securityHeaderList(null, false)))
 */
export function serveFirst(server: Server, first: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const rest = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!first(req, res)) for (const listener of rest) Reflect.apply(listener, server, [req, res]);
  });
}
