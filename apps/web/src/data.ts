import type { Geometry } from 'geojson';
import {
  api,
  qs,
  type Alert,
  type AlertFeature,
  type CapacityFigure,
  type DemandFigure,
  type PagedCollection,
  type Projections,
  type Stage,
} from './api';
import { alertsGeojsonUrl, figuresUrl, layerPageUrl, projectionsUrl } from '../../../libs/domain/src/read-urls';

/** Loads and caches what the map needs from the API for one dataset (and optionally one version). */
export class DataStore {
  private cache = new Map<string, Promise<unknown>>();

  constructor(
    readonly dataset: string,
    readonly version: number | undefined,
  ) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) {
      const p = load();
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return this.cache.get(key) as Promise<T>;
  }

  forget(prefix: string): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(prefix)) this.cache.delete(k);
  }

  /** A whole layer, following the pages (limit 5000) until numberMatched features are in. */
  layer<P>(layer: string, params: Record<string, string | undefined> = {}): Promise<PagedCollection<P>> {
    return this.once(`layer:${layer}:${JSON.stringify(params)}`, async () => {
      let offset = 0;
      let all: PagedCollection<P> | null = null;
      for (;;) {
        const page = await api.get<PagedCollection<P>>(layerPageUrl(this.dataset, this.version, layer, params, offset));
        if (!all) all = page;
        else all.features.push(...page.features);
        offset += page.numberReturned;
        if (page.numberReturned === 0 || offset >= page.numberMatched) break;
      }
      all!.numberReturned = all!.features.length;
      return all!;
    });
  }

  /** Projected demand aggregated to a level; null when the version has not been projected (404). */
  projections(params: { level: string; code?: string; year?: number; stage?: string }): Promise<DemandFigure[] | null> {
    return this.once(`proj:${JSON.stringify(params)}`, async () => {
      try {
        const r = await api.get<Projections>(projectionsUrl(this.dataset, this.version, params));
        return r.figures;
      } catch (e) {
        if ((e as { status?: number }).status === 404) return null;
        throw e;
      }
    });
  }

  /** Resident demand per unit and stage in a year. */
  async unitDemand(year: number): Promise<Map<string, Partial<Record<Stage, number>>> | null> {
    const figures = await this.projections({ level: 'unit', year });
    if (!figures) return null;
    const out = new Map<string, Partial<Record<Stage, number>>>();
    for (const f of figures) {
      const m = out.get(f.code) ?? {};
      // The projection's figures are of the projected stages (GET /projections publishes the stage as text).
      const stage = f.stage as Stage;
      m[stage] = (m[stage] ?? 0) + f.resident;
      out.set(f.code, m);
    }
    return out;
  }

  /**
   * Capacity figures (seats, demand, utilisation) of the latest evaluation, or of a run when runId is given; null
   * when there is none (404).
   */
  figures(q: { subjectType: string; year?: number; code?: string }, runId: number | null = null): Promise<CapacityFigure[] | null> {
    return this.once(`fig:${runId ?? ''}:${JSON.stringify(q)}`, async () => {
      try {
        return await api.get<CapacityFigure[]>(figuresUrl(this.dataset, q, runId));
      } catch (e) {
        if ((e as { status?: number }).status === 404) return null;
        throw e;
      }
    });
  }

  /** Active alerts as GeoJSON with the panel's filters. */
  alerts(filter: Record<string, string>): Promise<{ type: 'FeatureCollection'; features: AlertFeature[] }> {
    return this.once(`alerts:${JSON.stringify(filter)}`, () =>
      api.get<{ type: 'FeatureCollection'; features: AlertFeature[] }>(alertsGeojsonUrl(this.dataset, filter)),
    );
  }

  /** Every active alert of the dataset (both populations), for the details of a school, catchment or area. */
  allAlerts(): Promise<Alert[]> {
    return this.once(
      'alerts:all',
      async () => (await api.get<{ alerts: Alert[] }>(`/alerts${qs({ dataset: this.dataset, limit: 5000 })}`)).alerts,
    );
  }

  plan(
    runId: number,
  ): Promise<{ type: 'FeatureCollection'; features: { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> }[] }> {
    return this.once(`plan:${runId}`, () => api.get(`/runs/${runId}/plan.geojson`));
  }
}
