import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LAYERS, emptyRecords, type DatasetRecords, type Layer } from '@app/domain';
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
   * Layers already read, per version. A version's rows are written once, in the transaction that creates it, and
   * never updated, so a layer read once is the layer: a scenario run reads its version's records in each of its
   * steps, and the typeorm mapping of 33,000 population rows was a second each time. Keyed by the version's id and
   * creation time, so a database restored or recreated under the same ids is not mistaken for the cached one.
   */
  private readonly cache = new Map<string, Partial<LayerRecords>>();

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
    if (key !== null) {
      // Most recently used last; two versions kept (the latest and the one being compared or imported onto).
      this.cache.delete(key);
      this.cache.set(key, cached);
      while (this.cache.size > RECORD_CACHE_VERSIONS) this.cache.delete(this.cache.keys().next().value as string);
    }
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
            `INSERT INTO "${meta.tableName}" ("version_id", ${cols.join(', ')}) SELECT $1, ${cols.join(', ')} FROM "${meta.tableName}" WHERE version_id = $2`,
            [version.id, parent.id],
          );
          continue;
        }
        const rows = layerRows(v.records, layer, version.id);
        for (let i = 0; i < rows.length; i += CHUNK) {
          await em.createQueryBuilder().insert().into(t.entity).values(rows.slice(i, i + CHUNK)).execute();
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
