import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { VersionedRowWithBbox } from './columns';

@Entity('areas')
@Index('ix_areas_level', ['versionId', 'level'])
@Index('ix_areas_parent', ['versionId', 'parentCode'])
export class AreaEntity extends VersionedRowWithBbox {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text') level!: string;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode!: string | null;
  @Column('text', { nullable: true }) settlement!: string | null;
  @Column('jsonb') geometry!: unknown;
  @Column('double precision', { name: 'area_km2', default: 0 }) areaKm2!: number;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
