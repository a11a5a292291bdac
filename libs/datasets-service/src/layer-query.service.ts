import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { DatasetStore } from './dataset-store';
import { LAYER_TABLES, recordsFromRows } from './record-mapping';
import type { Layer } from '@app/domain';

export type MapLayer = Exclude<Layer, 'population' | 'births'>;
export const MAP_LAYERS: MapLayer[] = ['areas', 'districts', 'schools', 'catchments', 'units', 'housing', 'roads'];

export interface LayerQuery {
  dataset: string;
  version?: number;
  bbox?: [number, number, number, number];
  level?: string;
  stage?: string;
  county?: string;
  status?: string;
  limit: number;
  offset: number;
}

export interface PagedFeatureCollection extends FeatureCollection {
  versionId: number;
  numberMatched: number;
  numberReturned: number;
  offset: number;
  limit: number;
}

/** Parses "minLon,minLat,maxLon,maxLat", naming the problem when it is not one. */
export function parseBbox(text: string | undefined): [number, number, number, number] | undefined {
  if (text === undefined || text === '') return undefined;
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[0] > parts[2] || parts[1] > parts[3]) {
    throw new BadRequestException(`bbox must be "minLon,minLat,maxLon,maxLat" in WGS-84 degrees, got "${text}"`);
  }
  return parts as [number, number, number, number];
}

/** Serves each stored layer of a version as a paged GeoJSON FeatureCollection, filtered by bbox and attributes. */
@Injectable()
export class LayerQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
  ) {}

  /** The version a query means: the given id (checked to belong to the dataset) or the dataset's latest. */
  async resolveVersion(dataset: string, version?: number): Promise<number> {
    if (version !== undefined) {
      const v = await this.store.version(version);
      if (!v) throw new NotFoundException(`dataset version ${version} does not exist`);
      return v.id;
    }
    const latest = await this.store.latestVersion(dataset);
    if (!latest) throw new NotFoundException(`dataset "${dataset}" has no versions yet: import data first`);
    return latest.id;
  }

  async layer(layer: MapLayer, q: LayerQuery): Promise<PagedFeatureCollection> {
    const versionId = await this.resolveVersion(q.dataset, q.version);
    const entity = LAYER_TABLES[layer].entity;
    const qb = this.ds.getRepository(entity).createQueryBuilder('t').where('t.version_id = :versionId', { versionId });
    this.applyFilters(layer, qb, q);
    const meta = this.ds.getMetadata(entity);
    for (const c of meta.primaryColumns) qb.addOrderBy(`t.${c.databaseName}`, 'ASC');
    const [rows, total] = await qb.skip(q.offset).take(q.limit).getManyAndCount();
    const features = recordsFromRows(layer, rows).map((record) => toFeature(layer, record));
    return {
      type: 'FeatureCollection',
      features,
      versionId,
      numberMatched: total,
      numberReturned: features.length,
      offset: q.offset,
      limit: q.limit,
    };
  }

  private applyFilters(layer: MapLayer, qb: SelectQueryBuilder<object>, q: LayerQuery): void {
    if (q.bbox) {
      const [minLon, minLat, maxLon, maxLat] = q.bbox;
      const p = { minLon, minLat, maxLon, maxLat };
      // Roads, like areas, keep a bbox per feature: a road is returned when its bbox meets the query's.
      if (layer === 'schools' || layer === 'housing')
        qb.andWhere('t.lon BETWEEN :minLon AND :maxLon AND t.lat BETWEEN :minLat AND :maxLat', p);
      else qb.andWhere('t.max_lon >= :minLon AND t.min_lon <= :maxLon AND t.max_lat >= :minLat AND t.min_lat <= :maxLat', p);
    }
    if (q.level) {
      if (layer !== 'areas') throw new BadRequestException('level filters the areas layer only');
      qb.andWhere('t.level = :level', { level: q.level });
    }
    if (q.stage) {
      if (layer === 'schools') qb.andWhere(':stage = ANY(t.stages)', { stage: q.stage });
      else if (layer === 'catchments') qb.andWhere('t.stage = :stage', { stage: q.stage });
      else throw new BadRequestException('stage filters the schools and catchments layers only');
    }
    if (q.county) {
      if (layer === 'schools' || layer === 'units') qb.andWhere('t.county_code = :county', { county: q.county });
      else if (layer === 'areas') qb.andWhere('(t.code = :county OR left(t.code, 6) = :county)', { county: q.county });
      else if (layer === 'housing') qb.andWhere('left(t.township_code, 6) = :county', { county: q.county });
      else throw new BadRequestException('county filters the areas, schools, units and housing layers only');
    }
    if (q.status) {
      if (layer !== 'schools') throw new BadRequestException('status filters the schools layer only');
      qb.andWhere('t.status = :status', { status: q.status });
    }
  }
}

/** A record as a GeoJSON Feature: its geometry (or lon/lat point) and every other field as properties. */
function toFeature(layer: MapLayer, r: object): Feature {
  const record: Record<string, unknown> = { ...r };
  const { geometry, ...props } = record;
  let g = (geometry as Geometry | null | undefined) ?? null;
  if (!g && typeof record.lon === 'number' && typeof record.lat === 'number') g = { type: 'Point', coordinates: [record.lon, record.lat] };
  return { type: 'Feature', id: String(record.code ?? ''), geometry: g as Geometry, properties: { layer, ...props } };
}
