import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DatasetStore } from './dataset-store';
import { centroidOf, haversineKm } from '@app/geo';
import { nearestTargets, TravelCostCache, travelCostFor, type TravelCost } from '@app/routing';
import { LayerQueryService } from './layer-query.service';
import {
  isochroneQuerySchema,
  nearestQuerySchema,
  travelQuerySchema,
  type IsochroneAnswer,
  type NearestAnswer,
  type TravelAnswer,
} from './travel.schema';

interface Place {
  code: string;
  kind: 'unit' | 'school';
  name: string;
  lon: number;
  lat: number;
  /** Schools: the stages taught and whether the record is open (closed and planned schools take no pupils today). */
  stages?: string[];
  open?: boolean;
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
      for (const s of r.schools)
        places.set(s.code, {
          code: s.code,
          kind: 'school',
          name: s.name,
          lon: s.lon,
          lat: s.lat,
          stages: s.stages,
          open: s.status === 'open',
        });
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
    if (!parsed.success)
      throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
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

  /**
   * Every unit's nearest open school of a stage, in minutes and km (the map's "travel time to the nearest school").
   * @example (await travel.nearest({ dataset: 'toy', stage: 'primary' })).units[0]
   * // { code: '339901001001', school: '339901P001', minutes: 4.2, km: 2.1 }
   */
  async nearest(input: unknown): Promise<NearestAnswer> {
    const q = parse(nearestQuerySchema, input);
    const versionId = await this.layers.resolveVersion(q.dataset, q.version);
    const { cost, places } = await this.forVersion(versionId);
    const all = [...places.values()];
    const units = all.filter((p) => p.kind === 'unit');
    const schools = all.filter((p) => p.kind === 'school' && p.open && (p.stages ?? []).includes(q.stage));
    const best = nearestTargets(cost.matrix(units, schools, { maxMinutes: q.maxMinutes }), units.length);
    return {
      dataset: q.dataset,
      versionId,
      source: cost.source,
      method: cost.label,
      stage: q.stage,
      maxMinutes: q.maxMinutes,
      schools: schools.length,
      units: units.map((u, i) => {
        const b = best[i];
        return {
          code: u.code,
          school: b ? schools[b.target].code : null,
          minutes: b ? round1(b.minutes) : null,
          km: b ? round2(b.km) : null,
        };
      }),
    };
  }

  /**
   * Minutes from every unit within `maxMinutes` to one school (unit to school, the way pupils travel): the map's
   * isochrone for a selected school.
   * @example (await travel.isochrone({ dataset: 'toy', school: '339901P002', maxMinutes: 30 })).units.length // 4
   */
  async isochrone(input: unknown): Promise<IsochroneAnswer> {
    const q = parse(isochroneQuerySchema, input);
    const versionId = await this.layers.resolveVersion(q.dataset, q.version);
    const { cost, places } = await this.forVersion(versionId);
    const school = places.get(q.school);
    if (!school || school.kind !== 'school') throw new NotFoundException(`school: no school "${q.school}" in version ${versionId}`);
    const units = [...places.values()].filter((p) => p.kind === 'unit');
    const pairs = cost.matrix(units, [school], { maxMinutes: q.maxMinutes });
    return {
      dataset: q.dataset,
      versionId,
      source: cost.source,
      method: cost.label,
      school: school.code,
      maxMinutes: q.maxMinutes,
      units: pairs
        .map((p) => ({ code: units[p.origin].code, minutes: round1(p.minutes), km: round2(p.km) }))
        .sort((a, b) => a.minutes - b.minutes || a.code.localeCompare(b.code)),
    };
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

function parse<T>(
  schema: {
    safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new BadRequestException(r.error.issues.map((i) => `${i.path.map(String).join('.') || 'query'}: ${i.message}`).join('; '));
  return r.data;
}
