import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { VersionedRowWithBbox } from './columns';

@Entity('catchments')
@Index('ix_catchments_stage', ['versionId', 'stage'])
export class CatchmentEntity extends VersionedRowWithBbox {
  @PrimaryColumn('text') code!: string;
  @Column('text') stage!: string;
  @Column('text', { name: 'school_codes', array: true }) schoolCodes!: string[];
  @Column('text', { name: 'unit_codes', array: true, default: () => "'{}'" }) unitCodes!: string[];
  @Column('jsonb', { nullable: true }) geometry!: unknown;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
