import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LAYERS, RecentMap, emptyRecords, type DatasetRecords, type Layer } from '@app/domain';
import { DatasetEntity, DatasetVersionEntity } from '@app/database';
import { LAYER_TABLES, recordsFromRows, type LayerRecord, type LayerTable } from './record-mapping';

/** A version's records, layer by layer (the shape of DatasetRecords, indexable by a generic layer). */
type LayerRecords = { [L in Layer]: LayerRecord[L][] };

export interface NewVersion {
  dataset: string;
  label: string;
  files: unknown;
  summary: unknown;
  createdBy: string | null;
  /** Layers whose rows are written from `records`; the others are copied from the parent version in SQL. */
  touched: Set<Layer>;
  records: DatasetRecords;
  /**
   * The version the records were merged onto and checked against (null: the dataset had none). When another
   * import committed meanwhile, the write is refused with {@link ParentChanged} instead of dropping its rows.
   */
  expectedParentId: number | null;
}

/** Another import committed a version after this one read its parent: merge and check again on the new parent. */
export class ParentChanged extends Error {
  constructor(
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(`the dataset's latest version changed from ${expected ?? 'none'} to ${actual ?? 'none'} during the import`);
  }
}

const CHUNK = 500;

/** A population unit's keys without its geometry (see DatasetStore.unitIndex). */
export interface UnitIndexRow {
  code: string;
  townshipCode: string;
  countyCode: string;
  lon: number;
  lat: number;
}

/** A code in one dataset version. */
export interface VersionCode {
  versionId: number;
  code: string;
}

/** How many versions' records `loadRecords` keeps in memory. */
const RECORD_CACHE_VERSIONS = 2;

/** Reads and writes dataset versions. A version is written in one transaction or not at all. */
@Injectable()
export class DatasetStore {
  constructor(private readonly ds: DataSource) {}

  async latestVersion(dataset: string, em: EntityManager = this.ds.manager): Promise<DatasetVersionEntity | null> {
    return em
      .createQueryBuilder(DatasetVersionEntity, 'v')
      .innerJoin(DatasetEntity, 'd', 'd.id = v.dataset_id')
      .where('d.name = :dataset', { dataset })
      .orderBy('v.number', 'DESC')
      .limit(1)
      .getOne();
  }

  async version(id: number): Promise<DatasetVersionEntity | null> {
    return this.ds.getRepository(DatasetVersionEntity).findOneBy({ id });
  }

  async listVersions(dataset?: string): Promise<(DatasetVersionEntity & { datasetName: string })[]> {
    const qb = this.ds
      .createQueryBuilder(DatasetVersionEntity, 'v')
      .innerJoin(DatasetEntity, 'd', 'd.id = v.dataset_id')
      .addSelect('d.name', 'dataset_name')
      .orderBy('v.id', 'ASC');
    if (dataset) qb.where('d.name = :dataset', { dataset });
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((e, i) => Object.assign(e, { datasetName: (raw[i] as { dataset_name: string }).dataset_name }));
  }

  /**
   * Every dataset's name, in order.
   * @example await store.datasetNames() // ['quzhou', 'toy']
   */
  async datasetNames(): Promise<string[]> {
    return ((await this.ds.query('SELECT name FROM datasets ORDER BY name')) as { name: string }[]).map((r) => r.name);
  }

  /**
   * The names of the `limit` most recently created datasets that have at least one version, newest first (what the
   * read-cache warm-up asks the map's first requests for).
   * @example await store.recentDatasetsWithVersions(4) // ['toy', 'quzhou']
   */
  async recentDatasetsWithVersions(limit: number): Promise<string[]> {
    const rows = (await this.ds.query(
      'SELECT d.name FROM datasets d WHERE EXISTS (SELECT 1 FROM dataset_versions v WHERE v.dataset_id = d.id) ORDER BY d.id DESC LIMIT $1',
      [limit],
    )) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /**
   * The latest year of a version's age counts (the base year a projection starts from), or null without counts.
   * @example await store.latestCountYear(3) // 2024
   */
  async latestCountYear(versionId: number): Promise<number | null> {
    const [row] = (await this.ds.query('SELECT max(year) AS y FROM population_counts WHERE version_id = $1', [versionId])) as {
      y: number | null;
    }[];
    return row?.y ?? null;
  }

  /**
   * A version's population units without their geometry: code, township, county and representative point (what
   * aggregations key on; loading the polygons of 1,848 units to read their codes would be wasted).
   * @example (await store.unitIndex(3))[0] // { code: '330802001001', townshipCode: '330802001', countyCode:
   * '330802', lon: 118.87, lat: 28.94 }
   */
  async unitIndex(versionId: number): Promise<UnitIndexRow[]> {
    return (await this.ds.query(
      'SELECT code, township_code AS "townshipCode", county_code AS "countyCode", lon, lat FROM population_units WHERE version_id = $1',
      [versionId],
    )) as UnitIndexRow[];
  }

  /**
   * A version's catchments as unit lists (no geometry).
   * @example (await store.catchmentUnits(3))[0] // { code: 'C-330802-P01', stage: 'primary', unitCodes: ['330802001001', '330802001002'] }
   */
  async catchmentUnits(versionId: number): Promise<{ code: string; stage: string; unitCodes: string[] }[]> {
    return (await this.ds.query('SELECT code, stage, unit_codes AS "unitCodes" FROM catchments WHERE version_id = $1', [versionId])) as {
      code: string;
      stage: string;
      unitCodes: string[];
    }[];
  }

  /**
   * Per version, the codes of the catchments that list `school` (the catchments an alert about the school concerns).
   * @example await store.catchmentsOfSchool([3, 4], '330802P001') // [{ versionId: 3, code: 'C-330802-P01' }, {
   * versionId: 4, code: 'C-330802-P01' }]
   */
  async catchmentsOfSchool(versionIds: readonly number[], school: string): Promise<VersionCode[]> {
    return (await this.ds.query(
      'SELECT version_id AS "versionId", code FROM catchments WHERE version_id = ANY($1::int[]) AND $2 = ANY(school_codes)',
      [versionIds, school],
    )) as VersionCode[];
  }

  /**
   * Per version, the codes of a county's schools and of the catchments listing one of them: the school-based part of
   * "in this county" for subjects whose code does not start with the county's.
   * @example await store.countySchoolSubjects([3], '330824') // [{ versionId: 3, code: '330824P001' }, { versionId:
   * 3, code: 'C-330824-P01' }, …]
   */
  async countySchoolSubjects(versionIds: readonly number[], county: string): Promise<VersionCode[]> {
    return (await this.ds.query(
      `SELECT s.version_id AS "versionId", s.code FROM schools s WHERE s.version_id = ANY($1::int[]) AND s.county_code = $2
       UNION
       SELECT c.version_id, c.code FROM catchments c WHERE c.version_id = ANY($1::int[])
         AND EXISTS (SELECT 1 FROM schools s WHERE s.version_id = c.version_id AND s.county_code = $2 AND s.code = ANY(c.school_codes))`,
      [versionIds, county],
    )) as VersionCode[];
  }

  /**
   * Ids of the scenario runs whose plan a version adopted (its summary's `adoptedFrom.runId`); `em` to read inside a
   * caller's transaction.
   * @example await store.adoptedRunIds() // [12]
   */
  async adoptedRunIds(em: EntityManager = this.ds.manager): Promise<number[]> {
    const rows = (await em.query(
      `SELECT DISTINCT (summary->'adoptedFrom'->>'runId')::int AS id FROM dataset_versions WHERE
        summary->'adoptedFrom'->>'runId' IS NOT NULL`,
    )) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /**
   * Layers already read, per version. A version's rows are written once, in the transaction that creates it, and
   * never updated, so a layer read once is the layer: a scenario run reads its version's records in each of its
   * steps, and the typeorm mapping of 33,000 population rows was a second each time. Keyed by the version's id and
   * creation time, so a database restored or recreated under the same ids is not mistaken for the cached one.
   */
  private readonly cache = new RecentMap<string, Partial<LayerRecords>>(RECORD_CACHE_VERSIONS);

  /**
   * Every layer's records of a version (or the layers named), in primary-key order. The records are shared with
   * other callers (read them, never mutate them); each call gets its own arrays.
   * @example const { schools, catchments } = await store.loadRecords(3, ['schools', 'catchments']);
   */
  async loadRecords(versionId: number, layers: readonly Layer[] = LAYERS): Promise<DatasetRecords> {
    const out: LayerRecords = emptyRecords();
    const created = (await this.ds.query('SELECT created_at FROM dataset_versions WHERE id = $1', [versionId])) as { created_at: Date }[];
    // No committed version (none, or its import has not committed yet): nothing to cache, read as before.
    const key = created.length > 0 ? `${versionId}@${created[0].created_at.getTime()}` : null;
    const cached = key === null ? {} : (this.cache.get(key) ?? {});
    for (const layer of layers) await this.loadLayer(out, cached, layer, versionId);
    // Two versions kept: the latest and the one being compared or imported onto.
    if (key !== null) this.cache.set(key, cached);
    return out;
  }

  /** One layer's records of a version, in primary-key order, into `out` (from `cached` when read before). */
  private async loadLayer<L extends Layer>(out: LayerRecords, cached: Partial<LayerRecords>, layer: L, versionId: number): Promise<void> {
    // Seen through a mapped type over L, the entries for this layer have this layer's record type.
    const of: { [P in L]: LayerRecord[P][] } = out;
    const from: { [P in L]?: LayerRecord[P][] } = cached;
    let rows = from[layer];
    if (!rows) {
      const t: LayerTable<L> = LAYER_TABLES[layer];
      const qb = this.ds.getRepository(t.entity).createQueryBuilder('t').where('t.version_id = :versionId', { versionId });
      for (const c of this.ds.getMetadata(t.entity).primaryColumns) qb.addOrderBy(`t.${c.propertyName}`, 'ASC');
      rows = recordsFromRows(layer, await qb.getMany());
      from[layer] = rows;
    }
    of[layer] = rows.slice();
  }

  /**
   * Writes a new version in one transaction. The dataset row is locked so concurrent imports number their versions
   * one after the other, and the parent is checked under that lock so no import commits a merge made on a stale one.
   */
  async writeVersion(v: NewVersion): Promise<DatasetVersionEntity> {
    return this.ds.transaction(async (em) => {
      await em.query('INSERT INTO datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [v.dataset]);
      const [{ id: datasetId }] = (await em.query('SELECT id FROM datasets WHERE name = $1 FOR UPDATE', [v.dataset])) as { id: number }[];
      const parent = await this.latestVersion(v.dataset, em);
      if ((parent?.id ?? null) !== v.expectedParentId) throw new ParentChanged(v.expectedParentId, parent?.id ?? null);
      const counts = Object.fromEntries(LAYERS.map((l) => [l, v.records[l].length]));
      const version = await em.getRepository(DatasetVersionEntity).save({
        datasetId,
        number: (parent?.number ?? 0) + 1,
        parentVersionId: parent?.id ?? null,
        label: v.label,
        files: v.files,
        summary: v.summary,
        counts,
        createdBy: v.createdBy,
      });
      for (const layer of LAYERS) {
        const t = LAYER_TABLES[layer];
        const meta = em.connection.getMetadata(t.entity);
        if (parent && !v.touched.has(layer)) {
          const cols = meta.columns.map((c) => `"${c.databaseName}"`).filter((c) => c !== '"version_id"');
          await em.query(
            `INSERT INTO "${meta.tableName}" ("version_id", ${cols.join(', ')}) SELECT $1, ${cols.join(', ')} FROM ` +
              `"${meta.tableName}" WHERE version_id = $2`,
            [version.id, parent.id],
          );
          continue;
        }
        const rows = layerRows(v.records, layer, version.id);
        for (let i = 0; i < rows.length; i += CHUNK) {
          await em
            .createQueryBuilder()
            .insert()
            .into(t.entity)
            .values(rows.slice(i, i + CHUNK))
            .execute();
        }
      }
      return version;
    });
  }
}

/** The rows of one layer's records for the version `versionId`. */
function layerRows<L extends Layer>(records: LayerRecords, layer: L, versionId: number): Record<string, unknown>[] {
  const t: LayerTable<L> = LAYER_TABLES[layer];
  const of: { [P in L]: LayerRecord[P][] } = records;
  return of[layer].map((r) => ({ ...t.toRow(r), versionId }));
}
