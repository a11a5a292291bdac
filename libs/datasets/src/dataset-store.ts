import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LAYERS, emptyRecords, type DatasetRecords, type Layer } from '@app/domain';
import { DatasetEntity, DatasetVersionEntity } from '@app/database';
import { LAYER_TABLES } from './record-mapping';

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

  /** Every layer's records of a version. */
  async loadRecords(versionId: number, layers: readonly Layer[] = LAYERS): Promise<DatasetRecords> {
    const out = emptyRecords();
    for (const layer of layers) {
      const t = LAYER_TABLES[layer];
      const meta = this.ds.getMetadata(t.entity);
      const order = Object.fromEntries(meta.primaryColumns.map((c) => [c.propertyName, 'ASC']));
      const rows = await this.ds.getRepository(t.entity).find({ where: { versionId } as never, order: order as never });
      (out[layer] as unknown[]) = rows.map((r) => t.fromRow(r as never));
    }
    return out;
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
        const rows = (v.records[layer] as unknown[]).map((r) => ({ ...t.toRow(r as never), versionId: version.id }));
        for (let i = 0; i < rows.length; i += CHUNK) {
          await em.createQueryBuilder().insert().into(t.entity).values(rows.slice(i, i + CHUNK)).execute();
        }
      }
      return version;
    });
  }
}
