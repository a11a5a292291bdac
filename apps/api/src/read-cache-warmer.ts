import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { TokensService } from '@app/access';
import { DatasetStore } from '@app/datasets-service';
import { alertsGeojsonUrl, figuresUrl, layerPageUrl, projectionsUrl } from '@app/domain';
import { ReadCacheInterceptor } from './read-cache.interceptor';

/** At most this many datasets get the map's first requests warmed (the newest ones). */
const MAX_DATASETS = 20;
/** At most this many of the URLs stored before a clear are computed again after it (the most recently used). */
const MAX_HOT = 32;

/**
 * The requests the map page (apps/web/src/app.ts, loadBase and refreshYear; alerts-panel.ts) sends first for a
 * dataset opened without a version (the population units just after the first render). Both build the URLs with
 * the same functions (libs/domain read-urls), since the read cache is keyed by the exact URL; which reads come first
 * is listed here and in app.ts, and test/read-cache-warm.e2e-spec.ts checks the page's first visit gets only hits.
 * `year` is the first projected year (or the first evaluated one without a projection).
 * @example mapFirstRequests('quzhou').layers[0] // '/layers/areas?dataset=quzhou&level=county&limit=5000&offset=0'
 */
export function mapFirstRequests(dataset: string): {
  /** Each layer's first page; `layerPage(i, offset)` spells layer i's later pages. */
  layers: string[];
  layerPage: (layer: number, offset: number) => string;
  city: string;
  cityFigures: string;
  forYear: (year: number, projected: boolean) => string[];
} {
  const layers: [string, Record<string, string>][] = [
    ['areas', { level: 'county' }],
    ['areas', { level: 'township' }],
    ['areas', { level: 'village' }],
    ['schools', {}],
    ['districts', {}],
    ['housing', {}],
    ['units', {}],
  ];
  const layerPage = (i: number, offset: number) => layerPageUrl(dataset, undefined, layers[i][0], layers[i][1], offset);
  return {
    layers: layers.map((_, i) => layerPage(i, 0)),
    layerPage,
    city: projectionsUrl(dataset, undefined, { level: 'city' }),
    cityFigures: figuresUrl(dataset, { subjectType: 'city' }, null),
    forYear: (year, projected) => [
      ...(projected ? [projectionsUrl(dataset, undefined, { level: 'unit', year })] : []),
      figuresUrl(dataset, { subjectType: 'school', year }, null),
      alertsGeojsonUrl(dataset, { population: 'resident' }),
    ],
  };
}

/**
 * Keeps the read cache warm, so that the first visitor after a start or a change gets hits: after every clear of
 * the cache (the listener's first connection at start-up, every change notification, every write through the API)
 * it waits `delayMs` for the changes to settle, then asks its own server on loopback, one request at a time, for the
 * map page's first requests of each dataset (mapFirstRequests) and for the URLs that were stored before the clear.
 * A newer clear stops a pass and starts the wait again. The requests carry a token valid in this process only
 * (TokensService.internal), so they pass the guard like any reader's; a visitor asking for a URL being warmed shares
 * its computation (the cache's single flight). Inert until `start`; main.ts starts it, the e2e tests mostly do not.
 */
@Injectable()
export class ReadCacheWarmer {
  private readonly log = new Logger('read-cache');
  private base: string | null = null;
  private token = '';
  private timer: NodeJS.Timeout | null = null;
  /** Bumped by every clear: a pass started before the latest clear stops at its next request. */
  private pass = 0;
  private running: Promise<void> | null = null;
  private hot: string[] = [];
  private delayMs = 500;
  private stopped = false;
  /** What the last finished pass did, for logs and tests. */
  last: { answers: number; ms: number } | null = null;

  constructor(
    private readonly cache: ReadCacheInterceptor,
    private readonly datasets: DatasetStore,
    private readonly tokens: TokensService,
  ) {}

  /** Warms after `server` listens and after every clear of the cache from then on. */
  start(server: Server, delayMs = 500): void {
    this.delayMs = delayMs;
    this.token = this.tokens.internal('read-cache warm-up', 'reviewer');
    this.cache.onClear((urls) => {
      this.hot = [...new Set([...this.hot, ...urls].reverse())].slice(0, MAX_HOT).reverse();
      this.schedule();
    });
    server.once('listening', () => {
      const a = server.address() as AddressInfo;
      const host =
        a.address === '0.0.0.0' ? '127.0.0.1' : a.address === '::' ? '[::1]' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
      this.base = `http://${host}:${a.port}`;
      this.schedule();
    });
    server.once('close', () => {
      this.stopped = true;
      this.pass++;
      if (this.timer) clearTimeout(this.timer);
    });
  }

  /** Resolves once no pass is waiting or running (tests and benches: "the cache is as warm as it gets"). */
  async settled(): Promise<void> {
    while (this.timer || this.running) await (this.running ?? new Promise((ok) => setTimeout(ok, 20)));
  }

  private schedule(): void {
    this.pass++;
    if (!this.base || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.delayMs);
  }

  private async run(): Promise<void> {
    // One pass at a time: a newer one waits for the one it stopped.
    await this.running;
    if (this.timer || this.stopped) return;
    const pass = this.pass;
    this.running = this.warm(pass)
      .catch((e: unknown) => this.log.warn(`warming the read cache failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (this.running = null));
    await this.running;
  }

  private async warm(pass: number): Promise<void> {
    const t0 = performance.now();
    const done = new Set<string>();
    // Only the layer pages (how many features follow) and the city figures (which year comes first) are read; the
    // other answers are drained unparsed, since the pass runs on the API's own event loop.
    const get = async (url: string, read = false): Promise<unknown> => {
      if (pass !== this.pass || done.has(url)) return undefined;
      done.add(url);
      const res = await fetch(`${this.base}${url}`, { headers: { authorization: `Bearer ${this.token}`, 'accept-encoding': 'br, gzip' } });
      if (read && res.ok) return res.json();
      await res.arrayBuffer();
      return undefined;
    };
    const names = await this.datasets.recentDatasetsWithVersions(MAX_DATASETS);
    for (const name of names) {
      const first = mapFirstRequests(name);
      for (let i = 0; i < first.layers.length; i++) {
        // The page follows a layer's pages until numberMatched features are in.
        type Page = { numberMatched?: number; numberReturned?: number } | undefined;
        let page = (await get(first.layers[i], true)) as Page;
        let offset = page?.numberReturned ?? 0;
        while (page?.numberReturned && offset < (page.numberMatched ?? 0)) {
          page = (await get(first.layerPage(i, offset), true)) as Page;
          offset += page?.numberReturned ?? 0;
        }
      }
      const city = (await get(first.city, true)) as { figures?: { year: number }[] } | undefined;
      const years = (city?.figures ?? ((await get(first.cityFigures, true)) as { year: number }[] | undefined) ?? []).map((f) => f.year);
      if (years.length) for (const url of first.forYear(Math.min(...years), !!city?.figures)) await get(url);
    }
    for (const url of this.hot) await get(url);
    if (pass !== this.pass) return;
    this.last = { answers: done.size, ms: performance.now() - t0 };
    this.log.log(`read cache warmed: ${done.size} answers in ${this.last.ms.toFixed(0)} ms`);
  }
}
