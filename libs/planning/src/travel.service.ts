import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DatasetStore } from '@app/datasets';
import { centroidOf, haversineKm } from '@app/geo';
import { TravelCostCache, travelCostFor, type TravelCost } from '@app/routing';
import { LayerQueryService } from './layer-query.service';
import { travelQuerySchema, type TravelAnswer } from './travel.schema';

interface Place {
  code: string;
  kind: 'unit' | 'school';
  name: string;
  lon: number;
  lat: number;
}

interface VersionTravel {
  cost: TravelCost;
  places: Map<string, Place>;
}

/**
 * Travel questions on a dataset version: minutes and km between a unit or school and a school, on the version's
 * road layer (or straight line x detour without one). The built network is cached per version.
 */
@Injectable()
export class TravelService {
  /** Built networks and place tables per version (immutable, so never stale); at most three kept. */
  private readonly cache = new TravelCostCache<Promise<VersionTravel>>(3);

  constructor(
    private readonly store: DatasetStore,
    private readonly layers: LayerQueryService,
  ) {}

  /** The provider and the places of a version (built once per version; concurrent askers share the build). */
  forVersion(versionId: number): Promise<VersionTravel> {
    const key = `v${versionId}`;
    const built = this.cache.get(key, async () => {
      const r = await this.store.loadRecords(versionId, ['units', 'schools', 'roads']);
      const places = new Map<string, Place>();
      for (const u of r.units) {
        const [lon, lat] = centroidOf(u.geometry);
        places.set(u.code, { code: u.code, kind: 'unit', name: u.name, lon, lat });
      }
      for (const s of r.schools) places.set(s.code, { code: s.code, kind: 'school', name: s.name, lon: s.lon, lat: s.lat });
      return { cost: travelCostFor(r.roads), places };
    });
    // A failed build (database gone) must not be served from the cache forever.
    void built.catch(() => this.cache.delete(key));
    return built;
  }

  /**
   * Minutes and km from a unit or school to a school.
   * @example await travel.travel({ dataset: 'quzhou', from: '330824101201', to: '330824P001' })
   */
  async travel(input: unknown): Promise<TravelAnswer> {
    const parsed = travelQuerySchema.safeParse(input);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    const q = parsed.data;
    const versionId = await this.layers.resolveVersion(q.dataset, q.version);
    const { cost, places } = await this.forVersion(versionId);
    const from = places.get(q.from);
    const to = places.get(q.to);
    if (!from) throw new NotFoundException(`from: no unit or school "${q.from}" in version ${versionId}`);
    if (!to) throw new NotFoundException(`to: no school "${q.to}" in version ${versionId}`);
    if (to.kind !== 'school') throw new BadRequestException(`to: "${q.to}" is a unit; travel is asked to a school`);
    const route = cost.route(from, to);
    const describe = (p: Place) => {
      const s = cost.snap(p);
      return { ...p, snapM: s ? Math.round(s.distanceM) : null, longSnap: s?.long ?? false };
    };
    return {
      dataset: q.dataset,
      versionId,
      source: cost.source,
      method: cost.label,
      from: describe(from),
      to: describe(to),
      reachable: route !== null,
      minutes: route ? Math.round(route.minutes * 10) / 10 : null,
      km: route ? Math.round(route.km * 100) / 100 : null,
      straightKm: Math.round(haversineKm([from.lon, from.lat], [to.lon, to.lat]) * 100) / 100,
      roadClasses: route?.roadClasses ?? [],
    };
  }
}
