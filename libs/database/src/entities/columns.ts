import { Column, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';

/** A row of one dataset version: every layer table is keyed by its version first and goes with it. */
export abstract class VersionedRow {
  @PrimaryColumn('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
}

/** Bounding box columns kept beside every stored geometry for coarse bbox filtering (no PostGIS). */
export abstract class VersionedRowWithBbox extends VersionedRow {
  @Column('double precision', { name: 'min_lon', nullable: true }) minLon!: number | null;
  @Column('double precision', { name: 'min_lat', nullable: true }) minLat!: number | null;
  @Column('double precision', { name: 'max_lon', nullable: true }) maxLon!: number | null;
  @Column('double precision', { name: 'max_lat', nullable: true }) maxLat!: number | null;
}
